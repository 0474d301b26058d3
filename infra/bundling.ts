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
