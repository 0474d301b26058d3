import { describe, expect, it } from 'vitest';
import type { ProjectionDeps, StreamReading } from '../../shared/ledger/port';
import {
  type ProjectedMovement,
  ProjectionAudit,
  projectMovement,
} from '../../shared/ledger/rules/projection';
import {
  PROJECTION_MARKER_TTL_SECONDS,
  projectionTransaction,
} from '../../shared/ledger/store/projection-store';
import { parseStreamRecord } from '../../shared/ledger/store/stream-records';
import { projectStreamRecords } from '../../shared/ledger/use-cases/project-movements';
import { chinaDayEnd } from '../../shared/platform/china-time';
import { writeUnits } from '../../shared/platform/dynamo/item-size';
import { keys } from '../../shared/platform/dynamo/keys';

const movement = (overrides: Partial<ProjectedMovement>): ProjectedMovement => ({
  id: 'v.1',
  kind: 'earn',
  direction: 'credit',
  amount: 10,
  counterAccount: 'system:issuance',
  at: '2026-11-02T02:00:00.000Z',
  ...overrides,
});

describe('what one movement adds to its day', () => {
  it('counts each kind in its own figure, signed as the volunteer sees it', () => {
    expect(projectMovement(movement({}))).toEqual({
      date: '2026-11-02',
      system: { movements: 1, pointsEarned: 10 },
    });
    expect(projectMovement(movement({ kind: 'adjust', direction: 'debit', amount: 4 })).system).toEqual({
      movements: 1,
      pointsAdjusted: -4,
    });
    expect(projectMovement(movement({ kind: 'prize', amount: 50 })).system).toEqual({
      movements: 1,
      prizePoints: 50,
    });
  });

  it('gives a redemption and a void to the store named in the details, else in the counter account', () => {
    const redeem = projectMovement(
      movement({
        kind: 'redeem',
        direction: 'debit',
        amount: 30,
        counterAccount: 'store:S9',
        details: { storeId: 'S1' },
      }),
    );
    const voided = projectMovement(movement({ kind: 'void', amount: 30, counterAccount: 'store:S2' }));

    expect(redeem).toEqual({
      date: '2026-11-02',
      system: { movements: 1, pointsRedeemed: 30, redemptions: 1 },
      store: { storeId: 'S1', totals: { pointsRedeemed: 30, redemptions: 1 } },
    });
    expect(voided.store).toEqual({ storeId: 'S2', totals: { pointsVoided: 30, voids: 1 } });
  });

  it('files a movement under its China day: 00:30 in China is the day before in UTC', () => {
    expect(projectMovement(movement({ at: '2026-10-31T16:30:00.000Z' })).date).toBe('2026-11-01');
    expect(chinaDayEnd('2026-11-01').toISOString()).toBe('2026-11-01T16:00:00.000Z');
  });
});

