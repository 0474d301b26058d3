import { describe, expect, it } from 'vitest';
import { Auditor } from '../../shared/ledger/rules/audit';
import type { Movement } from '../../shared/ledger/rules/ledger';

function movement(volunteerId: string, sequence: number, signed: number, balanceAfter: number): Movement {
  const credit = signed > 0;
  return {
    id: `${volunteerId}.${sequence}`,
    sequence,
    kind: credit ? 'earn' : 'redeem',
    volunteerId,
    direction: credit ? 'credit' : 'debit',
    amount: Math.abs(signed),
    counterAccount: credit ? 'system:issuance' : 'store:S1',
    debit: credit ? 'system:issuance' : `volunteer:${volunteerId}`,
    credit: credit ? `volunteer:${volunteerId}` : 'store:S1',
    balanceAfter,
    ref: 'r',
    actor: 'a',
    at: '2026-11-01T00:00:00.000Z',
    idempotencyKey: `k${sequence}`,
  };
}

describe('audit rules', () => {
  it('accepts books that replay exactly and sum to zero', () => {
    const auditor = new Auditor();
    auditor.addAccount({ volunteerId: 'v', balance: 7, sequence: 2 });
    auditor.addMovement(movement('v', 1, 10, 10));
    auditor.addMovement(movement('v', 2, -3, 7));

    const report = auditor.report();

    expect(report).toMatchObject({ ok: true, entries: 2, volunteerBalanceTotal: 7 });
    expect(report.systemBalances).toEqual({ 'store:S1': 3, 'system:issuance': -10 });
  });

  it('reports a negative running balance, a fractional amount and an orphan movement', () => {
    const auditor = new Auditor();
    auditor.addAccount({ volunteerId: 'v', balance: -2, sequence: 2 });
    auditor.addMovement(movement('v', 1, 3, 3));
    auditor.addMovement(movement('v', 2, -5, -2));
    auditor.addMovement({ ...movement('w', 1, 1, 1), amount: 0.5 });

    const kinds = auditor.report().problems.map((problem) => problem.kind);

    expect(kinds).toEqual(expect.arrayContaining(['negative-balance', 'orphan-movement']));
    expect(kinds.filter((kind) => kind === 'negative-balance')).toHaveLength(2);
  });

  it('reports a movement whose sides do not include its volunteer', () => {
    const auditor = new Auditor();
    auditor.addAccount({ volunteerId: 'v', balance: 4, sequence: 1 });
    auditor.addMovement({ ...movement('v', 1, 4, 4), credit: 'volunteer:someone-else' });

    expect(auditor.report().problems.map((problem) => problem.kind)).toContain('unbalanced-movement');
  });

  describe("a mobile shop trip's holds", () => {
    /** A hold or release of `amount` against trip T1, as the trips store writes them. */
    const tripMovement = (
      sequence: number,
      kind: 'hold' | 'release',
      amount: number,
      balanceAfter: number,
    ): Movement => {
      const credit = kind === 'release';
      return {
        ...movement('v', sequence, credit ? amount : -amount, balanceAfter),
        kind,
        counterAccount: 'trip:T1',
        debit: credit ? 'trip:T1' : 'volunteer:v',
        credit: credit ? 'volunteer:v' : 'trip:T1',
      };
    };
    /** Earn 100, hold 60, a basket of 20 (release then redeem), the rest released. */
    const trip = (): Movement[] => [
      movement('v', 1, 100, 100),
      tripMovement(2, 'hold', 60, 40),
      tripMovement(3, 'release', 20, 60),
      movement('v', 4, -20, 40),
      tripMovement(5, 'release', 40, 80),
    ];

    it('replays what is held: the trip account ends at zero and the account holds nothing', () => {
      const auditor = new Auditor();
      auditor.addAccount({ volunteerId: 'v', balance: 80, sequence: 5, held: 0 });
      for (const one of trip()) auditor.addMovement(one);

      const report = auditor.report();

      expect(report.problems).toEqual([]);
      expect(report.systemBalances).toEqual({ 'store:S1': 20, 'system:issuance': -100, 'trip:T1': 0 });
    });

    it('reports an account whose held disagrees with its holds and releases', () => {
      const auditor = new Auditor();
      // Held 40 while the trip is open: the account says 60.
      auditor.addAccount({ volunteerId: 'v', balance: 40, sequence: 4, held: 60 });
      for (const one of trip().slice(0, 4)) auditor.addMovement(one);

      expect(auditor.report().problems).toEqual([
        expect.objectContaining({
          kind: 'held-mismatch',
          detail: 'account holds 60, its holds and releases give 40',
        }),
      ]);
    });

    it('reports a release of more than was held, and a hold against an account that is no trip', () => {
      const auditor = new Auditor();
      auditor.addAccount({ volunteerId: 'v', balance: 105, sequence: 3 });
      auditor.addMovement(movement('v', 1, 100, 100));
      auditor.addMovement(tripMovement(2, 'release', 10, 110));
      auditor.addMovement({
        ...tripMovement(3, 'hold', 5, 105),
        counterAccount: 'store:S1',
        credit: 'store:S1',
      });

      const held = auditor.report().problems.filter((problem) => problem.kind === 'held-mismatch');

      // The release with nothing held, the hold into a store, and the account against its replay.
      expect(held.map((problem) => problem.movementId)).toEqual(['v.2', 'v.3', undefined]);
    });
  });
});
