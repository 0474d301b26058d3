import * as path from 'node:path';
import { Duration, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { MOVEMENT_SORT_PREFIX } from '../../shared/platform/dynamo/keys';
import type { StageSettings } from '../stages';
import { ApiFunction } from './api-function';
import { grantProjectionWrites } from './table-access';

export const PROJECTOR_ENTRY = 'functions/ledger/project-movements.ts';

/**
 * How the projector reads the stream. A batch is at most 100 records, gathered for up to 5
 * seconds (so a quiet county pays for few invocations and the totals lag by seconds). A failing
 * batch is split in two and retried, ten times at most; records that still fail, or that are
 * older than six hours, go to the dead-letter queue as a pointer (shard and sequence numbers),
 * which leaves the stream's 24 hours to read them again.
 */
export const PROJECTOR_STREAM = {
  batchSize: 100,
  maxBatchingWindow: Duration.seconds(5),
  retryAttempts: 10,
  maxRecordAge: Duration.hours(6),
  parallelizationFactor: 1,
} as const;

export const PROJECTOR_MEMORY_MB = 512;
/** A batch of 100 records, each with up to eight attempts of a short transaction, fits easily. */
export const PROJECTOR_TIMEOUT = Duration.seconds(60);
/** Pointers to records that could not be projected; kept as long as SQS allows. */
export const PROJECTOR_DLQ_RETENTION = Duration.days(14);

export interface ProjectorProps {
  settings: StageSettings;
  /** Repository root, as for every function. */
  projectRoot: string;
  /** The ledger table; it must have its stream (the stateful stack turns it on). */
  table: ITable;
  /** The table's customer-managed key, when it has one (`-c customerKeys=true`). */
  tableKey?: IKey | undefined;
}

/**
 * The stream projector: a function fed by the ledger table's stream, filtered to movement INSERTs,
 * that keeps each China day's county and store totals (shared/ledger/use-cases/project-movements.ts).
 * Its role may read this one stream and put and update items of the table; nothing else.
 */
export class Projector extends Construct {
  readonly handler: ApiFunction;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: ProjectorProps) {
    super(scope, id);
    const { settings, table } = props;

    this.handler = new ApiFunction(this, 'Function', {
      entry: path.join(props.projectRoot, PROJECTOR_ENTRY),
      projectRoot: props.projectRoot,
      description:
        'MovementProjector: movement inserts from the table stream to daily county and store totals',
      settings,
      table: { tableName: table.tableName, tableArn: table.tableArn, keyArn: props.tableKey?.keyArn },
      // Its table rights are not one of the route table's access kinds: granted below.
      tableAccess: [],
      memorySizeMb: PROJECTOR_MEMORY_MB,
      timeout: PROJECTOR_TIMEOUT,
    });
    grantProjectionWrites(this.handler.role, this, {
      tableArn: table.tableArn,
      keyArn: props.tableKey?.keyArn,
    });

    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      // SQS-managed encryption: a dead letter is a pointer to stream records (shard, sequence
      // numbers), never the records themselves, and SQS's own key costs nothing.
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: PROJECTOR_DLQ_RETENTION,
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        "This queue is itself the dead-letter destination (OnFailure) of the stream projector's event source " +
        'mapping; it only receives pointers to stream records that failed, an alarm fires on its first message, ' +
        'and an operator reads it by hand, so a further dead-letter queue behind it would hold nothing.',
    });

    // Lambda sends the pointer to a failed batch with the function's role: SendMessage on this queue.
    this.handler.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.deadLetterQueue.queueArn] }),
    );

    // The stream read, granted here rather than by DynamoEventSource, which would allow
    // dynamodb:ListStreams on "*": the four actions Lambda checks ("GetRecords, GetShardIterator,
    // DescribeStream, and ListStreams on your stream"), on this one stream.
    const streamArn = table.tableStreamArn;
    if (streamArn === undefined) throw new Error(`${id}: the ledger table has no stream`);
    this.handler.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: [
          'dynamodb:DescribeStream',
          'dynamodb:GetRecords',
          'dynamodb:GetShardIterator',
          'dynamodb:ListStreams',
        ],
        resources: [streamArn],
      }),
    );
    // Stream records of a table encrypted with a customer-managed key are decrypted with the
    // reader's own rights: the same grant CDK's Table.grantStreamRead gives (aws-cdk#22796), on
    // this key only and without a kms:ViaService condition, which stream reads are not documented
    // to carry.
    if (props.tableKey !== undefined) {
      this.handler.role.addToPrincipalPolicy(
        new PolicyStatement({ actions: ['kms:Decrypt'], resources: [props.tableKey.keyArn] }),
      );
    }

    this.handler.function.addEventSourceMapping('TableStream', {
      eventSourceArn: streamArn,
      startingPosition: StartingPosition.TRIM_HORIZON,
      batchSize: PROJECTOR_STREAM.batchSize,
      maxBatchingWindow: PROJECTOR_STREAM.maxBatchingWindow,
      bisectBatchOnError: true,
      retryAttempts: PROJECTOR_STREAM.retryAttempts,
      maxRecordAge: PROJECTOR_STREAM.maxRecordAge,
      parallelizationFactor: PROJECTOR_STREAM.parallelizationFactor,
      reportBatchItemFailures: true,
      // Not SqsDlq: its grantSendMessages would give the role more than the SendMessage granted above.
      onFailure: { bind: () => ({ destination: this.deadLetterQueue.queueArn }) },
      // Only movements, and only their creation: the projector's own writes (markers, totals)
      // and every other item never invoke it.
      filters: [
        FilterCriteria.filter({
          eventName: FilterRule.isEqual('INSERT'),
          dynamodb: { Keys: { sk: { S: FilterRule.beginsWith(MOVEMENT_SORT_PREFIX) } } },
        }),
      ],
    });
  }
}
