import { describe, expect, it } from 'vitest';
import {
  clipText,
  goodsSummary,
  type Movement,
  PASSBOOK_GOODS_LENGTH_MAX,
  PASSBOOK_STORE_NAME_LENGTH_MAX,
  toPassbookEntry,
} from '../../shared/ledger/rules/ledger';
import { itemSize } from '../../shared/platform/dynamo/item-size';
import { keys } from '../../shared/platform/dynamo/keys';
import { REDEMPTION_LINES_MAX } from '../../shared/platform/limits';

const movement = (overrides: Partial<Movement>): Movement => ({
  kind: 'earn',
  volunteerId: 'tan',
  direction: 'credit',
  amount: 30,
  counterAccount: 'system:issuance',
  ref: 'record:r1',
  actor: 'admin-1',
  id: 'tan.1',
  sequence: 1,
  debit: 'system:issuance',
  credit: 'volunteer:tan',
  balanceAfter: 30,
  at: '2026-12-03T02:00:00.000Z',
  idempotencyKey: 'k1',
  ...overrides,
});

describe('what a passbook line says', () => {
  it('writes the goods as people do: 肥皂×2、毛巾×1', () => {
    // Act
    const summary = goodsSummary([
      { name: '肥皂', qty: 2 },
      { name: '毛巾', qty: 1 },
    ]);

    // Assess
    expect(summary).toBe('肥皂×2、毛巾×1');
  });

  it('keeps the summary short: the first goods that fit, then how many kinds there were', () => {
    // Prepare: the most lines a redemption may have, each with a long name
    const lines = Array.from({ length: REDEMPTION_LINES_MAX }, (_, index) => ({
      name: `${'特级农家散养土鸡蛋'.repeat(4)}${index}`,
      qty: 99,
    }));

    // Act
    const summary = goodsSummary(lines);

    // Assess
    expect(Array.from(summary).length).toBeLessThanOrEqual(PASSBOOK_GOODS_LENGTH_MAX);
    expect(summary).toBe('特级农家散养土鸡蛋特级农家散养…×99、特级农家散养土鸡蛋特级农家散养…×99…等20种');
  });

  it('cuts a long name with an ellipsis, never inside a character', () => {
    expect(clipText('什川镇爱心超市', 30)).toBe('什川镇爱心超市');
    expect(clipText('😀'.repeat(40), PASSBOOK_STORE_NAME_LENGTH_MAX)).toBe(`${'😀'.repeat(29)}…`);
  });

  it('shows the service date and hours of an earn, the store and goods of a redemption, and no ids', () => {
    // Act
    const earn = toPassbookEntry(
      movement({
        memo: '护河巡查 · 什川镇',
        details: { hours: 3, serviceDate: '2026-11-20', recordId: 'r1' },
      }),
    );
    const redeem = toPassbookEntry(
      movement({
        kind: 'redeem',
        direction: 'debit',
        details: { storeId: 'S1', redemptionId: 'x', storeName: '什川镇爱心超市', goods: '肥皂×2' },
      }),
    );
    const old = toPassbookEntry(movement({ details: { recordId: 'r0' } }));

    // Assess
    expect(earn).toMatchObject({
      memo: '护河巡查 · 什川镇',
      details: { hours: 3, serviceDate: '2026-11-20' },
    });
    expect(earn.details).toEqual({ hours: 3, serviceDate: '2026-11-20' });
    expect(redeem.amount).toBe(-30);
    expect(redeem.details).toEqual({ storeName: '什川镇爱心超市', goods: '肥皂×2' });
    expect('details' in old).toBe(false);
  });

  it('adds at most 300 bytes to a redemption movement, which stays under 1 KB (one write unit)', () => {
    // Prepare: the movement item as the ledger writes it, with ids of a usual length
    const volunteerId = 'Vx3kQ9mZ2aB7cD1eF4gH5jK6';
    const storeId = 'shichuan-store';
    const at = '2026-12-03T02:00:00.000Z';
    const itemWith = (details: Movement['details']) => ({
      ...keys.movement(volunteerId, 1234),
      ...keys.movementByMonth('2026-12', 15, at, `${volunteerId}.1234`),
      entity: 'movement',
      ...movement({
        kind: 'redeem',
        volunteerId,
        direction: 'debit',
        amount: 100_000,
        counterAccount: `store:${storeId}`,
        ref: 'redemption:Qm9vZ2llV29vZ2ll',
        actor: 'counter-shichuan-01',
        id: `${volunteerId}.1234`,
        sequence: 1234,
        debit: `volunteer:${volunteerId}`,
        credit: `store:${storeId}`,
        balanceAfter: 999_999_999,
        idempotencyKey: '6f1c2a4e-8b7d-4c3a-9e5f-0a1b2c3d4e5f',
        orgId: 'shichuan-wenshan',
        details,
      }),
    });
    const ids = { storeId, redemptionId: 'Qm9vZ2llV29vZ2ll' };
    // The longest texts: a 100-character store name, 20 lines of 100-character names.
    const longest = {
      ...ids,
      storeName: clipText('爱'.repeat(100), PASSBOOK_STORE_NAME_LENGTH_MAX),
      goods: goodsSummary(
        Array.from({ length: REDEMPTION_LINES_MAX }, () => ({ name: '鸡'.repeat(100), qty: 99 })),
      ),
    };

    // Act
    const before = itemSize(itemWith(ids));
    const after = itemSize(itemWith(longest));

    // Assess
    expect(after - before).toBeLessThanOrEqual(300);
    expect(after).toBeLessThan(1024);
  });
});
