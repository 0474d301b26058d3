import { type App, Stack } from 'aws-cdk-lib';
import { CfnApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';
import { LOCAL_ORIGIN, PRODUCTION_STAGES, type StageSettings } from './stages';

/**
 * Settings that exist for the local stack only (`npm start`, DynamoDB Local, the local issuer's key file).
 * In AWS they are at best meaningless and at worst a known secret or a way around the KMS-held
 * issuer key, so no deployed function may carry them. Kept in step with shared/platform/config.ts
 * and scripts/.
 */
export const LOCAL_ONLY_VARIABLES = [
  'AIXIN_LOCAL_JWT_SECRET',
  'AIXIN_SIGNING_KEY_FILE',
  'AIXIN_PII_KEY_FILE',
  'AIXIN_SIGNING_SECRET',
  'AIXIN_DATA_DIR',
  'DYNAMODB_ENDPOINT',
  'DYNAMODB_PORT',
] as const;

/** Values that point at a developer's machine or are the local stack's well-known secrets. */
const LOCAL_ONLY_VALUE = /localhost|127\.0\.0\.1|0\.0\.0\.0|local-signing-secret|local-dev-secret/i;

/** Context keys that CDK and cdk.json set themselves (feature flags, bundling, paths). */
const isToolContext = (key: string): boolean =>
  key.startsWith('@aws-cdk') ||
  key.startsWith('aws:cdk:') ||
  key.startsWith('aws-cdk:') ||
  key === 'cli-telemetry';

function functionEnvironmentFindings(root: IConstruct, settings: StageSettings): string[] {
  const findings: string[] = [];
  for (const construct of root.node.findAll()) {
    if (!(construct instanceof CfnFunction)) continue;
    const where = construct.node.path;
    const resolved = Stack.of(construct).resolve(construct.environment) as
      | { variables?: Record<string, unknown> }
      | undefined;
    for (const [name, value] of Object.entries(resolved?.variables ?? {})) {
      if ((LOCAL_ONLY_VARIABLES as readonly string[]).includes(name)) {
        findings.push(`${where}: environment variable ${name} is local-only`);
      }
      // Only literal strings can be local values; tokens resolve to references to real resources.
      if (typeof value === 'string' && LOCAL_ONLY_VALUE.test(value)) {
        findings.push(`${where}: environment variable ${name} points at a local-only value`);
      }
    }
    const stage = resolved?.variables?.STAGE;
    if (stage !== settings.name) {
      findings.push(`${where}: STAGE is ${JSON.stringify(stage)}, not ${JSON.stringify(settings.name)}`);
    }
  }
  return findings;
}

function contextFindings(root: IConstruct): string[] {
  const findings: string[] = [];
  for (const [key, value] of Object.entries(root.node.getAllContext())) {
    if (isToolContext(key)) continue;
    if ((LOCAL_ONLY_VARIABLES as readonly string[]).includes(key.toUpperCase())) {
      findings.push(`context ${key} is a local-only setting`);
    }
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    if (LOCAL_ONLY_VALUE.test(text ?? '')) findings.push(`context ${key} holds a local-only value`);
    if (key.toLowerCase() === 'stage' && value === 'local') findings.push('context stage=local');
  }
  return findings;
}

function originFindings(root: IConstruct, settings: StageSettings): string[] {
  const findings = settings.webOrigins
    .filter((origin) => LOCAL_ORIGIN.test(origin) || !origin.startsWith('https://'))
    .map((origin) => `web origin ${origin} is not a public https origin`);
  // Whatever the settings say, no CORS origin in the templates may be local.
  for (const construct of root.node.findAll()) {
    if (!(construct instanceof CfnApi)) continue;
    const text = JSON.stringify(Stack.of(construct).resolve(construct.corsConfiguration)) ?? '';
    if (/https?:\/\/(localhost|127\.0\.0\.1)/.test(text)) {
      findings.push(`${construct.node.path}: a CORS origin is local`);
    }
  }
  return findings;
}

/** Everything a stage's synthesis refuses; empty when the app may be deployed. */
export function localOnlyFindings(root: IConstruct, settings: StageSettings): string[] {
  const production = PRODUCTION_STAGES.includes(settings.name);
  return [
    // No deployed function, whatever the stage, may run with local-only settings.
    ...functionEnvironmentFindings(root, settings),
    // A production stage also refuses local values in its context and web origins.
    ...(production ? [...contextFindings(root), ...originFindings(root, settings)] : []),
  ];
}

/**
 * Fails synthesis (`cdk synth`, `cdk deploy`) when a local-only setting would be deployed. It runs
 * as a construct validation on the app, so it also sees constructs added after `buildApp`.
 */
export function refuseLocalOnlySettings(app: App, settings: StageSettings): void {
  app.node.addValidation({
    validate: () =>
      localOnlyFindings(app, settings).map((finding) => `Refused for stage ${settings.name}: ${finding}`),
  });
}
