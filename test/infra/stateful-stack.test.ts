import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { BACKUP_RETENTION_DAYS } from '../../infra/stateful-stack';
import {
  createTableInput,
  TABLE_INDEXES,
  TABLE_TTL_ATTRIBUTE,
} from '../../shared/platform/dynamo/table-definition';
import { type CfnResource, constructPath, resourcesOf, type Synthesized, synthesize } from './support';

let dev: Synthesized;
/** The same stage with `-c customerKeys=true`: the table and the issuer's key in KMS. */
let keyed: Synthesized;
let table: CfnResource;
let tableLogicalId: string;
let keyLogicalId: string;
let tokenKeyLogicalId: string;

const bySortedJson = <T>(items: readonly T[]): string[] => items.map((item) => JSON.stringify(item)).sort();

beforeAll(() => {
  dev = synthesize('dev');
  keyed = synthesize('dev', { customerKeys: 'true' });
  const tables = Object.entries(resourcesOf(dev.stateful, 'AWS::DynamoDB::Table'));
  expect(tables).toHaveLength(1);
  // No KMS key of ours by default; with customerKeys, the personal-data key and the issuer's.
  expect(Object.keys(resourcesOf(dev.stateful, 'AWS::KMS::Key'))).toEqual([]);
  const keys = Object.entries(resourcesOf(keyed.stateful, 'AWS::KMS::Key'));
  expect(keys).toHaveLength(2);
  [[tableLogicalId, table]] = tables as [[string, CfnResource]];
  const keyAt = (id: string): string => {
    const found = keys.filter(([, key]) => constructPath(key) === `aixin-points-dev-stateful/${id}/Resource`);
    expect(found, id).toHaveLength(1);
    return (found[0] as [string, CfnResource])[0];
  };
  keyLogicalId = keyAt('PersonalDataKey');
  tokenKeyLogicalId = keyAt('TokenSigningKey');
});

describe('the token signing key with -c customerKeys=true', () => {
  it('is an RSA_2048 SIGN_VERIFY key (KMS signs RSASSA_PKCS1_V1_5_SHA_256, i.e. RS256), retained like the data', () => {
    const key = resourcesOf(keyed.stateful, 'AWS::KMS::Key')[tokenKeyLogicalId] as CfnResource & {
      DeletionPolicy?: string;
      UpdateReplacePolicy?: string;
    };
    expect(key.Properties).toMatchObject({
      KeySpec: 'RSA_2048',
      KeyUsage: 'SIGN_VERIFY',
      PendingWindowInDays: 30,
    });
    // Asymmetric keys do not rotate automatically.
    expect(key.Properties?.EnableKeyRotation).not.toBe(true);
    expect(key.DeletionPolicy).toBe('Retain');
    expect(key.UpdateReplacePolicy).toBe('Retain');
  });

  it('is named alias/aixin-points-<stage>-token-signing', () => {
    keyed.stateful.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: 'alias/aixin-points-dev-token-signing',
      TargetKeyId: { 'Fn::GetAtt': [tokenKeyLogicalId, 'Arn'] },
    });
  });

  it('grants nothing in its key policy beyond the account (IAM policies decide: the signing routes only)', () => {
    for (const id of [tokenKeyLogicalId, keyLogicalId]) {
      const policy = resourcesOf(keyed.stateful, 'AWS::KMS::Key')[id]?.Properties?.KeyPolicy as {
        Statement: { Principal: unknown }[];
      };
      for (const statement of policy.Statement) {
        expect(JSON.stringify(statement.Principal)).toMatch(/:iam::.*:root/);
      }
    }
  });

  it('is handed to the stateless stack (its id and ARN) and named in the outputs', () => {
    const outputs = keyed.stateful.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.TokenSigningKeyArn?.Value).toEqual({ 'Fn::GetAtt': [tokenKeyLogicalId, 'Arn'] });
    const exported = Object.values(outputs).map((output) => JSON.stringify(output.Value));
    expect(exported).toContain(JSON.stringify({ Ref: tokenKeyLogicalId }));
  });
});

