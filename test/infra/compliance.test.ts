import { Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { JOBS } from '../../shared/jobs';
import { CHINA, createApp, onlyResource, resourcesOf, type Synthesized, synthesize } from './support';

interface Acknowledgement {
  path: string;
  id: string;
  reason: string;
}

/** Every `Validations.of(...).acknowledge(...)` in the app, with the construct it sits on. */
function acknowledgementsIn(root: IConstruct): Acknowledgement[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );
}

/** The AwsSolutions findings as if nothing were acknowledged. */
function findingsIgnoringAcknowledgements(root: IConstruct): { id: string; path: string }[] {
  const pack = new AwsSolutionsChecks();
  // Test-only: switch off cdk-nag's acknowledgement lookup to see what each acknowledgement hides.
  (pack as unknown as { isAcknowledged: () => boolean }).isAcknowledged = () => false;
  return pack.validateScope(root).violations.flatMap((violation) =>
    violation.violatingResources.map((resource) => ({
      id: violation.ruleName,
      path: resource.constructPath ?? '',
    })),
  );
}

/** Acknowledged rule ids, stage by stage: a new acknowledgement must be added here on purpose. */
/** Each job's schedule may invoke its function and that function's versions (ARN and ARN:*). */
const JOB_SCHEDULER_ACKNOWLEDGEMENTS = JOBS.map(
  (job) => `AwsSolutions-IAM5[Resource::<${job.id}Function.Arn>:*]`,
);

/**
 * The web hosting: CloudFront without a country block, WAF or access logs (CFR1-3) and a site
 * bucket without access logs (S1); CDK's BucketDeployment, whose role reads the staged build from
 * the bootstrap's assets bucket (named after the account and region, and in a region-bound stack
 * written out with its partition) and syncs it into the site bucket, and whose copy function runs
 * the runtime CDK pins (L1).
 */
const webDeploymentAcknowledgements = (assetsBucket: string) => [
  'AwsSolutions-CFR1',
  'AwsSolutions-CFR2',
  'AwsSolutions-CFR3',
  'AwsSolutions-S1',
  'AwsSolutions-L1',
  ...['s3:Abort*', 's3:DeleteObject*', 's3:GetBucket*', 's3:GetObject*', 's3:List*'].map(
    (action) => `AwsSolutions-IAM5[Action::${action}]`,
  ),
  `AwsSolutions-IAM5[Resource::${assetsBucket}/*]`,
  'AwsSolutions-IAM5[Resource::<WebBucket.Arn>/*]',
];
const AGNOSTIC_ASSETS_BUCKET =
  'arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>';
const CHINA_ASSETS_BUCKET = 'arn:aws-cn:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-cn-northwest-1';

/** Logical ids end in a hash; the expected list names the construct without it. */
const withoutHash = (id: string): string =>
  id.replace(/<(\w+?Function|WebBucket)[0-9A-F]{8}\.Arn>/, '<$1.Arn>');

const COMMON = [
  'AwsSolutions-APIG4',
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
  ...JOB_SCHEDULER_ACKNOWLEDGEMENTS,
  // The stream projector's dead-letter queue is itself a dead-letter queue.
  'AwsSolutions-SQS3',
];

/** The synthesized apps: global dev and prod (environment-agnostic), and prod in Ningxia. */
type Case = 'dev' | 'prod' | 'prod-china' | 'prod-customer-keys';

const EXPECTED_ACKNOWLEDGED_RULES: Record<Case, string[]> = {
  dev: [
    ...COMMON,
    // X-Ray's two actions support no resource-level permissions.
    'AwsSolutions-IAM5[Resource::*]',
    // The default *.cloudfront.net certificate.
    'AwsSolutions-CFR4',
    ...webDeploymentAcknowledgements(AGNOSTIC_ASSETS_BUCKET),
  ],
  // No X-Ray in prod unless -c tracing=true (nothing on "*").
  prod: [...COMMON, 'AwsSolutions-CFR4', ...webDeploymentAcknowledgements(AGNOSTIC_ASSETS_BUCKET)],
  // No X-Ray (nothing on "*"), the site's own certificate (CFR4 holds), and an Origin Access
  // Identity instead of Origin Access Control (CFR7).
  'prod-china': [...COMMON, 'AwsSolutions-CFR7', ...webDeploymentAcknowledgements(CHINA_ASSETS_BUCKET)],
  // KMS keys of our own change nothing cdk-nag would have to be told.
  'prod-customer-keys': [
    ...COMMON,
    'AwsSolutions-CFR4',
    ...webDeploymentAcknowledgements(AGNOSTIC_ASSETS_BUCKET),
  ],
};

