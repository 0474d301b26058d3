import { App } from 'aws-cdk-lib';
import { buildApp } from './build-app';
import { resolveStage } from './stages';

/**
 * `cdk synth -c stage=dev|prod` (dev by default), optionally `-c webOrigins=https://...` and
 * `-c alarmEmail=ops@example.cn`. With CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION
 * set (the CLI sets them when it has credentials) the stacks are bound to that environment;
 * without them they are environment-agnostic, so synthesis works offline.
 */
const app = new App();
const settings = resolveStage(
  app.node.tryGetContext('stage'),
  app.node.tryGetContext('webOrigins'),
  app.node.tryGetContext('alarmEmail'),
);
const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;
const env = account !== undefined || region !== undefined ? { account, region } : undefined;

buildApp(app, settings, { env });
app.synth();
