import { randomBytes } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { LedgerStore } from '../../shared/ledger/store/ledger-store';
import { parseConfig } from '../../shared/platform/config';
import { createDocumentClient } from '../../shared/platform/dynamo/client';
import { type ItemKey, keys } from '../../shared/platform/dynamo/keys';
import { AppError } from '../../shared/platform/errors';
import type { Principal } from '../../shared/platform/principal';
import { buildRuntime, type Runtime } from '../../shared/platform/runtime';
import type { SigningKeys } from '../../shared/platform/signed-token';
import { signingKeys } from '../../shared/platform/signing-keys';
import { issueVolunteerCode } from '../../shared/stores/rules/volunteer-code';
import { storesDeps } from '../../shared/stores/store/stores-deps';
import { redeem } from '../../shared/stores/use-cases/redeem';
import { auditStoreStock } from '../../shared/stores/use-cases/stock';
import { putStore, putStoreItem } from '../../shared/stores/use-cases/stores';
import { voidRedemption } from '../../shared/stores/use-cases/void-redemption';
import { injectFaults, seededRandom } from '../support/fault-injection';
import { auditLedger, movementsOf } from '../support/ledger-audit';
import { addVolunteer as addSharedVolunteer } from '../support/volunteers';
import { freshTable, type TestTable } from './support';

/**
 * Redemptions under concurrency and faults, at the use-case level: many counters at once, lost
 * answers and conflicts, and what one redemption costs in write units.
 */
const START_MS = Date.parse('2026-11-03T01:00:00.000Z');
let clockMs = START_MS;
const clock = () => {
  clockMs += 1;
  return new Date(clockMs);
};

const ADMIN: Principal = { userId: 'admin-1', roles: new Set(['admin']) };
const counterAt = (storeId: string, userId: string): Principal => ({
  userId,
  roles: new Set(['counter']),
  storeId,
});

let table: TestTable;
let runtime: Runtime;
let signing: SigningKeys;

function runtimeOn(client: DynamoDBDocumentClient, seed: number, env: Record<string, string> = {}): Runtime {
  const config = parseConfig({
    STAGE: 'local',
    TABLE_NAME: table.tableName,
    DYNAMODB_ENDPOINT: table.endpoint,
    REDEMPTIONS_PER_COUNTER_PER_MINUTE: '0',
    ...env,
  });
  const ledger = new LedgerStore({
    client,
    tableName: table.tableName,
    now: clock,
    random: seededRandom(seed),
    sleep: () => new Promise((done) => setImmediate(done)),
  });
  return { ...buildRuntime(config, { client: client }), ledger, now: clock };
}

async function addVolunteer(id: string, points: number): Promise<void> {
  await addSharedVolunteer(runtime, { id, points });
}

const newCode = (volunteerId: string): string =>
  issueVolunteerCode(volunteerId, randomBytes(12).toString('base64url'), clock(), signing).code;

const outcome = async (promise: Promise<unknown>): Promise<string> => {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
};

const balanceOf = async (volunteerId: string) =>
  Number((await runtime.ledger.getAccount(volunteerId))?.balance);

async function stockOf(storeId: string, sku: string): Promise<number> {
  const result = await table.client.send(
    new GetCommand({ TableName: table.tableName, Key: keys.storeItem(storeId, sku), ConsistentRead: true }),
  );
  return Number(result.Item?.stock);
}

const movementKinds = async (volunteerId: string): Promise<string[]> =>
  (await movementsOf(table.client, table.tableName, volunteerId)).map((movement) => String(movement.kind));

beforeAll(async () => {
  table = await freshTable('races');
  runtime = runtimeOn(table.client, 9);
  signing = await signingKeys(runtime.config);
  await putStore(storesDeps(runtime), ADMIN, 'S1', { name: '什川镇爱心超市', kind: 'fixed' });
  const catalogue: [string, string, number, number][] = [
    ['noodles', '挂面', 15, 100],
    ['oil', '食用油', 45, 3],
    ['rice', '大米 5kg', 30, 500],
    ['soap', '肥皂', 5, 500],
    ['towel', '毛巾', 12, 500],
    ['salt', '食盐', 3, 500],
    ['vinegar', '陈醋', 8, 500],
  ];
  for (const [sku, name, pricePoints, stock] of catalogue) {
    await putStoreItem(storesDeps(runtime), ADMIN, 'S1', sku, { name, pricePoints, stock });
  }
});

