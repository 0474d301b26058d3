import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECTOR_ITERATOR_AGE_MAX } from '../../infra/constructs/monitoring';
import { PROJECTOR_STREAM } from '../../infra/constructs/projector';
import {
  type CfnResource,
  constructPath,
  propertyOf,
  resourcesOf,
  type Synthesized,
  synthesize,
} from './support';

const STACK = 'aixin-points-dev-stateless';
const PROJECTOR = `${STACK}/MovementProjector`;

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

let dev: Synthesized;
let keyed: Synthesized;

const actionsOf = (statement: Statement): string[] =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];
const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();

function logicalIdAt(type: string, path: string, synthesized: Synthesized = dev): string {
  const found = Object.entries(resourcesOf(synthesized.stateless, type)).filter(
    ([, resource]) => constructPath(resource) === path,
  );
  expect(found, `${type} at ${path}`).toHaveLength(1);
  return (found[0] as [string, CfnResource])[0];
}

const functionId = () => logicalIdAt('AWS::Lambda::Function', `${PROJECTOR}/Function/Function/Resource`);

function mapping(): CfnResource {
  const mappings = Object.values(resourcesOf(dev.stateless, 'AWS::Lambda::EventSourceMapping'));
  expect(mappings).toHaveLength(1);
  return mappings[0] as CfnResource;
}

