import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { LedgerStore } from '../../shared/ledger/store/ledger-store';
import { chinaDate } from '../../shared/platform/china-time';
import { parseConfig } from '../../shared/platform/config';
import { ENTITY, keys, movementId } from '../../shared/platform/dynamo/keys';
import { AppError } from '../../shared/platform/errors';
import { CARD_PIN_ATTEMPTS_MAX } from '../../shared/platform/limits';
import { buildRuntime } from '../../shared/platform/runtime';
import type { StockPlan, StoresDeps } from '../../shared/stores/port';
import { buildBasket } from '../../shared/stores/rules/basket';
import {
  belowLock,
  type CardRecord,
  type CardStatus,
  canIssueCard,
  canResetPin,
  canTryPin,
} from '../../shared/stores/rules/card';
import {
  type Caps,
  canVoid,
  codeUnspent,
  counterMinuteHasRoom,
  dailySpendHasRoom,
  type RedemptionRecord,
  type RedemptionStatus,
} from '../../shared/stores/rules/redemption';
import { canTakeLine, stockUnchanged } from '../../shared/stores/rules/stock';
import { canAddItem, canRenameItem, type StoreItemRecord } from '../../shared/stores/rules/store';
import { storesDeps } from '../../shared/stores/store/stores-deps';
import { addVolunteer } from '../support/volunteers';
import { freshTable, type TestTable } from './support';

/**
 * D1, a rule with its condition: for every shape a redemption, a store item or a card can have, the
 * pure rule of shared/stores/rules/ says yes exactly when the store's conditional write (through
 * the port, StoresDeps) succeeds on DynamoDB Local. A rule changed on one side only fails here.
 */
const NOW = new Date('2026-11-20T02:00:00.000Z');
const AT = NOW.toISOString();
const STORE = 'S1';
const BUYER = 'buyer';
const NO_CAPS: Caps = { pointsPerVolunteerPerDay: 0, redemptionsPerCounterPerMinute: 0 };
const DAILY_CAP = 100;
const MINUTE_CAP = 3;

let table: TestTable;
let deps: StoresDeps;
let serial = 0;
const next = (prefix: string) => {
  serial += 1;
  return `${prefix}-${serial}`;
};
const scope = () => ({ scope: 'user:rules', key: next('k'), fingerprint: 'f' });

const put = (item: Record<string, unknown>) =>
  table.client.send(new PutCommand({ TableName: table.tableName, Item: item }));

/** A catalogue item written straight to the table as the store keeps it. */
async function itemOf(sku: string, stock: number, pricePoints: number): Promise<StoreItemRecord> {
  const item = { storeId: STORE, sku, name: sku, pricePoints, stock };
  await put({ ...keys.storeItem(STORE, sku), entity: ENTITY.storeItem, ...item });
  return item;
}

/** What a call came to: 'ok', or the contract's code of its refusal. */
async function outcome(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'ok';
  } catch (error) {
    if (error instanceof AppError) return error.code;
    if (error instanceof ConditionalCheckFailedException) return 'condition-failed';
    throw error;
  }
}

const redeemOne = (
  sku: string,
  line: { qty: number; pricePoints: number },
  options: Partial<{ id: string; caps: Caps; counter: string }> = {},
) =>
  deps.redemptions.redeem({
    id: options.id ?? next('code'),
    storeId: STORE,
    volunteerId: BUYER,
    counterUserId: options.counter ?? 'counter-1',
    basket: buildBasket([{ sku, ...line }]),
    caps: options.caps ?? NO_CAPS,
    idempotency: scope(),
  });

beforeAll(async () => {
  table = await freshTable('stores-rules');
  const now = () => NOW;
  const config = parseConfig({
    STAGE: 'local',
    TABLE_NAME: table.tableName,
    DYNAMODB_ENDPOINT: table.endpoint,
  });
  const runtime = {
    ...buildRuntime(config, { client: table.client }),
    ledger: new LedgerStore({ client: table.client, tableName: table.tableName, now }),
    now,
  };
  deps = storesDeps(runtime);
  await put({
    ...keys.store(STORE),
    entity: ENTITY.store,
    storeId: STORE,
    name: '什川镇爱心超市',
    kind: 'fixed',
  });
  await addVolunteer(runtime, { id: BUYER, points: 100_000 });
});

