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
});