/** Every statement of every policy attached to the projector's role. */
function projectorStatements(synthesized: Synthesized = dev): Statement[] {
  const roleId = logicalIdAt('AWS::IAM::Role', `${PROJECTOR}/Function/Role/Resource`, synthesized);
  const role = resourcesOf(synthesized.stateless, 'AWS::IAM::Role')[roleId] as CfnResource;
  expect(role.Properties).not.toHaveProperty('ManagedPolicyArns');
  expect(role.Properties).not.toHaveProperty('Policies');
  return Object.values(resourcesOf(synthesized.stateless, 'AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties?.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap((policy) => propertyOf<{ Statement: Statement[] }>(policy, 'PolicyDocument').Statement);
}

const alarmAt = (id: string): CfnResource =>
  resourcesOf(dev.stateless, 'AWS::CloudWatch::Alarm')[
    logicalIdAt('AWS::CloudWatch::Alarm', `${STACK}/Monitoring/${id}/Resource`)
  ] as CfnResource;

beforeAll(() => {
  dev = synthesize('dev', { dashboard: 'true' });
  keyed = synthesize('dev', { customerKeys: 'true' });
});

describe('the stream projector', () => {
  it('reads the ledger table stream from its start, filtered to movement inserts', () => {
    const properties = mapping().Properties ?? {};

    expect(properties.FunctionName).toEqual({ Ref: functionId() });
    expect(properties.EventSourceArn).toEqual({
      'Fn::ImportValue': expect.stringContaining('LedgerTable'),
    });
    expect(JSON.stringify(properties.EventSourceArn)).toContain('StreamArn');
    expect(properties.StartingPosition).toBe('TRIM_HORIZON');
    expect(properties.FilterCriteria).toEqual({
      Filters: [
        {
          Pattern: JSON.stringify({
            eventName: ['INSERT'],
            dynamodb: { Keys: { sk: { S: [{ prefix: 'MOV#' }] } } },
          }),
        },
      ],
    });
  });

  it('retries a bounded number of times, splitting failing batches, and reports single failed records', () => {
    const properties = mapping().Properties ?? {};

    expect(properties).toMatchObject({
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 5,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: PROJECTOR_STREAM.retryAttempts,
      MaximumRecordAgeInSeconds: PROJECTOR_STREAM.maxRecordAge.toSeconds(),
      ParallelizationFactor: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    expect(PROJECTOR_STREAM.retryAttempts).toBeLessThanOrEqual(10);
    // Well inside the stream's 24 hours, so a record given up on can still be read again.
    expect(PROJECTOR_STREAM.maxRecordAge.toHours()).toBeLessThan(24);
  });

  it('sends records it gives up on to its own TLS-only queue, encrypted by SQS (no key of ours)', () => {
    const queueId = logicalIdAt('AWS::SQS::Queue', `${PROJECTOR}/DeadLetters/Resource`);
    const queue = resourcesOf(dev.stateless, 'AWS::SQS::Queue')[queueId];

    expect(mapping().Properties?.DestinationConfig).toEqual({
      OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } },
    });
    expect(queue?.Properties?.SqsManagedSseEnabled).toBe(true);
    expect(queue?.Properties).not.toHaveProperty('KmsMasterKeyId');
    const queuePolicy = Object.values(resourcesOf(dev.stateless, 'AWS::SQS::QueuePolicy')).find(
      (policy) => JSON.stringify(policy.Properties?.Queues) === JSON.stringify([{ Ref: queueId }]),
    );
    expect(propertyOf<{ Statement: Statement[] }>(queuePolicy, 'PolicyDocument').Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  it('may read that one stream and put and update table items, and nothing else on the table', () => {
    const statements = projectorStatements();
    const dynamo = statements.filter((statement) =>
      actionsOf(statement).some((action) => action.startsWith('dynamodb:')),
    );

    expect(sorted(dynamo.flatMap(actionsOf))).toEqual([
      'dynamodb:DescribeStream',
      'dynamodb:GetRecords',
      'dynamodb:GetShardIterator',
      'dynamodb:ListStreams',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    ]);
    for (const statement of dynamo) {
      const actions = actionsOf(statement);
      const resource = JSON.stringify(statement.Resource);
      if (actions.includes('dynamodb:PutItem')) {
        expect(sorted(actions)).toEqual(['dynamodb:PutItem', 'dynamodb:UpdateItem']);
        expect(resource).toContain('ExportsOutputFnGetAttLedgerTable');
        expect(resource).not.toContain('Stream');
      } else {
        expect(resource).toContain('Stream');
      }
    }
    const all = statements.flatMap(actionsOf);
    for (const forbidden of ['dynamodb:Scan', 'dynamodb:DeleteItem', 'dynamodb:Query', 'dynamodb:GetItem']) {
      expect(all).not.toContain(forbidden);
    }
    for (const action of all) expect(action).not.toContain('*');
  });

  it('needs no key by default, uses the customer-managed table key (with customerKeys) through DynamoDB and to decrypt stream records only, and sends only to its queue', () => {
    expect(
      sorted(
        projectorStatements()
          .flatMap(actionsOf)
          .map((action) => action.split(':')[0] ?? ''),
      ),
    ).toEqual(['dynamodb', 'logs', 'sqs', 'xray']);
    const statements = projectorStatements(keyed);
    const kms = statements.filter((statement) =>
      actionsOf(statement).some((action) => action.startsWith('kms:')),
    );
    const unconditioned = kms.filter((statement) => statement.Condition === undefined);
    const services = kms
      .filter((statement) => statement.Condition !== undefined)
      .map((statement) => JSON.stringify(statement.Condition?.StringEquals?.['kms:ViaService']));

    // Stream records: kms:Decrypt alone, on the table's key alone.
    expect(unconditioned.map(actionsOf)).toEqual([['kms:Decrypt']]);
    expect(JSON.stringify(unconditioned[0]?.Resource)).toContain('PersonalDataKey');
    expect(services).toHaveLength(1);
    expect(services.filter((service) => service.includes('dynamodb.'))).toHaveLength(1);
    const sqs = statements.filter((statement) =>
      actionsOf(statement).some((action) => action.startsWith('sqs:')),
    );
    const queueId = logicalIdAt('AWS::SQS::Queue', `${PROJECTOR}/DeadLetters/Resource`, keyed);
    expect(sqs).toEqual([
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': [queueId, 'Arn'] } },
    ]);
    const serviceNames = sorted(statements.flatMap(actionsOf).map((action) => action.split(':')[0] ?? ''));
    expect(serviceNames).toEqual(['dynamodb', 'kms', 'logs', 'sqs', 'xray']);
  });

  it('raises alarms on falling behind and on any dead letter (its errors are in the account-wide Lambda alarm)', () => {
    const age = alarmAt('ProjectorIteratorAge');
    const deadLetters = alarmAt('ProjectorDeadLetters');

    expect(age.Properties?.Threshold).toBe(PROJECTOR_ITERATOR_AGE_MAX.toMilliseconds());
    expect(propertyOf<{ MetricStat?: unknown }[]>(age, 'Metrics')).toEqual([
      expect.objectContaining({
        MetricStat: {
          Metric: {
            MetricName: 'IteratorAge',
            Namespace: 'AWS/Lambda',
            Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId() } }],
          },
          Period: 300,
          Stat: 'Maximum',
        },
      }),
    ]);
    expect(PROJECTOR_ITERATOR_AGE_MAX.toMinutes()).toBe(5);
    expect(deadLetters.Properties).toMatchObject({
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    expect(JSON.stringify(deadLetters.Properties)).toContain(
      '"MetricName":"ApproximateNumberOfMessagesVisible"',
    );
    expect(JSON.stringify(deadLetters.Properties)).toContain('"Namespace":"AWS/SQS"');
    const body = JSON.stringify(
      Object.values(resourcesOf(dev.stateless, 'AWS::CloudWatch::Dashboard'))[0]?.Properties?.DashboardBody,
    );
    expect(body).toContain('Stream projector');
  });
});
