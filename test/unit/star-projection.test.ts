import { describe, expect, it } from 'vitest';
import {
  hoursChange,
  STAR_THRESHOLD_QUARTERS,
  starMove,
  starOfQuarters,
} from '../../shared/ledger/rules/projection';
import { parseStreamRecord } from '../../shared/ledger/store/stream-records';
import { STAR_THRESHOLD_HOURS, starLevel } from '../../shared/records/rules/star-level';

describe('the projection’s star levels', () => {
  it('use the record’s thresholds, in quarter hours, and agree with the record’s star level', () => {
    expect([...STAR_THRESHOLD_QUARTERS]).toEqual(STAR_THRESHOLD_HOURS.map((hours) => hours * 4));
    for (const quarters of [0, 399, 400, 1199, 1200, 2400, 3999, 4000, 5999, 6000, 9000]) {
      expect(starOfQuarters(quarters), String(quarters)).toBe(starLevel(quarters / 4));
    }
  });

  it('take an earn’s hours up, its reversal’s down, and nothing else', () => {
    const base = { details: { hours: 2.5 } } as const;
    expect(hoursChange({ ...base, kind: 'earn', direction: 'credit' })).toBe(10);
    expect(hoursChange({ ...base, kind: 'adjust', direction: 'debit' })).toBe(-10);
    for (const kind of ['redeem', 'void', 'prize'] as const)
      expect(hoursChange({ ...base, kind, direction: 'credit' })).toBe(0);
    expect(hoursChange({ kind: 'earn', direction: 'credit' })).toBe(0);
    expect(hoursChange({ kind: 'earn', direction: 'credit', details: { hours: -3 } })).toBe(0);
  });

  it('say the level before and after a change, and never go below zero hours', () => {
    expect(starMove(380, 40)).toEqual({ after: 420, from: 0, to: 1 });
    expect(starMove(1240, -800)).toEqual({ after: 440, from: 2, to: 1 });
    expect(starMove(100, -400)).toEqual({ after: 0, from: 0, to: 0 });
  });

  it('read an earn’s hours from the stream’s image of the movement', () => {
    const reading = parseStreamRecord({
      eventName: 'INSERT',
      dynamodb: {
        SequenceNumber: '1',
        NewImage: {
          entity: { S: 'movement' },
          id: { S: 'tan.3' },
          kind: { S: 'earn' },
          direction: { S: 'credit' },
          amount: { N: '25' },
          counterAccount: { S: 'system:issuance' },
          at: { S: '2026-11-20T02:00:00.000Z' },
          details: { M: { hours: { N: '2.5' }, serviceDate: { S: '2026-11-19' } } },
        },
      },
    });
    expect(reading).toMatchObject({ status: 'movement', movement: { id: 'tan.3', details: { hours: 2.5 } } });
  });
});