describe('the projector transaction', () => {
  it('puts the marker first, under its condition, then adds to the county and store items', () => {
    const items = projectionTransaction(
      'ledger',
      movement({ id: 'tan.4', kind: 'redeem', direction: 'debit', amount: 30, counterAccount: 'store:S1' }),
      new Date('2026-11-02T02:00:00.000Z'),
    );

    expect(items.map((item) => item.Put?.Item?.pk ?? item.Update?.Key?.pk)).toEqual([
      'PROJ#MARK#tan.4',
      'PROJ#SYSTEM',
      'PROJ#STORE#S1',
    ]);
    expect(items[0]?.Put?.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(items[1]?.Update?.UpdateExpression).toBe(
      'SET entity = :entity, #date = :date ADD #movements :movements, #pointsRedeemed :pointsRedeemed, #redemptions :redemptions',
    );
  });

  it('writes items under 1 KB, so each costs 2 write units in the transaction, whatever the ids', () => {
    const longId = 'x'.repeat(64);
    const [marker] = projectionTransaction(
      'ledger',
      movement({
        id: `${longId}.999999999999`,
        kind: 'redeem',
        direction: 'debit',
        counterAccount: `store:${longId}`,
      }),
      new Date('2026-11-02T02:00:00.000Z'),
    );
    // The totals items as they stand after every figure has been added to, with the largest values.
    const big = 1_000_000_000_000;
    const systemDay = {
      ...keys.systemDayTotals('2026-11-02'),
      entity: 'projection-totals',
      date: '2026-11-02',
      ...Object.fromEntries(
        [
          'movements',
          'pointsEarned',
          'pointsAdjusted',
          'prizePoints',
          'pointsRedeemed',
          'pointsVoided',
          'redemptions',
          'voids',
        ].map((field) => [field, -big]),
      ),
    };
    const storeDay = {
      ...keys.storeDayTotals(longId, '2026-11-02'),
      entity: 'projection-totals',
      date: '2026-11-02',
      storeId: longId,
      pointsRedeemed: big,
      pointsVoided: big,
      redemptions: big,
      voids: big,
    };

    expect(marker?.Put?.Item?.expiresAt).toBe(
      Date.parse('2026-11-02T02:00:00.000Z') / 1000 + PROJECTION_MARKER_TTL_SECONDS,
    );
    for (const item of [marker?.Put?.Item ?? {}, systemDay, storeDay]) expect(writeUnits(item, true)).toBe(2);
  });
});

describe('reading stream records', () => {
  const record = (eventName: string, image: Record<string, unknown> | undefined) => ({
    eventName,
    dynamodb: { SequenceNumber: '100', ...(image === undefined ? {} : { NewImage: image }) },
  });
  const image = {
    entity: { S: 'movement' },
    id: { S: 'tan.4' },
    kind: { S: 'redeem' },
    direction: { S: 'debit' },
    amount: { N: '30' },
    counterAccount: { S: 'store:S1' },
    at: { S: '2026-11-02T02:00:00.000Z' },
    details: { M: { storeId: { S: 'S1' }, redemptionId: { S: 'r1' } } },
    balanceAfter: { N: '470' },
  };

  it('reads a movement INSERT and ignores modifications, removals and other items', () => {
    expect(parseStreamRecord(record('INSERT', image))).toEqual({
      sequenceNumber: '100',
      status: 'movement',
      movement: {
        id: 'tan.4',
        kind: 'redeem',
        direction: 'debit',
        amount: 30,
        counterAccount: 'store:S1',
        at: '2026-11-02T02:00:00.000Z',
        details: { storeId: 'S1' },
      },
    });
    expect(parseStreamRecord(record('MODIFY', image)).status).toBe('ignored');
    expect(parseStreamRecord(record('REMOVE', undefined)).status).toBe('ignored');
    expect(
      parseStreamRecord(record('INSERT', { ...image, entity: { S: 'idempotency-marker' } })).status,
    ).toBe('ignored');
  });

  it('refuses a movement it cannot read, naming the fields, and a record without a sequence number', () => {
    expect(parseStreamRecord(record('INSERT', { ...image, amount: { N: '-5' } }))).toEqual({
      sequenceNumber: '100',
      status: 'invalid',
      reason: 'not a movement item: amount.N',
    });
    expect(() => parseStreamRecord({ eventName: 'INSERT', dynamodb: {} })).toThrow(/sequence number/);
  });
});

describe('the projection audit', () => {
  const settled = new Date('2026-11-10T00:00:00.000Z');

  it('calls a table without projection totals not in use', () => {
    const audit = new ProjectionAudit();
    audit.addMovement(movement({}));

    expect(audit.report(settled)).toEqual({
      status: 'not-in-use',
      daysChecked: 0,
      storeDaysChecked: 0,
      problems: [],
    });
  });

  it('skips the first projected day and checks the later settled ones, missing totals included', () => {
    const audit = new ProjectionAudit();
    audit.addSystemTotals('2026-11-02', { movements: 5 });
    audit.addMovement(movement({ at: '2026-11-03T02:00:00.000Z' }));
    audit.addMovement(movement({ at: '2026-11-04T02:00:00.000Z' }));
    audit.addSystemTotals('2026-11-04', { movements: 1, pointsEarned: 10 });

    expect(audit.report(settled)).toEqual({
      status: 'checked',
      firstProjectedDay: '2026-11-02',
      daysChecked: 2,
      storeDaysChecked: 0,
      problems: [
        {
          kind: 'projection-mismatch',
          account: '*',
          detail:
            '2026-11-03: movements projected 0, movements give 1; pointsEarned projected 0, movements give 10',
        },
      ],
    });
  });
});

describe('projecting a batch of stream records', () => {
  const reading = (sequenceNumber: string, overrides: Partial<ProjectedMovement>): StreamReading => ({
    sequenceNumber,
    status: 'movement',
    movement: movement({ id: `v.${sequenceNumber}`, ...overrides }),
  });

  it('projects each day in stream order, counts every outcome, and reports only the records that failed', async () => {
    const readings: StreamReading[] = [
      reading('1', {}),
      { sequenceNumber: '2', status: 'ignored' },
      reading('3', { at: '2026-11-03T02:00:00.000Z' }),
      { sequenceNumber: '4', status: 'invalid', reason: 'not a movement item: amount.N' },
      reading('5', {}),
      reading('6', {}),
    ];
    const projected: string[] = [];
    const deps: ProjectionDeps = {
      stream: { read: (record) => readings[Number(record)] as StreamReading },
      projection: {
        async project(moved) {
          projected.push(moved.id);
          if (moved.id === 'v.5') throw new Error('busy');
          return moved.id === 'v.6' ? 'already-projected' : 'projected';
        },
      },
    };

    const summary = await projectStreamRecords(deps, [0, 1, 2, 3, 4, 5]);

    expect(projected.filter((id) => id !== 'v.3')).toEqual(['v.1', 'v.5', 'v.6']);
    expect(summary).toEqual({
      projected: 2,
      alreadyProjected: 1,
      ignored: 1,
      failed: expect.arrayContaining(['4', '5']),
      failures: expect.arrayContaining([
        { sequenceNumber: '4', reason: 'not a movement item: amount.N' },
        { sequenceNumber: '5', movementId: 'v.5', reason: 'Error: busy' },
      ]),
    });
    expect(summary.failed).toHaveLength(2);
  });
});