describe('races', () => {
  it('20 redemptions at once for one volunteer with 100 points at 15 each: exactly 6 go through', async () => {
    await addVolunteer('racer', 100);
    const stockBefore = await stockOf('S1', 'noodles');

    const codes = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        outcome(
          redeem(
            storesDeps(runtime),
            counterAt('S1', index % 2 === 0 ? 'counter-a' : 'counter-b'),
            'S1',
            { code: newCode('racer'), items: [{ sku: 'noodles', qty: 1, pricePoints: 15 }] },
            { key: `race-${index}`, fingerprint: `race-${index}` },
          ),
        ),
      ),
    );

    expect(codes.filter((code) => code === 'OK')).toHaveLength(6);
    expect(codes.filter((code) => code === 'INSUFFICIENT_POINTS')).toHaveLength(14);
    expect(await balanceOf('racer')).toBe(10);
    expect(await stockOf('S1', 'noodles')).toBe(stockBefore - 6);
    expect(await movementKinds('racer')).toEqual(['earn', ...Array.from({ length: 6 }, () => 'redeem')]);
  });

  it('two counters racing for the last 3 units of one item: exactly 3 units go out', async () => {
    const volunteers = Array.from({ length: 10 }, (_, index) => `buyer${index}`);
    for (const volunteerId of volunteers) await addVolunteer(volunteerId, 100);

    const codes = await Promise.all(
      volunteers.map((volunteerId, index) =>
        outcome(
          redeem(
            storesDeps(runtime),
            counterAt('S1', index < 5 ? 'counter-a' : 'counter-b'),
            'S1',
            { code: newCode(volunteerId), items: [{ sku: 'oil', qty: 1, pricePoints: 45 }] },
            { key: `last-${volunteerId}`, fingerprint: `last-${volunteerId}` },
          ),
        ),
      ),
    );

    expect(codes.filter((code) => code === 'OK')).toHaveLength(3);
    expect(codes.filter((code) => code === 'OUT_OF_STOCK')).toHaveLength(7);
    expect(await stockOf('S1', 'oil')).toBe(0);
    const balances = await Promise.all(volunteers.map(balanceOf));
    expect(balances.filter((balance) => balance === 55)).toHaveLength(3);
    expect(balances.filter((balance) => balance === 100)).toHaveLength(7);
  });

  it('one code raced at two counters with different keys is spent once', async () => {
    await addVolunteer('twice', 100);
    const code = newCode('twice');

    const codes = await Promise.all(
      ['counter-a', 'counter-b', 'counter-c'].map((userId) =>
        outcome(
          redeem(
            storesDeps(runtime),
            counterAt('S1', userId),
            'S1',
            { code, items: [{ sku: 'soap', qty: 1, pricePoints: 5 }] },
            { key: `same-code-${userId}`, fingerprint: `same-code-${userId}` },
          ),
        ),
      ),
    );

    expect(codes.sort()).toEqual(['CODE_USED', 'CODE_USED', 'OK']);
    expect(await balanceOf('twice')).toBe(95);
  });

  it('voids racing with different keys (a counter and an admin) give points and stock back once', async () => {
    await addVolunteer('regret', 100);
    const redeemed = await redeem(
      storesDeps(runtime),
      counterAt('S1', 'counter-a'),
      'S1',
      { code: newCode('regret'), items: [{ sku: 'towel', qty: 3, pricePoints: 12 }] },
      { key: 'regret-buy', fingerprint: 'regret-buy' },
    );
    const id = String((redeemed.body as { id: string }).id);
    const towels = await stockOf('S1', 'towel');

    const codes = await Promise.all(
      [counterAt('S1', 'counter-a'), counterAt('S1', 'counter-b'), ADMIN, ADMIN].map((principal, index) =>
        outcome(
          voidRedemption(
            storesDeps(runtime),
            principal,
            'S1',
            id,
            { reason: '退货' },
            { key: `undo-${index}`, fingerprint: 'x' },
          ),
        ),
      ),
    );

    expect(codes.sort()).toEqual(['ALREADY_VOIDED', 'ALREADY_VOIDED', 'ALREADY_VOIDED', 'OK']);
    expect(await balanceOf('regret')).toBe(100);
    expect(await stockOf('S1', 'towel')).toBe(towels + 3);
    expect(await movementKinds('regret')).toEqual(['earn', 'redeem', 'void']);
  });
});