const stages = {} as Record<Case, Synthesized>;

beforeAll(() => {
  stages.dev = synthesize('dev', { cloudFormationValidation: true });
  stages.prod = synthesize('prod', { cloudFormationValidation: true });
  stages['prod-china'] = synthesize('prod', { cloudFormationValidation: true, ...CHINA });
  stages['prod-customer-keys'] = synthesize('prod', { cloudFormationValidation: true, customerKeys: 'true' });
});

describe.each(['dev', 'prod', 'prod-china', 'prod-customer-keys'] as const)(
  'cdk-nag AwsSolutions, stage %s',
  (stage) => {
    it('synthesizes with the pack registered and leaves no unacknowledged error or warning', () => {
      const { violations } = new AwsSolutionsChecks().validateScope(stages[stage].app);
      expect(violations.map((violation) => `${violation.ruleName} ${violation.severity}`)).toEqual([]);
    });

    it('acknowledges only the expected rules, each with a specific written reason', () => {
      const acknowledgements = acknowledgementsIn(stages[stage].app);
      expect([...new Set(acknowledgements.map((entry) => withoutHash(entry.id)))].sort()).toEqual(
        [...EXPECTED_ACKNOWLEDGED_RULES[stage]].sort(),
      );
      for (const { path, id, reason } of acknowledgements) {
        expect(reason.length, `${id} on ${path}`).toBeGreaterThanOrEqual(80);
        expect(reason, `${id} on ${path}`).not.toMatch(/^(todo|tbd|n\/a|ok|fine|suppress)/i);
      }
    });

    it('acknowledges nothing that is not actually found (no stale acknowledgement)', () => {
      const findings = findingsIgnoringAcknowledgements(stages[stage].app);
      for (const { path, id } of acknowledgementsIn(stages[stage].app)) {
        const hidden = findings.filter(
          (finding) => finding.id === id && (finding.path === path || finding.path.startsWith(`${path}/`)),
        );
        expect(hidden.length, `${id} on ${path}`).toBeGreaterThan(0);
      }
    });
  },
);

describe('prod', () => {
  it('synthesizes: stateful stack termination-protected, data retained, stage limits, logs a year', () => {
    const { prod } = stages;
    expect(prod.stacks.stateful.terminationProtection).toBe(true);
    expect(stages['prod-china'].stacks.stateful.terminationProtection).toBe(true);
    expect(stages.dev.stacks.stateful.terminationProtection).toBe(false);
    prod.stateful.allResources('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain' });
    prod.stateless.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: {
        ThrottlingRateLimit: prod.settings.apiThrottle.rateLimitPerSecond,
        ThrottlingBurstLimit: prod.settings.apiThrottle.burstLimit,
      },
    });
    for (const logGroup of Object.values(resourcesOf(prod.stateless, 'AWS::Logs::LogGroup'))) {
      expect(logGroup.Properties?.RetentionInDays).toBe(365);
    }
  });

  it('without extra web origins: no CORS (the pages reach the API on their own origin)', () => {
    for (const synthesized of [stages.prod, stages['prod-china']]) {
      expect(synthesized.settings.webOrigins).toEqual([]);
      const api = onlyResource(synthesized.stateless, 'AWS::ApiGatewayV2::Api');
      expect(api.Properties).not.toHaveProperty('CorsConfiguration');
    }
  });
});

describe('the AwsSolutions plugin is wired into synthesis', () => {
  it('a new, unacknowledged finding fails synthesis', () => {
    // Prepare: the dev app plus a secret nobody acknowledged.
    const { app, stacks } = createApp('dev');
    new Secret(stacks.stateless, 'UnreviewedSecret');
    // Act, Assess
    expect(() => app.synth()).toThrow(/AwsSolutions-SMG4/);
  });
});
