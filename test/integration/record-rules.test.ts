import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { RECORD_STATUSES, type RecordStatus } from '../../shared/earning/contract/service-records';
import {
  canReject,
  canStartApproval,
  canStartReversal,
  type RecordState,
  type ReversalInProgress,
} from '../../shared/earning/rules/service-record';
import { DynamoRecordStore } from '../../shared/earning/store/record-store';
import { LedgerStore } from '../../shared/ledger/store/ledger-store';
import { ENTITY, keys } from '../../shared/platform/dynamo/keys';
import { freshTable, type TestTable } from './support';

/**
 * D1, a rule with its condition: for every shape a record can have, the pure rule of
 * rules/service-record.ts says yes exactly when the store's conditional write succeeds on
 * DynamoDB Local. A rule changed on one side only fails here.
 */
const NOW = new Date('2026-11-20T02:00:00.000Z');
const REVERSAL: ReversalInProgress = {
  recordId: 'rev-1',
  by: 'admin-1',
  at: NOW.toISOString(),
  reason: '重复登记',
  scope: 'user:admin-1',
  key: 'k-rev',
};

interface Shape {
  status: RecordStatus;
  reversal: boolean;
  reversedBy: boolean;
}

const SHAPES: Shape[] = RECORD_STATUSES.flatMap((status) =>
  [false, true].flatMap((reversal) => [false, true].map((reversedBy) => ({ status, reversal, reversedBy }))),
);

let table: TestTable;
let store: DynamoRecordStore;
let serial = 0;

beforeAll(async () => {
  table = await freshTable('record-rules');
  const now = () => NOW;
  const ledger = new LedgerStore({ client: table.client, tableName: table.tableName, now });
  store = new DynamoRecordStore({ client: table.client, tableName: table.tableName, ledger, now });
});

/** A record of the given shape, written straight to the table as the store keeps it. */
async function recordOf(shape: Shape): Promise<RecordState> {
  serial += 1;
  const record: RecordState = {
    id: `rec-${serial}`,
    status: shape.status,
    activity: { name: '敬老院探访', date: '2026-11-19' },
    orgId: 'town-shichuan',
    entries: [{ volunteerId: 'v1', hours: 2, points: 20 }],
    entryCount: 1,
    rule: { ruleId: 'default', version: 1, pointsPerHour: 10, rounding: 'half-up' },
    hours: 2,
    points: 20,
    submittedBy: 'coordinator-1',
    submittedAt: NOW.toISOString(),
    ...(shape.reversal ? { reversal: REVERSAL } : {}),
    ...(shape.reversedBy ? { reversedBy: 'rev-0' } : {}),
  };
  await table.client.send(
    new PutCommand({
      TableName: table.tableName,
      Item: {
        ...keys.serviceRecord(record.id),
        entity: ENTITY.serviceRecord,
        ...record,
        ...keys.serviceRecordIndexes(record.status, record.orgId, record.submittedAt, record.id),
      },
    }),
  );
  return record;
}

const label = (shape: Shape) =>
  `${shape.status}${shape.reversal ? ', reversal started' : ''}${shape.reversedBy ? ', reversed' : ''}`;

describe('a record rule and its condition expression agree', () => {
  const decision = { by: 'admin-1', at: NOW.toISOString(), scope: 'user:admin-1', key: 'k-1' };

  it.each(SHAPES.map((shape) => [label(shape), shape] as const))(
    'start approval on %s',
    async (_label, shape) => {
      const record = await recordOf(shape);
      const written = await store.startApproval(record.id, decision);
      expect(written !== undefined).toBe(canStartApproval(record));
      if (written !== undefined) expect(written.status).toBe('approving');
    },
  );

  it.each(SHAPES.map((shape) => [label(shape), shape] as const))('reject on %s', async (_label, shape) => {
    const record = await recordOf(shape);
    const written = await store.reject(record.id, { by: 'admin-1', reason: '不符', at: NOW.toISOString() });
    expect(written !== undefined).toBe(canReject(record));
    if (written !== undefined) expect(written.status).toBe('rejected');
  });

  it.each(SHAPES.map((shape) => [label(shape), shape] as const))(
    'start reversal on %s',
    async (_label, shape) => {
      const record = await recordOf(shape);
      const started = await store.startReversal(record.id, { ...REVERSAL, recordId: `rev-of-${record.id}` });
      expect(started).toBe(canStartReversal(record));
    },
  );

  it('says yes for some shapes and no for others (the table above is not all one answer)', () => {
    for (const rule of [canStartApproval, canReject, canStartReversal]) {
      const answers = new Set(
        SHAPES.map((shape) =>
          rule({
            status: shape.status,
            reversal: shape.reversal ? REVERSAL : undefined,
            reversedBy: shape.reversedBy ? 'rev-0' : undefined,
          }),
        ),
      );
      expect([...answers].sort()).toEqual([false, true]);
    }
  });
});
