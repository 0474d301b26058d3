import { App } from 'aws-cdk-lib';
import { buildApp } from './build-app';
import { resolveStage } from './stages';
import { resolveTarget } from './target';

/**
 * `cdk synth -c stage=dev|prod` (dev by default), optionally `-c webOrigins=https://...` and
 * `-c alarmEmail=ops@example.cn` and `-c county=皋兰县` (the name printed at the foot of sheets). The target (infra/target.ts): `-c region=cn-northwest-1` binds the
 * stacks to a region, whose partition decides what the stacks may use (the China regions: no X-Ray,
 * no Origin Access Control, and `-c webDomain=... -c iamCertificateId=...` required); without it the
 * region of the CLI's credentials (CDK_DEFAULT_REGION) is used, and without either the stacks are
 * environment-agnostic, so synthesis works offline.
 */
const app = new App();
const settings = resolveStage(
  app.node.tryGetContext('stage'),
  app.node.tryGetContext('webOrigins'),
  app.node.tryGetContext('alarmEmail'),
  app.node.tryGetContext('county'),
  app.node.tryGetContext('certificatePrefix'),
  {
    tracing: app.node.tryGetContext('tracing'),
    dashboard: app.node.tryGetContext('dashboard'),
    customerKeys: app.node.tryGetContext('customerKeys'),
  },
);
const target = resolveTarget(
  {
    region: app.node.tryGetContext('region'),
    webDomain: app.node.tryGetContext('webDomain'),
    certificateArn: app.node.tryGetContext('certificateArn'),
    iamCertificateId: app.node.tryGetContext('iamCertificateId'),
  },
  process.env,
);

buildApp(app, settings, { target });
app.synth();
