import * as path from 'node:path';

/**
 * Module replacements for every Lambda bundle: the SDK's default credential chain becomes the
 * environment provider Lambda's credentials come from (shared/platform/lambda-credentials.ts).
 * bench/cold-start.ts and the bundle test build with the same aliases, so it measures what is deployed.
 */
export function lambdaBundleAliases(projectRoot: string): Record<string, string> {
  return {
    '@aws-sdk/credential-provider-node': path.join(projectRoot, 'shared/platform/lambda-credentials.ts'),
  };
}

/**
 * ESM bundles have no `require`; bundled CommonJS dependencies (parts of the AWS SDK) may still
 * call it. The alias keeps the shim's names clear of the bundle's own.
 */
export const ESM_REQUIRE_SHIM =
  "import { createRequire as aixinCreateRequire } from 'node:module'; const require = aixinCreateRequire(import.meta.url);";

/**
 * The one set of esbuild choices for a Lambda bundle. infra/constructs/api-function.ts passes them
 * through NodejsFunction; the cold-start bench and the bundle test call esbuild with them.
 */
export const LAMBDA_BUNDLE = {
  format: 'esm' as const,
  minify: true,
  mainFields: ['module', 'main'],
  banner: ESM_REQUIRE_SHIM,
  /** The Lambda runtime's Node (NODEJS_24_X). */
  target: 'node24',
} as const;

/**
 * The Node this machine runs, for bundles that are loaded here (Lambda runs LAMBDA_BUNDLE.target):
 * the only difference between a deployed bundle and one the bench or the bundle test loads.
 */
export const LOCAL_NODE_TARGET = `node${process.versions.node.split('.')[0]}`;

/** LAMBDA_BUNDLE as esbuild's own options, for code that calls esbuild itself. */
export function lambdaEsbuildOptions(
  projectRoot: string,
  options: { aliases?: boolean; target?: string } = {},
) {
  return {
    bundle: true,
    minify: LAMBDA_BUNDLE.minify,
    format: LAMBDA_BUNDLE.format,
    platform: 'node' as const,
    target: options.target ?? LAMBDA_BUNDLE.target,
    mainFields: [...LAMBDA_BUNDLE.mainFields],
    banner: { js: LAMBDA_BUNDLE.banner },
    ...(options.aliases === false ? {} : { alias: lambdaBundleAliases(projectRoot) }),
    absWorkingDir: projectRoot,
  };
}
