import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { BackupPlan, BackupPlanRule, BackupResource, BackupVault } from 'aws-cdk-lib/aws-backup';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import {
  TABLE_INDEXES,
  TABLE_PARTITION_KEY,
  TABLE_SORT_KEY,
  TABLE_TTL_ATTRIBUTE,
} from '../shared/platform/dynamo/table-definition';
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
}

/**
 * The ledger's single table and what protects it: a customer-managed key, point-in-time
 * recovery, deletion protection, and a weekly backup plan; and the token issuer's signing key,
 * which must outlive deployments (a replaced key would sign tokens nobody's JWKS cache knows, and
 * its loss would sign everybody out). The stream (new and old images) is on
 * for a future projector; nothing consumes it yet, and the monthly report reads the month index
 * instead. An unread stream costs nothing and keeps 24 hours of changes. Nothing here
 * has a physical name, so two stages (or two accounts) never collide.
 */
export class StatefulStack extends Stack {
  readonly table: Table;
  readonly tableKey: Key;
  /** Signs the product's tokens; only the functions whose route says `signsTokens` may use it. */
  readonly tokenSigningKey: Key;
  /**
   * Wraps the data keys of volunteers' ID numbers (shared/platform/envelope.ts): symmetric,
   * ENCRYPT_DECRYPT, rotating yearly, retained. Routes that say `idNumbers: 'write'` may only
   * GenerateDataKey with it, the one that says `reveal` may only Decrypt.
   */
  readonly piiKey: Key;
  /** Keys the ID numbers' lookup hashes; read by the writing routes only, never rotated (see below). */
  readonly idLookupSecret: Secret;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, { ...props, terminationProtection: props.settings.statefulTerminationProtection });

    this.tableKey = new Key(this, 'TableKey', {
      description: `Aixin Points ${props.settings.name}: encrypts the ledger table, its stream and its backups`,
      enableKeyRotation: true,
      removalPolicy: DATA_REMOVAL_POLICY,
      pendingWindow: Duration.days(30),
    });

    // Asymmetric keys cannot rotate automatically; a new key is a new `kid` in the JWKS.
    this.tokenSigningKey = new Key(this, 'TokenSigningKey', {
      description: `Aixin Points ${props.settings.name}: signs the API's access tokens (RS256)`,
      keySpec: TOKEN_KEY_SPEC,
      keyUsage: TOKEN_KEY_USAGE,
      alias: tokenSigningAlias(props.settings.name),
      removalPolicy: DATA_REMOVAL_POLICY,
      pendingWindow: Duration.days(30),
    });

    // A lost or replaced key would leave every sealed ID number unreadable: retained like the data.
    this.piiKey = new Key(this, 'PiiKey', {
      description: `Aixin Points ${props.settings.name}: wraps the data keys of volunteers' ID numbers`,
      keySpec: KeySpec.SYMMETRIC_DEFAULT,
      keyUsage: KeyUsage.ENCRYPT_DECRYPT,
      enableKeyRotation: true,
      alias: piiKeyAlias(props.settings.name),
      removalPolicy: DATA_REMOVAL_POLICY,
      pendingWindow: Duration.days(30),
    });
    this.idLookupSecret = new Secret(this, 'IdLookupKey', {
      description: `Aixin Points ${props.settings.name}: HMAC key of the ID numbers' lookup hashes`,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      // Every stored lookup hash (the ID numbers' uniqueness guards) depends on it.
      removalPolicy: DATA_REMOVAL_POLICY,
    });
    Validations.of(this.idLookupSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        "The HMAC key of the ID numbers' lookup hashes, not a credential of another service. Every uniqueness " +
        'guard of an ID number is stored under a hash made with it, so rotating it would need every number ' +
        'opened and hashed again: it is kept, like the table it belongs to.',
    });

    // Built from the one table definition that DynamoDB Local also uses, so keys cannot drift.
    // `Table` rather than `TableV2`: TableV2 cannot render a customer-managed key in an
    // environment-agnostic stack, and these stacks must synthesize without an account.
    this.table = new Table(this, 'LedgerTable', {
      partitionKey: { name: TABLE_PARTITION_KEY, type: AttributeType.STRING },
      sortKey: { name: TABLE_SORT_KEY, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.tableKey,
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
    new CfnOutput(this, 'TableKeyArn', {
      value: this.tableKey.keyArn,
      description: 'KMS key of the ledger table: give it to a restored table',
    });
    new CfnOutput(this, 'BackupVaultName', { value: vault.backupVaultName });
    new CfnOutput(this, 'TokenSigningKeyArn', {
      value: this.tokenSigningKey.keyArn,
      description: 'KMS key that signs the access tokens (kms:GetPublicKey shows its public half)',
    });

    new CfnOutput(this, 'PiiKeyArn', {
      value: this.piiKey.keyArn,
      description: "KMS key that wraps the data keys of volunteers' ID numbers",
    });

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
}
