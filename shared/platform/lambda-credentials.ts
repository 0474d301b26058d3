/**
 * The credential provider Lambda bundles use in place of the AWS SDK's default chain (see
 * `LAMBDA_BUNDLE_ALIASES` in infra/constructs/api-function.ts, which points esbuild's alias for
 * `@aws-sdk/credential-provider-node` here).
 *
 * Lambda hands every function its execution role's credentials in the environment
 * (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), and the default chain reads the
 * environment first, so inside Lambda the two answer the same credentials. The rest of the chain
 * (SSO, profiles, web identity, the metadata services, and the STS/SSO clients they need) is never
 * reached there, yet it was about 130 KB of every bundle and of every cold start's module loading
 * (bench/README.md, "Cold start"). Local runs and tests do not use bundles: they keep the default
 * chain, and DynamoDB Local gets fixed credentials (shared/platform/dynamo/client.ts).
 */
export { fromEnv as defaultProvider } from '@aws-sdk/credential-provider-env';
