import { createSocket } from 'node:dgram';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type SubsegmentDocument,
  setTraceSink,
  startHandlerTrace,
  type TraceSink,
} from '../../shared/platform/tracing';
import { freshTable, type TestTable } from './support';

const ROOT = '1-6760a000-fedcba9876543210fedcba98';
const LAMBDA_PARENT = '53995c3f42cd8ad8';
const SAMPLED = `Root=${ROOT};Parent=${LAMBDA_PARENT};Sampled=1`;

let table: TestTable;
let sent: SubsegmentDocument[];
let previous: TraceSink;

beforeAll(async () => {
  table = await freshTable('tracing');
});
afterAll(() => table.client.destroy());

describe('X-Ray subsegments for DynamoDB calls', () => {
  afterEach(() => {
    setTraceSink(previous);
    vi.unstubAllEnvs();
  });

  function collect(): void {
    sent = [];
    previous = setTraceSink({ send: (document) => sent.push(document) });
  }

  it('records each call under the handler subsegment: operation, table, status, no keys or items', async () => {
    // Prepare
    collect();
    vi.stubEnv('_X_AMZN_TRACE_ID', SAMPLED);
    const handler = startHandlerTrace('aixin-points');
    // Act: a write, a read, and a transaction refused by its condition.
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { pk: 'VOL#t1', sk: 'PROFILE', phone: '13812345678' },
      }),
    );
    await table.client.send(
      new GetCommand({ TableName: table.tableName, Key: { pk: 'VOL#t1', sk: 'PROFILE' } }),
    );
    const refused = await table.client
      .send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: table.tableName,
                Item: { pk: 'VOL#t1', sk: 'PROFILE' },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      )
      .catch((error: unknown) => error);
    handler?.end(200);
    // Assess
    expect(handler).toBeDefined();
    expect((refused as Error).name).toBe('TransactionCanceledException');
    const handlerDocument = sent.at(-1) as SubsegmentDocument;
    expect(handlerDocument).toMatchObject({ name: '## handler', parent_id: LAMBDA_PARENT, trace_id: ROOT });
    const calls = sent.slice(0, -1);
    expect(
      calls.map((call) => [call.name, call.aws?.operation, call.aws?.table_name, call.http?.response.status]),
    ).toEqual([
      ['DynamoDB', 'PutItem', table.tableName, 200],
      ['DynamoDB', 'GetItem', table.tableName, 200],
      ['DynamoDB', 'TransactWriteItems', table.tableName, 400],
    ]);
    for (const call of calls) {
      expect(call).toMatchObject({
        trace_id: ROOT,
        parent_id: handlerDocument.id,
        namespace: 'aws',
        type: 'subsegment',
      });
      expect(call.aws?.retries).toBe(0);
    }
    expect(calls[2]).toMatchObject({
      error: true,
      cause: { exceptions: [{ type: 'TransactionCanceledException' }] },
    });
    expect(calls[0]?.error).toBeUndefined();
    expect(JSON.stringify(sent)).not.toMatch(/13812345678|VOL#t1/);
  });

  it('records nothing when the invocation is not sampled', async () => {
    collect();
    vi.stubEnv('_X_AMZN_TRACE_ID', `Root=${ROOT};Parent=${LAMBDA_PARENT};Sampled=0`);
    const handler = startHandlerTrace('aixin-points');
    const read = await table.client.send(
      new GetCommand({ TableName: table.tableName, Key: { pk: 'none', sk: 'none' } }),
    );
    expect(handler).toBeUndefined();
    expect(read.Item).toBeUndefined();
    expect(sent).toEqual([]);
  });
});

describe('the daemon protocol', () => {
  it('sends each subsegment as one UDP datagram with the daemon header', async () => {
    // Prepare: a UDP socket standing in for the X-Ray daemon Lambda runs.
    const daemon = createSocket('udp4');
    const received = new Promise<string>((resolve) =>
      daemon.once('message', (message) => resolve(message.toString('utf8'))),
    );
    await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', () => resolve()));
    vi.stubEnv('AWS_XRAY_DAEMON_ADDRESS', `127.0.0.1:${daemon.address().port}`);
    vi.stubEnv('_X_AMZN_TRACE_ID', SAMPLED);
    try {
      // Act
      startHandlerTrace('aixin-points')?.end(503, new Error('boom'));
      const datagram = await received;
      // Assess
      const [header, body] = datagram.split('\n');
      expect(JSON.parse(header ?? '')).toEqual({ format: 'json', version: 1 });
      expect(JSON.parse(body ?? '')).toMatchObject({
        name: '## handler',
        trace_id: ROOT,
        parent_id: LAMBDA_PARENT,
        type: 'subsegment',
        fault: true,
      });
    } finally {
      vi.unstubAllEnvs();
      daemon.close();
    }
  });
});