describe('under injected faults', () => {
  it('redemptions and voids retried through lost answers and conflicts count exactly once', async () => {
    const volunteers = Array.from({ length: 10 }, (_, index) => `faulty${index}`);
    for (const volunteerId of volunteers) await addVolunteer(volunteerId, 200);
    const stockBefore = await Promise.all(['rice', 'towel'].map((sku) => stockOf('S1', sku)));
    const faulty = createDocumentClient({ endpoint: table.endpoint, region: 'local' });
    const log = injectFaults(faulty, { seed: Number(process.env.FAULT_SEED ?? 42), rate: 0.25 });
    const shaky = runtimeOn(faulty, 13);

    /** What a counter's app does: the same request with the same key until it gets an answer. */
    const withClientRetries = async (attempt: () => Promise<unknown>): Promise<unknown> => {
      for (let round = 0; round < 12; round += 1) {
        try {
          return await attempt();
        } catch (error) {
          if (error instanceof AppError && error.code !== 'UNAVAILABLE') throw error;
        }
      }
      throw new Error('gave up');
    };

    // One volunteer after another, so the seeded faults fall on the same calls in every run.
    for (const [index, volunteerId] of volunteers.entries()) {
      const principal = counterAt('S1', `counter-${index % 3}`);
      const code = newCode(volunteerId);
      const request = {
        code,
        items: [
          { sku: 'rice', qty: 2, pricePoints: 30 },
          { sku: 'towel', qty: 1, pricePoints: 12 },
        ],
      };
      const redeemed = (await withClientRetries(() =>
        redeem(storesDeps(shaky), principal, 'S1', request, {
          key: `f-${volunteerId}`,
          fingerprint: volunteerId,
        }),
      )) as { body: { id: string; balanceAfter: number } };
      expect(redeemed.body.balanceAfter).toBe(128);
      const voided = (await withClientRetries(() =>
        voidRedemption(
          storesDeps(shaky),
          principal,
          'S1',
          redeemed.body.id,
          { reason: '退货' },
          { key: `v-${volunteerId}`, fingerprint: `v-${volunteerId}` },
        ),
      )) as { body: { balanceAfter: number } };
      expect(voided.body.balanceAfter).toBe(200);
    }
    log.enabled = false;

    expect(log.injected['lost-response']).toBeGreaterThan(0);
    expect(log.injected['transaction-conflict']).toBeGreaterThan(0);
    for (const volunteerId of volunteers) {
      expect(await balanceOf(volunteerId)).toBe(200);
      expect(await movementKinds(volunteerId)).toEqual(['earn', 'redeem', 'void']);
    }
    expect([await stockOf('S1', 'rice'), await stockOf('S1', 'towel')]).toEqual(stockBefore);
    expect((await auditLedger(table.client, table.tableName)).problems).toEqual([]);
    expect((await auditStoreStock(storesDeps(runtime), 'S1', clock())).problems).toEqual([]);
  });
});

/* Write units, counted from the items one redemption writes, by DynamoDB's sizing rules. */

type Attribute = unknown;

/** DynamoDB's item size: names and values in UTF-8; numbers ~1 byte per 2 digits + 1; containers 3 + 1 per element. */
function sizeOfValue(value: Attribute): number {
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (typeof value === 'number') {
    const digits = String(Math.abs(value)).replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
    return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
  }
  if (typeof value === 'boolean' || value === null) return 1;
  if (Array.isArray(value))
    return 3 + value.reduce((sum: number, element) => sum + 1 + sizeOfValue(element), 0);
  if (typeof value === 'object') {
    return (
      3 +
      Object.entries(value as Record<string, unknown>).reduce(
        (sum, [name, element]) => sum + 1 + Buffer.byteLength(name, 'utf8') + sizeOfValue(element),
        0,
      )
    );
  }
  throw new Error(`cannot size ${typeof value}`);
}