describe('a redemption rule and its condition expression agree', () => {
  const STATUSES: RedemptionStatus[] = ['completed', 'voided'];

  it.each(STATUSES)('void a %s redemption', async (status) => {
    await itemOf('void-soap', 10, 5);
    const record: RedemptionRecord = {
      id: next('red'),
      storeId: STORE,
      volunteerId: BUYER,
      counterUserId: 'counter-1',
      at: AT,
      date: chinaDate(AT),
      status,
      lines: [{ sku: 'void-soap', name: '肥皂', qty: 1, pricePoints: 5, points: 5 }],
      pointsSpent: 5,
      // The volunteer's first movement (their earn): the void's correction names a movement that exists.
      movementId: movementId(BUYER, 1),
      ...(status === 'voided' ? { voidedAt: AT, voidedBy: 'admin-1', voidReason: '退货' } : {}),
    };
    await put({
      ...keys.redemption(record.id),
      ...keys.redemptionByStoreDay(STORE, record.date, record.at, record.id),
      entity: ENTITY.redemption,
      ...record,
    });
    const result = await outcome(
      deps.redemptions.void(record, { by: 'admin-1', reason: '退货', idempotency: scope() }),
    );
    expect(result === 'ok').toBe(canVoid(record));
    if (result !== 'ok') expect(result).toBe('ALREADY_VOIDED');
    const after = await deps.redemptions.get(record.id);
    expect(after?.status).toBe('voided');
  });

  it.each([false, true])('spend a code whose redemption exists: %s', async (exists) => {
    await itemOf('code-soap', 10, 5);
    const id = next('code');
    const existing = exists
      ? { ...keys.redemption(id), entity: ENTITY.redemption, id, status: 'completed' }
      : undefined;
    if (existing !== undefined) await put(existing);
    const result = await outcome(redeemOne('code-soap', { qty: 1, pricePoints: 5 }, { id }));
    expect(result === 'ok').toBe(codeUnspent(existing));
    if (result !== 'ok') expect(result).toBe('CODE_USED');
  });

  const SPENT = [undefined, 0, DAILY_CAP - 10, DAILY_CAP - 5, DAILY_CAP - 4, DAILY_CAP];
  it.each(SPENT.map((spent) => [String(spent), spent] as const))(
    'count 5 points on a day that holds %s under the daily cap',
    async (_label, spent) => {
      await itemOf('cap-soap', 10, 5);
      // The day's item as the shape says: without `points` when nothing is counted yet.
      await put({
        ...keys.dailySpend(BUYER, chinaDate(AT)),
        entity: ENTITY.dailySpend,
        ...(spent === undefined ? {} : { points: spent }),
      });
      const caps = { ...NO_CAPS, pointsPerVolunteerPerDay: DAILY_CAP };
      const result = await outcome(redeemOne('cap-soap', { qty: 1, pricePoints: 5 }, { caps }));
      expect(result === 'ok').toBe(dailySpendHasRoom(spent, 5, DAILY_CAP));
      if (result !== 'ok') expect(result).toBe('THROTTLED');
    },
  );

  it.each(
    [undefined, 0, MINUTE_CAP - 1, MINUTE_CAP, MINUTE_CAP + 1].map((made) => [String(made), made] as const),
  )('count a redemption on a counter minute that holds %s', async (_label, made) => {
    await itemOf('minute-soap', 10, 5);
    const counter = next('counter');
    if (made !== undefined) {
      await put({ ...keys.counterMinute(counter, AT.slice(0, 16)), entity: ENTITY.counterMinute, n: made });
    }
    const caps = { ...NO_CAPS, redemptionsPerCounterPerMinute: MINUTE_CAP };
    const result = await outcome(redeemOne('minute-soap', { qty: 1, pricePoints: 5 }, { caps, counter }));
    expect(result === 'ok').toBe(counterMinuteHasRoom(made, MINUTE_CAP));
    if (result !== 'ok') expect(result).toBe('THROTTLED');
  });
});