describe('the ledger table', () => {
  it('has exactly the key schema, attributes and GSIs of table-definition.ts', () => {
    // Prepare: the CreateTable input DynamoDB Local is built from.
    const expected = createTableInput('unused');
    // Assess
    const properties = table.Properties ?? {};
    expect(properties.KeySchema).toEqual(expected.KeySchema);
    expect(bySortedJson(properties.AttributeDefinitions as unknown[])).toEqual(
      bySortedJson(expected.AttributeDefinitions),
    );
    expect(bySortedJson(properties.GlobalSecondaryIndexes as unknown[])).toEqual(
      bySortedJson(expected.GlobalSecondaryIndexes),
    );
    expect((properties.GlobalSecondaryIndexes as unknown[]).length).toBe(TABLE_INDEXES.length);
  });

  it('is on-demand, with point-in-time recovery, deletion protection and a NEW_AND_OLD_IMAGES stream', () => {
    dev.stateful.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
  });

  it('lets DynamoDB expire the short-lived cap items by their expiresAt attribute', () => {
    dev.stateful.hasResourceProperties('AWS::DynamoDB::Table', {
      TimeToLiveSpecification: { AttributeName: TABLE_TTL_ATTRIBUTE, Enabled: true },
    });
  });

  it("is encrypted with DynamoDB's AWS-owned key by default, and with the rotating personal-data key with customerKeys", () => {
    expect(
      (table.Properties?.SSESpecification as { SSEEnabled?: boolean } | undefined)?.SSEEnabled ?? false,
    ).toBe(false);
    keyed.stateful.hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: {
        SSEEnabled: true,
        SSEType: 'KMS',
        KMSMasterKeyId: { 'Fn::GetAtt': [keyLogicalId, 'Arn'] },
      },
    });
    expect(resourcesOf(keyed.stateful, 'AWS::KMS::Key')[keyLogicalId]?.Properties?.EnableKeyRotation).toBe(
      true,
    );
  });

  it('and its key, vault and backups survive stack deletion and replacement (Retain)', () => {
    for (const type of ['AWS::DynamoDB::Table', 'AWS::KMS::Key', 'AWS::Backup::BackupVault']) {
      keyed.stateful.allResources(type, { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    }
  });

  it('is copied weekly by AWS Backup, each copy kept a quarter (on top of 35 days of PITR)', () => {
    expect(BACKUP_RETENTION_DAYS).toBe(91);
    dev.stateful.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: [
          Match.objectLike({
            ScheduleExpression: Match.stringLikeRegexp('^cron\\(\\d+ \\d+ \\? \\* SAT \\*\\)$'),
            Lifecycle: { DeleteAfterDays: 91 },
          }),
        ],
      },
    });
    dev.stateful.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: Match.objectLike({ Resources: [{ 'Fn::GetAtt': [tableLogicalId, 'Arn'] }] }),
    });
  });

  it('names the table, its key parameters (or KMS key) and the backup vault in the outputs, for operators', () => {
    const outputs = dev.stateful.toJSON().Outputs as Record<string, { Value: unknown; Export?: unknown }>;
    expect(outputs.TableName?.Value).toEqual({ Ref: tableLogicalId });
    expect(outputs.SigningSecretParameter?.Value).toBe('/aixin-points/dev/signing-secret');
    expect(outputs.IdLookupKeyParameter?.Value).toBe('/aixin-points/dev/id-lookup-key');
    expect(outputs).not.toHaveProperty('PersonalDataKeyArn');
    const keyedOutputs = keyed.stateful.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(keyedOutputs.PersonalDataKeyArn?.Value).toEqual({ 'Fn::GetAtt': [keyLogicalId, 'Arn'] });
    expect(outputs).toHaveProperty('BackupVaultName');
    // Plain outputs, not exports: nothing else may come to depend on them.
    expect(outputs.TableName).not.toHaveProperty('Export');
  });

  it('has no physical name, so stages and accounts never collide', () => {
    expect(table.Properties).not.toHaveProperty('TableName');
  });

  it('is handed to the stateless stack by reference (automatic exports), not by a typed name', () => {
    const exported = Object.values(dev.stateful.toJSON().Outputs ?? {}) as { Export?: { Name?: string } }[];
    const exportNames = exported.flatMap((output) => (output.Export?.Name ? [output.Export.Name] : []));
    expect(exportNames.length).toBeGreaterThan(0);
    for (const name of exportNames) expect(name).toMatch(/^aixin-points-dev-stateful:ExportsOutput/);
  });
});