const itemSize = (item: Record<string, unknown>): number =>
  Object.entries(item).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name, 'utf8') + sizeOfValue(value),
    0,
  );

interface WriteUnits {
  items: number;
  sizes: number[];
  tableUnits: number;
  indexUnits: number;
}

/** Runs one redemption and counts: 2 units per KB per transactional item, 1 per KB per index write. */
async function unitsOf(lines: number): Promise<WriteUnits> {
  const counted = createDocumentClient({ endpoint: table.endpoint, region: 'local' });
  const writes: TransactWriteCommandInput[] = [];
  counted.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'TransactWriteItemsCommand') {
        writes.push((args as { input: TransactWriteCommandInput }).input);
      }
      return next(args);
    },
    { step: 'initialize', name: 'captureWrites' },
  );
  // The default caps, so the cap items are counted too.
  const measured = runtimeOn(counted, 21, { REDEMPTIONS_PER_COUNTER_PER_MINUTE: '30' });
  const volunteerId = `units${lines}`;
  await addVolunteer(volunteerId, 1000);
  const skus = ['rice', 'soap', 'towel', 'salt', 'vinegar'].slice(0, lines);
  const prices: Record<string, number> = { rice: 30, soap: 5, towel: 12, salt: 3, vinegar: 8 };
  const request = {
    code: newCode(volunteerId),
    items: skus.map((sku) => ({ sku, qty: 1, pricePoints: prices[sku] ?? 0 })),
  };
  const keysWritten = (input: TransactWriteCommandInput): ItemKey[] =>
    (input.TransactItems ?? []).map((entry) => {
      const key = entry.Put?.Item ?? entry.Update?.Key ?? entry.Delete?.Key ?? entry.ConditionCheck?.Key;
      return { pk: String(key?.pk), sk: String(key?.sk) };
    });
  const read = async (key: ItemKey) =>
    (await table.client.send(new GetCommand({ TableName: table.tableName, Key: key, ConsistentRead: true })))
      .Item;
  const before = new Map<string, Record<string, unknown> | undefined>();
  for (const sku of skus)
    before.set(`${keys.storeItem('S1', sku).sk}`, await read(keys.storeItem('S1', sku)));
  before.set('ACCOUNT', await read(keys.volunteerAccount(volunteerId)));

  await redeem(storesDeps(measured), counterAt('S1', 'counter-units'), 'S1', request, {
    key: `units-${lines}`,
    fingerprint: `units-${lines}`,
  });

  const write = writes.at(-1);
  if (write === undefined) throw new Error('no transaction captured');
  const sizes: number[] = [];
  let tableUnits = 0;
  let indexUnits = 0;
  for (const key of keysWritten(write)) {
    const after = (await read(key)) ?? {};
    const old = before.get(key.sk);
    const size = Math.max(itemSize(after), old === undefined ? 0 : itemSize(old));
    sizes.push(size);
    tableUnits += 2 * Math.ceil(size / 1024);
    for (const index of ['gsi1pk', 'gsi2pk'])
      if (after[index] !== undefined) indexUnits += Math.ceil(size / 1024);
  }
  return { items: sizes.length, sizes, tableUnits, indexUnits };
}

describe('write units of one redemption', () => {
  it('a 1-line redemption writes 7 items, each under 1 KB: 14 table units and 2 index units', async () => {
    const units = await unitsOf(1);

    expect(units.items).toBe(7);
    expect(Math.max(...units.sizes)).toBeLessThan(1024);
    expect(units.tableUnits).toBe(14);
    expect(units.indexUnits).toBe(2);
  });

  it('a 5-line redemption writes 11 items: 22 table units and 2 index units', async () => {
    const units = await unitsOf(5);

    expect(units.items).toBe(11);
    expect(Math.max(...units.sizes)).toBeLessThan(1024);
    expect(units.tableUnits).toBe(22);
    expect(units.indexUnits).toBe(2);
  });
});
