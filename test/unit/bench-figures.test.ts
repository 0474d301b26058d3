import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../../bench/harness';
import { doorVerdict } from '../../bench/rally';
import { median, percentile } from '../../bench/stats';
import { costPerMillion, keyReadUnits, queryReadUnits, writeUnitsOf } from '../../bench/units';

describe('bench statistics', () => {
  it('takes the nearest-rank percentile of a sorted list', () => {
    const hundred = Array.from({ length: 100 }, (_, index) => index + 1);

    expect(percentile(hundred, 0.5)).toBe(50);
    expect(percentile(hundred, 0.99)).toBe(99);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBe(0);
  });

  it('takes the median of an odd and an even count, whatever the order', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('request units from item sizes', () => {
  const small = { pk: 'VOL#a', sk: 'ACCOUNT', balance: 10 };
  const indexed = { pk: 'VOL#a', sk: 'MOV#1', gsi2pk: 'MOVMONTH#2026-11#3', gsi2sk: 'x' };
  const big = { pk: 'x', sk: 'y', blob: 'z'.repeat(1500) };

  it('doubles table writes in a transaction but counts index writes once', () => {
    expect(writeUnitsOf([small], false)).toEqual({ table: 1, indexes: 0, total: 1 });
    expect(writeUnitsOf([small, indexed], true)).toEqual({ table: 4, indexes: 1, total: 5 });
    expect(writeUnitsOf([big], true)).toEqual({ table: 4, indexes: 0, total: 4 });
  });

  it('charges a miss the minimum and halves eventually consistent reads', () => {
    expect(keyReadUnits([small, undefined], true)).toBe(2);
    expect(keyReadUnits([small], false)).toBe(0.5);
    expect(keyReadUnits([{ pk: 'x'.repeat(5000) }], true)).toBe(2);
  });

  it('adds up a query page before rounding up to 4 KB', () => {
    const items = Array.from({ length: 10 }, () => ({ pk: 'x'.repeat(1000) }));

    expect(queryReadUnits(items, true)).toBe(3);
    expect(queryReadUnits(items, false)).toBe(1.5);
    expect(queryReadUnits([], true)).toBe(1);
  });

  it('prices units per million operations', () => {
    expect(
      costPerMillion({ writeUnits: 12, readUnits: 2 }, { writePerMillion: 0.625, readPerMillion: 0.125 }),
    ).toBe(7.75);
  });
});

describe("the town rally's verdict at the door", () => {
  const update = (volunteerId: string, activityId = 'rally'): CallRecord => ({
    name: 'UpdateItem',
    input: { Key: { pk: `ACTIVITY#${activityId}`, sk: `PERSON#${volunteerId}` } },
    output: {},
  });
  const people = ['v1', 'v2', 'v3'];

  it('passes one write call per sign-in, each to its own item', () => {
    const verdict = doorVerdict(
      new Map([
        ['GetItem', 3],
        ['UpdateItem', 3],
      ]),
      people.map((volunteerId) => update(volunteerId)),
      'rally',
      people,
    );

    expect(verdict).toEqual({
      signIns: 3,
      writeCallsPerSignIn: 1,
      itemsWritten: 3,
      itemsWrittenMoreThanOnce: 0,
      strayWrites: 0,
      passes: true,
    });
  });

  it('fails an item written by two sign-ins, a write to the activity, or a second call', () => {
    const twice = doorVerdict(
      new Map([['UpdateItem', 3]]),
      [update('v1'), update('v1'), update('v3')],
      'rally',
      people,
    );
    const counter: CallRecord = {
      name: 'TransactWriteItems',
      input: { TransactItems: [{ Update: { Key: { pk: 'ACTIVITY#rally', sk: 'ACTIVITY' } } }] },
      output: {},
    };
    const activity = doorVerdict(
      new Map([['UpdateItem', 3]]),
      [update('v1'), update('v2'), counter],
      'rally',
      people,
    );
    const failedCallsCount = doorVerdict(
      new Map([['UpdateItem', 4]]),
      people.map((volunteerId) => update(volunteerId)),
      'rally',
      people,
    );

    expect([twice.itemsWrittenMoreThanOnce, twice.passes]).toEqual([1, false]);
    expect([activity.strayWrites, activity.passes]).toEqual([1, false]);
    expect([failedCallsCount.writeCallsPerSignIn, failedCallsCount.passes]).toEqual([4 / 3, false]);
  });
});
