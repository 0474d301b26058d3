import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { BackupPlan, BackupPlanRule, BackupResource, BackupVault } from 'aws-cdk-lib/aws-backup';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import {
  TABLE_INDEXES,
  TABLE_PARTITION_KEY,
  TABLE_SORT_KEY,
  TABLE_TTL_ATTRIBUTE,
} from '../shared/platform/dynamo/table-definition';
import { KeyParameters } from './constructs/key-parameters';
import type { ProductKeys } from './keys';
import type { StageSettings } from './stages';

/**
 * Ledger data is never deleted by a deployment, whatever the stage: a stack deletion or a
 * replacement leaves the table, its key and its backups in the account.
 */
export const DATA_REMOVAL_POLICY = RemovalPolicy.RETAIN;

/**
 * The token issuer's key (shared/identity/store/kms-signer.ts): RSA_2048 for signing, so KMS signs
 * RSASSA_PKCS1_V1_5_SHA_256, which is RS256, the family API Gateway's JWT authorizer checks.
 */
export const TOKEN_KEY_SPEC = KeySpec.RSA_2048;
export const TOKEN_KEY_USAGE = KeyUsage.SIGN_VERIFY;

/** `alias/aixin-points-<stage>-token-signing`: one per stage, so stages share an account safely. */
export const tokenSigningAlias = (stage: string): string => `alias/aixin-points-${stage}-token-signing`;

/** `alias/aixin-points-<stage>-pii`: the key that wraps the data keys of volunteers' ID numbers. */
export const piiKeyAlias = (stage: string): string => `alias/aixin-points-${stage}-pii`;

/**
 * Weekly AWS Backup copies, kept a quarter (13 weeks), on top of PITR's own 35-day window: PITR
 * restores any second of the last five weeks; the weekly copies, in a vault where nobody can delete
 * one early, reach back over the quarter the county reports on, and outlive the table itself.
 * Daily copies would repeat what PITR already holds, at seven times the storage.
 */
export const BACKUP_RETENTION_DAYS = 91;

export interface StatefulStackProps extends StackProps {
  settings: StageSettings;
  /** Repository root, where the parameter generator's handler is (functions/platform/). */
  projectRoot: string;
}

/** RSA modulus of the issuer's key: 2048 bits, RS256, what API Gateway's JWT authorizer checks. */
export const TOKEN_KEY_BITS = 2048;

/**
 * The ledger's single table and what protects it: point-in-time recovery, deletion protection and
 * a weekly backup plan; and the product's keys (infra/keys.ts), which must outlive deployments (a
 * replaced issuer key would sign everybody out; a lost lookup or wrapping key would leave every ID
 * number unmatched or unreadable). The stream (new and old images) feeds the stream projector.
 * Nothing here has a physical name, so two stages (or two accounts) never collide.
 */
