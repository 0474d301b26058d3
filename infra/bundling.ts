import * as path from 'node:path';

/**
 * Module replacements for every Lambda bundle: the SDK's default credential chain becomes the
 * environment provider Lambda's credentials come from (shared/adapters/lambda-credentials.ts).
 * bench/cold-start.ts and the bundle test build with the same aliases, so it measures what is deployed.
 */
export function lambdaBundleAliases(projectRoot: string): Record<string, string> {
  return {
    '@aws-sdk/credential-provider-node': path.join(projectRoot, 'shared/adapters/lambda-credentials.ts'),
  };
}

/**
 * ESM bundles have no `require`; bundled CommonJS dependencies (parts of the AWS SDK) may still
 * call it. The alias keeps the shim's names clear of the bundle's own.
 */
export const ESM_REQUIRE_SHIM =
  "import { createRequire as aixinCreateRequire } from 'node:module'; const require = aixinCreateRequire(import.meta.url);";

/**
 * esbuild's options for a Lambda bundle as the CDK app builds it (infra/constructs/api-function.ts
 * passes the same choices through NodejsFunction), for code that calls esbuild itself: the cold-start
 * bench and the bundle test. `target` is node20 so the bundle also loads on this machine's Node.
 */
export function lambdaEsbuildOptions(projectRoot: string, options: { aliases?: boolean } = {}) {
  return {
    bundle: true,
    minify: true,
    format: 'esm' as const,
    platform: 'node' as const,
    target: 'node20',
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_SHIM },
    ...(options.aliases === false ? {} : { alias: lambdaBundleAliases(projectRoot) }),
    absWorkingDir: projectRoot,
  };
}