describe('a stock rule and its condition expression agree', () => {
  interface LineShape {
    stock: number | undefined;
    pricePoints: number;
    qty: number;
  }
  const LINE_SHAPES: LineShape[] = [undefined, 0, 1, 2, 3].flatMap((stock) =>
    [5, 6].flatMap((pricePoints) => [1, 2].map((qty) => ({ stock, pricePoints, qty }))),
  );
  const lineLabel = (shape: LineShape) =>
    `${shape.qty} at 5 from ${shape.stock === undefined ? 'no item' : `${shape.stock} in stock at ${shape.pricePoints}`}`;

  it.each(LINE_SHAPES.map((shape) => [lineLabel(shape), shape] as const))(
    'take %s (the stock floor)',
    async (_label, shape) => {
      const sku = next('line');
      const current =
        shape.stock === undefined ? undefined : await itemOf(sku, shape.stock, shape.pricePoints);
      const line = { qty: shape.qty, pricePoints: 5 };
      const result = await outcome(redeemOne(sku, line));
      expect(result === 'ok').toBe(canTakeLine(current, line));
      const after = await deps.catalogue.getItem(STORE, sku);
      if (after !== undefined) expect(after.stock).toBeGreaterThanOrEqual(0);
      if (result === 'ok') expect(after?.stock).toBe((shape.stock ?? 0) - shape.qty);
      else expect(after?.stock).toBe(shape.stock);
    },
  );

  const PINNED_READ = 3;
  it.each(
    [undefined, PINNED_READ - 1, PINNED_READ, PINNED_READ + 1].map(
      (stock) => [String(stock), stock] as const,
    ),
  )('change stock read as 3 when the item holds %s (its version)', async (_label, stock) => {
    const sku = next('pin');
    const current = stock === undefined ? undefined : await itemOf(sku, stock, 5);
    const read: StoreItemRecord = { storeId: STORE, sku, name: sku, pricePoints: 5, stock: PINNED_READ };
    const plan = async (at: string): Promise<StockPlan> => ({
      changes: [{ item: read, delta: -1, by: 'admin-1' }],
      movements: [
        {
          id: next('mov'),
          storeId: STORE,
          sku,
          kind: 'writeoff',
          delta: -1,
          stockAfter: PINNED_READ - 1,
          ref: 'rules',
          reason: '损坏',
          actor: 'admin-1',
          at,
        },
      ],
      response: { status: 200, body: {} },
    });
    const result = await outcome(
      deps.stock.apply(scope(), plan, () => new AppError('CONFLICT', 'the item changed since it was read')),
    );
    expect(result === 'ok').toBe(stockUnchanged(current, PINNED_READ));
    const after = await deps.catalogue.getItem(STORE, sku);
    expect(after?.stock).toBe(result === 'ok' ? PINNED_READ - 1 : stock);
  });

  it.each([
    [true, false],
    [true, true],
    [false, false],
  ] as const)('add an item (store exists: %s, item exists: %s)', async (storeExists, itemExists) => {
    const storeId = storeExists ? STORE : next('nostore');
    const sku = next('new');
    const existing = itemExists ? await itemOf(sku, 1, 5) : undefined;
    const added = await deps.catalogue.addItem(
      {
        storeId,
        sku,
        name: sku,
        pricePoints: 5,
        stock: 0,
        createdAt: AT,
        updatedAt: AT,
        updatedBy: 'admin-1',
      },
      undefined,
    );
    expect(added === 'added').toBe(canAddItem(storeExists ? {} : undefined, existing));
    if (!storeExists) expect(added).toBe('no-store');
  });

  it.each([false, true])('rename an item that exists: %s', async (exists) => {
    const sku = next('rename');
    const existing = exists ? await itemOf(sku, 4, 5) : undefined;
    const result = await outcome(
      deps.catalogue.updateItem(STORE, sku, { name: '新名', pricePoints: 6 }, 'admin-1', AT),
    );
    expect(result === 'ok').toBe(canRenameItem(existing));
    if (result === 'ok') expect((await deps.catalogue.getItem(STORE, sku))?.stock).toBe(4);
  });
});