export class StatefulStack extends Stack {
  readonly table: Table;
  readonly keys: ProductKeys;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, { ...props, terminationProtection: props.settings.statefulTerminationProtection });
    const { settings } = props;
    const customerKeys = settings.customerKeys ? this.createCustomerKeys(settings) : undefined;
    const parameters = new KeyParameters(this, 'KeyParameters', {
      settings,
      projectRoot: props.projectRoot,
      specs: [
        {
          purpose: 'signing-secret',
          kind: 'secret',
          description: 'HMAC key of list cursors and volunteer codes',
        },
        // Every stored lookup hash (the ID numbers' uniqueness guards) depends on it: never rotated.
        {
          purpose: 'id-lookup-key',
          kind: 'secret',
          description: "HMAC key of the ID numbers' lookup hashes",
        },
        ...(customerKeys === undefined
          ? ([
              {
                purpose: 'token-key',
                kind: 'rsa',
                description: "the API's token signing key (RS256)",
                modulusBits: TOKEN_KEY_BITS,
              },
              {
                purpose: 'pii-key',
                kind: 'x25519',
                description: "seals the data keys of volunteers' ID numbers (X25519)",
              },
            ] as const)
          : []),
      ],
    });
    this.keys = {
      signingSecret: parameters.secret('signing-secret'),
      idLookup: parameters.secret('id-lookup-key'),
      token:
        customerKeys === undefined
          ? { kind: 'parameter', privateKey: parameters.secret('token-key') }
          : { kind: 'kms', key: customerKeys.tokenSigningKey },
      pii:
        customerKeys === undefined
          ? {
              kind: 'parameter',
              publicKey: parameters.publicKey('pii-key'),
              privateKey: parameters.secret('pii-key'),
            }
          : { kind: 'kms', key: customerKeys.personalDataKey },
      tableKey: customerKeys?.personalDataKey,
    };

    // Built from the one table definition that DynamoDB Local also uses, so keys cannot drift.
    // `Table` rather than `TableV2`: TableV2 cannot render a customer-managed key in an
    // environment-agnostic stack, and these stacks must synthesize without an account.
    this.table = new Table(this, 'LedgerTable', {
      partitionKey: { name: TABLE_PARTITION_KEY, type: AttributeType.STRING },
      sortKey: { name: TABLE_SORT_KEY, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      // DynamoDB's AWS-owned key by default; the personal-data key with `-c customerKeys=true`.
      ...(customerKeys === undefined
        ? { encryption: TableEncryption.DEFAULT }
        : { encryption: TableEncryption.CUSTOMER_MANAGED, encryptionKey: customerKeys.personalDataKey }),
      stream: StreamViewType.NEW_AND_OLD_IMAGES,
      timeToLiveAttribute: TABLE_TTL_ATTRIBUTE,
      removalPolicy: DATA_REMOVAL_POLICY,
    });
    for (const index of TABLE_INDEXES) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      });
    }

    const vault = new BackupVault(this, 'BackupVault', {
      removalPolicy: DATA_REMOVAL_POLICY,
      // Recovery points expire by their lifecycle only; nobody can delete one by hand.
      blockRecoveryPointDeletion: true,
    });
    const plan = new BackupPlan(this, 'BackupPlan', {
      // Derived from the stack name, so each stage has its own plan in a shared account.
      backupPlanName: `${this.stackName}-ledger`,
      backupVault: vault,
    });
    plan.addRule(
      new BackupPlanRule({
        ruleName: 'Weekly',
        // Saturday 18:00 UTC is Sunday 02:00 in China, the quietest hour of the week.
        scheduleExpression: Schedule.cron({ weekDay: 'SAT', hour: '18', minute: '0' }),
        deleteAfter: Duration.days(BACKUP_RETENTION_DAYS),
      }),
    );
    // For operators: the import and audit scripts take TABLE_NAME, restores name the vault.
    new CfnOutput(this, 'TableName', { value: this.table.tableName, description: 'The ledger table' });
    new CfnOutput(this, 'BackupVaultName', { value: vault.backupVaultName });
    for (const [output, parameter] of [
      ['SigningSecretParameter', this.keys.signingSecret],
      ['IdLookupKeyParameter', this.keys.idLookup],
    ] as const) {
      new CfnOutput(this, output, {
        value: parameter.name,
        description: `Parameter Store: ${parameter.name}`,
      });
    }
    if (customerKeys !== undefined) {
      new CfnOutput(this, 'PersonalDataKeyArn', {
        value: customerKeys.personalDataKey.keyArn,
        description:
          "KMS key of the ledger table and of the ID numbers' data keys: give it to a restored table",
      });
      new CfnOutput(this, 'TokenSigningKeyArn', {
        value: customerKeys.tokenSigningKey.keyArn,
        description: 'KMS key that signs the access tokens (kms:GetPublicKey shows its public half)',
      });
    }

    const selection = plan.addSelection('LedgerTable', {
      resources: [BackupResource.fromDynamoDbTable(this.table)],
    });
    Validations.of(selection).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      reason:
        'The AWS Backup service role uses AWSBackupServiceRolePolicyForBackup, the policy AWS documents for ' +
        'backup selections; AWS keeps it current as Backup changes, and the role is assumable only by ' +
        'backup.amazonaws.com and selects only the ledger table.',
    });
  }

  /**
   * `-c customerKeys=true`: the issuer's key and one personal-data key in KMS. The personal-data key
   * encrypts the table (through DynamoDB only) and wraps the ID numbers' data keys (writers may
   * only GenerateDataKey, the reveal and exports only Decrypt, both bound to the ID-number context).
   */
  private createCustomerKeys(settings: StageSettings): { personalDataKey: Key; tokenSigningKey: Key } {
    // Asymmetric keys cannot rotate automatically; a new key is a new `kid` in the JWKS.
    const tokenSigningKey = new Key(this, 'TokenSigningKey', {
      description: `Aixin Points ${settings.name}: signs the API's access tokens (RS256)`,
      keySpec: TOKEN_KEY_SPEC,
      keyUsage: TOKEN_KEY_USAGE,
      alias: tokenSigningAlias(settings.name),
      removalPolicy: DATA_REMOVAL_POLICY,
      pendingWindow: Duration.days(30),
    });
    // A lost or replaced key would leave the table and every sealed ID number unreadable: retained.
    const personalDataKey = new Key(this, 'PersonalDataKey', {
      description: `Aixin Points ${settings.name}: encrypts the ledger table and wraps the data keys of volunteers' ID numbers`,
      keySpec: KeySpec.SYMMETRIC_DEFAULT,
      keyUsage: KeyUsage.ENCRYPT_DECRYPT,
      enableKeyRotation: true,
      alias: piiKeyAlias(settings.name),
      removalPolicy: DATA_REMOVAL_POLICY,
      pendingWindow: Duration.days(30),
    });
    return { personalDataKey, tokenSigningKey };
  }
}
