import { Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { JOBS } from '../../shared/jobs';
import { createApp, onlyResource, resourcesOf, type Synthesized, synthesize } from './support';

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
 * The web hosting: CloudFront without a country block, WAF, access logs or a certificate of its own
 * (CFR1-4) and a site bucket without access logs (S1); CDK's BucketDeployment, whose role reads the
 * staged build from the bootstrap's assets bucket and syncs it into the site bucket, and whose copy
 * function runs the runtime CDK pins (L1).
 */
const WEB_DEPLOYMENT_ACKNOWLEDGEMENTS = [
  'AwsSolutions-CFR1',
  'AwsSolutions-CFR2',
  'AwsSolutions-CFR3',
  'AwsSolutions-CFR4',
  'AwsSolutions-S1',
  'AwsSolutions-L1',
  ...['s3:Abort*', 's3:DeleteObject*', 's3:GetBucket*', 's3:GetObject*', 's3:List*'].map(
    (action) => `AwsSolutions-IAM5[Action::${action}]`,
  ),
  'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
  'AwsSolutions-IAM5[Resource::<WebBucket.Arn>/*]',
];

/** Logical ids end in a hash; the expected list names the construct without it. */
const withoutHash = (id: string): string =>
  id.replace(/<(\w+?Function|WebBucket)[0-9A-F]{8}\.Arn>/, '<$1.Arn>');

const EXPECTED_ACKNOWLEDGED_RULES = {
  dev: [
    'AwsSolutions-APIG4',
    'AwsSolutions-COG2',
    'AwsSolutions-COG8',
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
    'AwsSolutions-IAM5[Resource::*]',
    ...JOB_SCHEDULER_ACKNOWLEDGEMENTS,
    'AwsSolutions-SMG4',
    // The stream projector's dead-letter queue is itself a dead-letter queue.
    'AwsSolutions-SQS3',
    ...WEB_DEPLOYMENT_ACKNOWLEDGEMENTS,
  ],
  prod: [
    'AwsSolutions-APIG4',
    'AwsSolutions-COG2',
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
    'AwsSolutions-IAM5[Resource::*]',
    ...JOB_SCHEDULER_ACKNOWLEDGEMENTS,
    'AwsSolutions-SMG4',
    // The stream projector's dead-letter queue is itself a dead-letter queue.
    'AwsSolutions-SQS3',
    ...WEB_DEPLOYMENT_ACKNOWLEDGEMENTS,
  ],
};

const stages: Record<'dev' | 'prod', Synthesized> = {} as Record<'dev' | 'prod', Synthesized>;

beforeAll(() => {
  stages.dev = synthesize('dev', { cloudFormationValidation: true });
  stages.prod = synthesize('prod', { cloudFormationValidation: true });
});

describe.each(['dev', 'prod'] as const)('cdk-nag AwsSolutions, stage %s', (stage) => {
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
});

describe('prod', () => {
  it('synthesizes: Plus plan with threat protection, stateful stack termination-protected', () => {
    const { prod } = stages;
    expect(prod.stacks.stateful.terminationProtection).toBe(true);
    expect(stages.dev.stacks.stateful.terminationProtection).toBe(false);
    prod.stateless.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
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

  it('without extra web origins: no CORS, and hosted sign-in redirects only to its own site', () => {
    const { prod } = stages;
    expect(prod.settings.webOrigins).toEqual([]);
    const api = onlyResource(prod.stateless, 'AWS::ApiGatewayV2::Api');
    expect(api.Properties).not.toHaveProperty('CorsConfiguration');
    const [distributionId] = Object.keys(resourcesOf(prod.stateless, 'AWS::CloudFront::Distribution'));
    const site = { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }, '/']] };
    prod.stateless.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlowsUserPoolClient: true,
      CallbackURLs: [site],
      LogoutURLs: [site],
    });
    prod.stateless.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
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