describe('a card rule and its condition expression agree', () => {
  const HASH = 'hash-read';
  const PIN = { pinHash: 'new-hash', pinSalt: 'salt', pinScheme: 'scrypt-16384-8-1' };

  interface CardShape {
    exists: boolean;
    owner: 'v1' | 'v2';
    status: CardStatus;
    pinHash: string;
    failedAttempts: number | undefined;
  }
  const CARD_SHAPES: CardShape[] = [
    { exists: false, owner: 'v1', status: 'active', pinHash: HASH, failedAttempts: undefined },
    ...(['v1', 'v2'] as const).flatMap((owner) =>
      (['active', 'replaced'] as const).flatMap((status) =>
        [HASH, 'other-hash'].flatMap((pinHash) =>
          [undefined, 0, CARD_PIN_ATTEMPTS_MAX - 1, CARD_PIN_ATTEMPTS_MAX].map((failedAttempts) => ({
            exists: true,
            owner,
            status,
            pinHash,
            failedAttempts,
          })),
        ),
      ),
    ),
  ];
  const cardLabel = (shape: CardShape) =>
    shape.exists
      ? `${shape.owner}'s ${shape.status} card, ${shape.pinHash}, ${String(shape.failedAttempts)} wrong`
      : 'no card';

  /** A card of the shape, written straight to the table; undefined when the shape has none. */
  async function cardOf(shape: CardShape): Promise<{ cardNumber: string; card: CardRecord | undefined }> {
    const cardNumber = next('card');
    if (!shape.exists) return { cardNumber, card: undefined };
    const card: CardRecord = {
      cardNumber,
      volunteerId: shape.owner,
      status: shape.status,
      pinHash: shape.pinHash,
      pinSalt: 'salt',
      ...(shape.failedAttempts === undefined ? {} : { failedAttempts: shape.failedAttempts }),
    };
    await put({ ...keys.card(cardNumber), entity: ENTITY.card, ...card });
    return { cardNumber, card };
  }

  it.each(CARD_SHAPES.map((shape) => [cardLabel(shape), shape] as const))(
    'accept the right PIN on %s',
    async (_label, shape) => {
      const { cardNumber, card } = await cardOf(shape);
      expect(await deps.cards.acceptPin(cardNumber, HASH, AT)).toBe(canTryPin(card, HASH));
    },
  );

  it.each(CARD_SHAPES.map((shape) => [cardLabel(shape), shape] as const))(
    'count a wrong PIN on %s',
    async (_label, shape) => {
      const { cardNumber, card } = await cardOf(shape);
      const count = await deps.cards.countWrongPin({ card: cardNumber, pinHash: HASH }, AT);
      expect(count.counted).toBe(canTryPin(card, HASH));
      if (count.counted) expect(count.failedAttempts).toBe((card?.failedAttempts ?? 0) + 1);
    },
  );

  it.each(CARD_SHAPES.map((shape) => [cardLabel(shape), shape] as const))(
    "set v1's PIN on %s",
    async (_label, shape) => {
      const { cardNumber, card } = await cardOf(shape);
      expect(await deps.cards.resetPin(cardNumber, 'v1', PIN, 'admin-1', AT)).toBe(canResetPin(card, 'v1'));
    },
  );

  it.each(
    [undefined, 0, CARD_PIN_ATTEMPTS_MAX - 1, CARD_PIN_ATTEMPTS_MAX].map(
      (failed) => [String(failed), failed] as const,
    ),
  )('count a wrong PIN on an unknown number whose guard holds %s', async (_label, failed) => {
    const guard = next('guard');
    if (failed !== undefined)
      await put({ ...keys.cardGuard(guard), entity: ENTITY.cardGuard, failedAttempts: failed });
    const count = await deps.cards.countWrongPin({ guard }, AT);
    expect(count.counted).toBe(belowLock(failed));
  });

  interface IssueShape {
    numberTaken: boolean;
    holding: 'none' | 'current' | 'other';
    replacing: boolean;
  }
  const ISSUE_SHAPES: IssueShape[] = [false, true].flatMap((numberTaken) =>
    (['none', 'current', 'other'] as const).flatMap((holding) =>
      [false, true].map((replacing) => ({ numberTaken, holding, replacing })),
    ),
  );

  it.each(ISSUE_SHAPES.map((shape) => [JSON.stringify(shape), shape] as const))(
    'issue a card when %s (a card is bound to one volunteer)',
    async (_label, shape) => {
      const volunteerId = next('holder');
      const cardNumber = next('issued');
      const currentNumber = next('old');
      const atNumber = shape.numberTaken ? { volunteerId: 'someone-else' } : undefined;
      if (atNumber !== undefined) {
        await put({
          ...keys.card(cardNumber),
          entity: ENTITY.card,
          cardNumber,
          status: 'active',
          ...atNumber,
        });
      }
      const holding =
        shape.holding === 'none'
          ? undefined
          : { cardNumber: shape.holding === 'current' ? currentNumber : next('x') };
      if (holding !== undefined) {
        await put({ ...keys.volunteerCard(volunteerId), entity: ENTITY.cardRef, volunteerId, ...holding });
      }
      const current = shape.replacing ? currentNumber : undefined;
      const issued = await deps.cards.issue(cardNumber, volunteerId, current, PIN, 'admin-1', AT);
      expect(issued === 'issued').toBe(canIssueCard(atNumber, holding, current));
      if (issued === 'issued') expect(await deps.cards.heldBy(volunteerId)).toBe(cardNumber);
    },
  );
});

describe('each rule says yes for some shapes and no for others', () => {
  it('so none of the tables above is all one answer', () => {
    const both = (answers: boolean[]) => expect([...new Set(answers)].sort()).toEqual([false, true]);
    both((['completed', 'voided'] as const).map((status) => canVoid({ status })));
    both([undefined, {}].map(codeUnspent));
    both([undefined, 95, 96].map((spent) => dailySpendHasRoom(spent, 5, DAILY_CAP)));
    both([undefined, 2, 3].map((made) => counterMinuteHasRoom(made, MINUTE_CAP)));
    both([0, 1, 2].map((stock) => canTakeLine({ stock, pricePoints: 5 }, { qty: 2, pricePoints: 5 })));
    both([2, 3].map((stock) => stockUnchanged({ stock }, 3)));
    both([undefined, CARD_PIN_ATTEMPTS_MAX].map(belowLock));
  });
});
