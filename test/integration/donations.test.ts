import { createHash } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { IntakeRequest } from '../../shared/donations/contract/donations';
import type { DonationRecord, DonationsDeps } from '../../shared/donations/port';
import {
  canDonationStep,
  DONATION_STATUSES,
  RECEIPT_NUMBER_PATTERN,
} from '../../shared/donations/rules/donation';
import { DynamoDonationStore } from '../../shared/donations/store/donation-store';
import { DynamoStockHistory } from '../../shared/donations/store/stock-history';
import { disclosure } from '../../shared/donations/use-cases/disclosure';
import { listRegister, recordIntake, voidIntake } from '../../shared/donations/use-cases/intake';
import { donationReport, donorReportByKey, financeView } from '../../shared/donations/use-cases/reports';
import { LedgerStore } from '../../shared/ledger/store/ledger-store';
import { chinaDate } from '../../shared/platform/china-time';
import { parseConfig } from '../../shared/platform/config';
import { createDocumentClient } from '../../shared/platform/dynamo/client';
import { ENTITY, keys } from '../../shared/platform/dynamo/keys';
import { AppError } from '../../shared/platform/errors';
import { maskName } from '../../shared/platform/masking';
import { logger } from '../../shared/platform/observability';
import type { Principal } from '../../shared/platform/principal';
import { buildRuntime } from '../../shared/platform/runtime';
import type { MonthlyReport } from '../../shared/reports/rules/monthly-report';
import type { StoresDeps } from '../../shared/stores/port';
import { storesDeps } from '../../shared/stores/store/stores-deps';
import { auditStoreStock, changeStock, transferStock } from '../../shared/stores/use-cases/stock';
import { injectFaults } from '../support/fault-injection';
import { freshTable, type TestTable } from './support';

/**
 * Donations on DynamoDB Local: intake is stock-in at the receiving store with its movements and its
 * receipt number in one transaction; numbers have no gaps and no repeats however many are recorded
 * at once (and whatever DynamoDB answers meanwhile); a void takes the goods back only while the stock
 * allows and keeps the number; the store's stock still equals its history (the stock audit).
 */
let table: TestTable;
let deps: DonationsDeps;
let stores: StoresDeps;
const STORE = 'shichuan';
const VAN = 'van';
const admin: Principal = { userId: 'office-1', roles: new Set(['admin']) };
const counterElsewhere: Principal = { userId: 'counter-9', roles: new Set(['counter']), storeId: 'other' };
let serial = 0;
const next = (label: string) => `${label}-${++serial}`;
const scope = () => ({ key: next('key'), fingerprint: next('fp') });
const today = chinaDate(new Date());
const year = today.slice(0, 4);

const put = (item: Record<string, unknown>) =>
  table.client.send(new PutCommand({ TableName: table.tableName, Item: item }));
const addItem = (sku: string, storeId = STORE) =>
  put({
    ...keys.storeItem(storeId, sku),
    entity: ENTITY.storeItem,
    storeId,
    sku,
    name: sku === 'rice' ? '大米 5kg' : sku,
    pricePoints: 50,
    stock: 0,
  });
const stockOf = async (sku: string) => (await deps.donations.getItem(STORE, sku))?.stock;
const donation = (sku: string, qty: number, unitValueFen = 4500): IntakeRequest => ({
  kind: 'donation',
  storeId: STORE,
  receivedOn: today,
  donor: { kind: 'company', name: '兰州某某商贸有限公司' },
  lines: [{ sku, qty, unitValueFen }],
});
const body = (result: { body: unknown }) => result.body as DonationRecord;
const code = (error: unknown) => (error instanceof AppError ? error.code : Promise.reject(error));

beforeAll(async () => {
  table = await freshTable('donations');
  const now = () => new Date();
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
  stores = storesDeps(runtime);
  deps = {
    donations: new DynamoDonationStore({ client: table.client, tableName: table.tableName, now }),
    history: new DynamoStockHistory(table, stores),
    now,
    receiptPrefix: 'GL',
    newId: () => next('don'),
    sha256Base64url: (text) => createHash('sha256').update(text, 'utf8').digest('base64url'),
  };
  for (const [storeId, name] of [
    [STORE, '什川镇爱心超市'],
    [VAN, '流动超市'],
  ] as const) {
    await put({
      ...keys.store(storeId),
      ...keys.storeListing(storeId),
      entity: ENTITY.store,
      storeId,
      name,
      kind: 'fixed',
      createdAt: new Date(Date.now() - 86_400_000).toISOString(),
    });
  }
  for (const sku of ['rice', 'oil', 'soap', 'many', 'fault']) await addItem(sku);
});

describe('intake', () => {
  it('a donation of goods is stock-in with a receipt number, its movements linked to it', async () => {
    const result = await recordIntake(deps, admin, donation('rice', 10), scope());
    const record = body(result);
    expect(result.status).toBe(201);
    expect(record).toMatchObject({ status: 'recorded', valueFen: 45_000, storeId: STORE });
    expect(record.lines).toEqual([{ sku: 'rice', name: '大米 5kg', qty: 10, unitValueFen: 4500 }]);
    expect(record.receiptNumber).toMatch(RECEIPT_NUMBER_PATTERN);
    expect(record.receiptNumber?.startsWith(`GL-JZ-${year}-`)).toBe(true);
    expect(await stockOf('rice')).toBe(10);
    const { movements } = await stores.stock.history(STORE, 'rice', undefined, 10);
    expect(movements.map((movement) => [movement.kind, movement.delta, movement.ref])).toEqual([
      ['donation', 10, `donation:${record.donationId}`],
    ]);
    expect(await deps.donations.get(record.donationId)).toMatchObject({
      receiptNumber: record.receiptNumber,
    });
  });

  it('a purchase takes no receipt number; a money gift takes one and no stock', async () => {
    const purchase = body(
      await recordIntake(
        deps,
        admin,
        {
          kind: 'purchase',
          storeId: STORE,
          receivedOn: today,
          lines: [{ sku: 'oil', qty: 6, unitValueFen: 1990 }],
          amountFen: 11_940,
          invoice: { number: '24620000000012345678', supplier: '皋兰县某某粮油店' },
        },
        scope(),
      ),
    );
    expect(purchase).toMatchObject({ kind: 'purchase', valueFen: 11_940 });
    expect(purchase.receiptNumber).toBeUndefined();
    expect(await stockOf('oil')).toBe(6);
    const money = body(
      await recordIntake(
        deps,
        admin,
        { kind: 'money', receivedOn: today, donor: { kind: 'anonymous' }, amountFen: 50_000 },
        scope(),
      ),
    );
    expect(money).toMatchObject({ kind: 'money', valueFen: 50_000, lines: [] });
    expect(money.receiptNumber).toMatch(RECEIPT_NUMBER_PATTERN);
  });

  it('refuses an item the store does not list, and a counter of another store, writing nothing', async () => {
    await expect(recordIntake(deps, admin, donation('nothing-here', 1), scope()).catch(code)).resolves.toBe(
      'NOT_FOUND',
    );
    await expect(
      recordIntake(deps, counterElsewhere, donation('rice', 1), scope()).catch(code),
    ).resolves.toBe('FORBIDDEN');
  });

  it('the same key again answers as the first time, with one receipt and one stock-in', async () => {
    const key = scope();
    const first = await recordIntake(deps, admin, donation('soap', 2), key);
    const again = await recordIntake(deps, admin, donation('soap', 2), key);
    expect(again.replayed).toBe(true);
    expect(body(again).receiptNumber).toBe(body(first).receiptNumber);
    expect(await stockOf('soap')).toBe(2);
  });
});

describe('receipt numbers', () => {
  it('30 donations recorded at once get 30 numbers with no gap and no repeat', async () => {
    const before = body(await recordIntake(deps, admin, donation('many', 1), scope())).receiptNumber;
    const first = Number(before?.slice(-6)) + 1;
    const results = await Promise.all(
      Array.from({ length: 30 }, () => recordIntake(deps, admin, donation('many', 1), scope())),
    );
    const numbers = results
      .map((result) => Number(body(result).receiptNumber?.slice(-6)))
      .sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 30 }, (_, index) => first + index));
    expect(await stockOf('many')).toBe(31);
  }, 120_000);

  it('holds under transaction conflicts, throttling and lost answers: every number held once, none skipped', async () => {
    const faulty = createDocumentClient({ endpoint: table.endpoint, region: 'local', maxAttempts: 1 });
    const log = injectFaults(faulty, {
      seed: 20_261_204,
      rate: 0.3,
      kinds: ['transaction-conflict', 'throttling', 'lost-response'],
      commands: ['TransactWriteItems'],
    });
    const faultyDeps: DonationsDeps = {
      ...deps,
      donations: new DynamoDonationStore({
        client: faulty,
        tableName: table.tableName,
        now: () => new Date(),
      }),
    };
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () =>
        recordIntake(faultyDeps, admin, donation('fault', 1), scope()).catch(code),
      ),
    );
    expect(
      log.injected['transaction-conflict'] + log.injected.throttling + log.injected['lost-response'],
    ).toBeGreaterThan(0);
    const recorded = outcomes
      .filter((outcome) => typeof outcome !== 'string')
      .map((outcome) => body(outcome));
    for (const outcome of outcomes) if (typeof outcome === 'string') expect(outcome).toBe('UNAVAILABLE');
    // Every intake told it was recorded is stored with its number, and the fault item's stock is theirs.
    for (const record of recorded) {
      expect((await deps.donations.get(record.donationId))?.receiptNumber).toBe(record.receiptNumber);
    }
    expect(await stockOf('fault')).toBe(recorded.length);
    // The year's numbers so far, from the guards: 1..n, none twice, none skipped.
    const last = body(await recordIntake(deps, admin, donation('fault', 1), scope())).receiptNumber;
    const count = Number(last?.slice(-6));
    const held = await Promise.all(
      Array.from({ length: count }, (_, index) =>
        table.client
          .send(
            new PutCommand({
              TableName: table.tableName,
              Item: {
                ...keys.receiptNumber(`GL-JZ-${year}-${String(index + 1).padStart(6, '0')}`),
                probe: true,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            }),
          )
          .then(
            () => 'free',
            () => 'held',
          ),
      ),
    );
    expect(held.filter((state) => state === 'free')).toEqual([]);
  }, 120_000);
});

describe('void', () => {
  it('takes the goods back, keeps the number, says why; a second void is refused', async () => {
    await addItem('flour');
    const record = body(await recordIntake(deps, admin, donation('flour', 5), scope()));
    const voided = await voidIntake(deps, admin, record.donationId, { reason: '重复登记' }, scope());
    expect(body(voided)).toMatchObject({
      status: 'voided',
      voidReason: '重复登记',
      receiptNumber: record.receiptNumber,
    });
    expect(await stockOf('flour')).toBe(0);
    const { movements } = await stores.stock.history(STORE, 'flour', undefined, 10);
    expect(movements.map((movement) => [movement.kind, movement.delta])).toEqual([
      ['intake-void', -5],
      ['donation', 5],
    ]);
    await expect(
      voidIntake(deps, admin, record.donationId, { reason: '再次' }, scope()).catch(code),
    ).resolves.toBe('CONFLICT');
  });

  it('is refused while the goods are no longer all on the shelf, changing nothing', async () => {
    await addItem('eggs');
    const record = body(await recordIntake(deps, admin, donation('eggs', 4), scope()));
    await changeStock(stores, admin, STORE, 'eggs', { delta: -3, reason: '破损' }, scope());
    await expect(
      voidIntake(deps, admin, record.donationId, { reason: '登记错误' }, scope()).catch(code),
    ).resolves.toBe('OUT_OF_STOCK');
    expect(await stockOf('eggs')).toBe(1);
    expect((await deps.donations.get(record.donationId))?.status).toBe('recorded');
  });

  it('only the office voids', async () => {
    await expect(
      voidIntake(deps, counterElsewhere, 'any', { reason: '登记错误' }, scope()).catch(code),
    ).resolves.toBe('FORBIDDEN');
  });
});

describe('the rule and the store agree (D1)', () => {
  it.each(DONATION_STATUSES)('void a %s donation', async (status) => {
    // Prepare: a record in the table with the status, written as the store writes it.
    const record = body(
      await recordIntake(
        deps,
        admin,
        { kind: 'money', receivedOn: today, donor: { kind: 'anonymous' }, amountFen: 100 },
        scope(),
      ),
    );
    await put({ ...keys.donation(record.donationId), entity: ENTITY.donation, ...record, status });
    // Act: the void's plan as read before the status changed (recorded), written against the table.
    let plans = 0;
    const outcome = await deps.donations
      .write(
        { scope: 'test', ...scope() },
        undefined,
        async (at) => {
          plans += 1;
          if (plans > 1) throw new AppError('CONFLICT', 'read again: no longer recorded');
          const voided: DonationRecord = {
            ...record,
            status: 'voided',
            voidedAt: at,
            voidedBy: 'x',
            voidReason: 'y',
          };
          return {
            changes: [],
            movements: [],
            record: voided,
            write: 'void',
            response: { status: 200, body: voided },
          };
        },
        () => 'retry',
      )
      .then(
        () => 'written',
        (error: unknown) => code(error),
      );
    // Assess: the condition lets the write through exactly when the rule allows the step.
    expect(outcome === 'written').toBe(canDonationStep(status, 'void'));
    expect((await deps.donations.get(record.donationId))?.status).toBe('voided');
  });
});

describe('where the goods went', () => {
  it("a donor's report follows the goods across a transfer and a write-off; the finance view counts no redemption as none", async () => {
    // Prepare: 6 packs of noodles given at ¥12, 2 moved to the van, 1 written off.
    await addItem('noodles');
    await addItem('noodles', VAN);
    const record = body(await recordIntake(deps, admin, donation('noodles', 6, 1200), scope()));
    await transferStock(
      stores,
      admin,
      STORE,
      { toStoreId: VAN, sku: 'noodles', qty: 2, reason: '下乡' },
      scope(),
    );
    await changeStock(stores, admin, STORE, 'noodles', { delta: -1, reason: '破损' }, scope());
    // Act
    const report = await donationReport(deps, admin, record.donationId);
    const finance = await financeView(deps, today.slice(0, 7));
    // Assess
    expect(report).toMatchObject({ received: 6, writeoff: 1, voided: 0, redeemed: [] });
    expect(report.onShelf).toEqual([
      { storeId: STORE, sku: 'noodles', qty: 3 },
      { storeId: VAN, sku: 'noodles', qty: 2 },
    ]);
    expect(finance).toEqual({ month: today.slice(0, 7), stores: [], unattributedUnits: 0 });
    await expect(donationReport(deps, admin, 'no-such').catch(code)).resolves.toBe('NOT_FOUND');
  });
});

describe("one donor's report and the register", () => {
  it("gathers every donation of one donor (the same name however spaced or full-width), and no one else's", async () => {
    // Prepare: 供电公司 gives twice (once typed with a space and full-width letters, once as 单位);
    // another company and an anonymous donor give the same goods.
    await addItem('towel');
    const first = body(
      await recordIntake(
        deps,
        admin,
        { ...donation('towel', 4, 900), donor: { kind: 'company', name: '国网 ＧＬ 供电公司' } },
        scope(),
      ),
    );
    const second = body(
      await recordIntake(
        deps,
        admin,
        { ...donation('towel', 3, 900), donor: { kind: 'unit', name: '国网GL供电公司' } },
        scope(),
      ),
    );
    const other = body(await recordIntake(deps, admin, donation('towel', 5, 900), scope()));
    const anonymous = body(
      await recordIntake(
        deps,
        admin,
        { ...donation('towel', 2, 900), donor: { kind: 'anonymous' } },
        scope(),
      ),
    );
    // Act
    const key = first.donorKey ?? '';
    const report = await donorReportByKey(deps, admin, key);
    const register = await listRegister(deps, admin, { year });
    const purchases = await listRegister(deps, admin, { year, kind: 'purchase' });
    // Assess: one key for both gifts, another for the other company, none for the anonymous one.
    expect(key).toMatch(/^d[A-Za-z0-9_-]{16}$/);
    expect(second.donorKey).toBe(key);
    expect(other.donorKey).not.toBe(key);
    expect(anonymous.donorKey).toBeUndefined();
    expect(report.donations.map((record) => record.donationId)).toEqual([
      first.donationId,
      second.donationId,
    ]);
    expect(report.donor).toEqual({ kind: 'unit', name: '国网GL供电公司' });
    // FIFO: the towels' first 7 units are this donor's, all still on the shelf.
    expect(report).toMatchObject({ received: 7, writeoff: 0, voided: 0, redeemed: [] });
    expect(report.onShelf).toEqual([{ storeId: STORE, sku: 'towel', qty: 7 }]);
    const ids = register.donations.map((record) => record.donationId);
    for (const record of [first, second, other, anonymous]) expect(ids).toContain(record.donationId);
    expect(register.donations.map((record) => record.recordedAt)).toEqual(
      register.donations.map((record) => record.recordedAt).sort(),
    );
    expect(purchases.donations.length).toBeGreaterThan(0);
    expect(purchases.donations.every((record) => record.kind === 'purchase')).toBe(true);
    await expect(donorReportByKey(deps, admin, 'dAAAAAAAAAAAAAAAA').catch(code)).resolves.toBe('NOT_FOUND');
  });

  it("logs each answer that shows a person's full name, by record id and who asked, never the name", async () => {
    // Prepare
    const person = body(
      await recordIntake(
        deps,
        admin,
        { ...donation('towel', 1, 900), donor: { kind: 'person', name: '马秀英' } },
        scope(),
      ),
    );
    const company = body(await recordIntake(deps, admin, donation('towel', 1, 900), scope()));
    const info = vi.spyOn(logger, 'info');
    // Act
    await listRegister(deps, admin, { year });
    await donationReport(deps, admin, person.donationId);
    await donationReport(deps, admin, company.donationId);
    await donorReportByKey(deps, admin, person.donorKey ?? '');
    // Assess: three answers showed her name (the register, her report, her donor report), the
    // company's report none; no line holds a name
    const lines = info.mock.calls.filter(([message]) => message === 'donors shown whole');
    expect(lines).toHaveLength(3);
    for (const [, fields] of lines) {
      expect(fields).toMatchObject({ to: admin.userId });
      expect((fields as { donations: string[] }).donations).toContain(person.donationId);
      expect((fields as { donations: string[] }).donations).not.toContain(company.donationId);
    }
    expect(JSON.stringify(info.mock.calls)).not.toContain('马秀英');
    info.mockRestore();
  });
});

describe('公示', () => {
  const NO_FIGURES = { hours: 0, pointsIssued: 0, pointsRedeemed: 0, pointsAdjusted: 0, prizePoints: 0 };
  /** The notice of a month over the real register, with the report's and the stores' figures given. */
  const noticeOf = (
    month: string,
    given: {
      byOrg: MonthlyReport['byOrg'];
      byStore: MonthlyReport['byStore'];
      stores: { storeId: string; name: string; stockOnHand: number }[];
    },
  ) =>
    disclosure(
      {
        donations: deps.donations,
        monthly: async () => ({
          month,
          ...NO_FIGURES,
          movements: 0,
          byOrg: given.byOrg,
          byStore: given.byStore,
          final: false,
          generatedAt: new Date().toISOString(),
        }),
        stores: async () => given.stores,
        redemptionsDay: async () => ({ records: [], complete: true }),
        honourRoll: {
          shown: async () => false,
          monthHours: async () => [],
          people: async () => new Map(),
          winners: async () => [],
        },
      },
      month,
    );

  it("lists the month's donations by public name (a person masked, anonymous unnamed) and purchases, stock by store", async () => {
    // Prepare
    await recordIntake(
      deps,
      admin,
      { ...donation('rice', 1, 100), donor: { kind: 'person', name: '张三丰' } },
      scope(),
    );
    // Act
    const notice = await noticeOf(today.slice(0, 7), {
      byOrg: [{ orgId: 'shichuan', name: '什川镇', level: 'town', ...NO_FIGURES, hours: 12.5 }],
      byStore: [{ storeId: STORE, pointsRedeemed: 40, redemptions: 2, voids: 0 }],
      stores: [{ storeId: STORE, name: '什川镇爱心超市', stockOnHand: 9 }],
    });
    // Assess
    const text = JSON.stringify(notice);
    expect(text).not.toContain('张三丰');
    expect(notice.donations.map((one) => one.donor)).toEqual(
      expect.arrayContaining(['兰州某某商贸有限公司', '匿名捐赠', maskName('张三丰')]),
    );
    expect(notice.purchases[0]).toMatchObject({ supplier: '皋兰县某某粮油店', valueFen: 11_940 });
    expect(notice.towns).toEqual([
      { orgId: 'shichuan', name: '什川镇', hours: 12.5, pointsIssued: 0, pointsRedeemed: 0 },
    ]);
    expect(notice.stores).toEqual([
      {
        storeId: STORE,
        name: '什川镇爱心超市',
        redemptions: 2,
        voids: 0,
        pointsRedeemed: 40,
        stockOnHand: 9,
        goods: [],
      },
    ]);
    expect(notice.donations.every((one) => one.receiptNumber.startsWith('GL-JZ-'))).toBe(true);
  });

  it('shows a gift in the month it arrived even when it was recorded in the new year; a day not yet come or two years back is refused', async () => {
    // Prepare: the office, on 5 January 2099, records goods that came on 30 December 2098.
    const january = () => new Date('2099-01-05T02:00:00.000Z');
    const late: DonationsDeps = {
      ...deps,
      donations: new DynamoDonationStore({ client: table.client, tableName: table.tableName, now: january }),
      now: january,
    };
    await addItem('blanket');
    const record = body(
      await recordIntake(late, admin, { ...donation('blanket', 2, 8000), receivedOn: '2098-12-30' }, scope()),
    );
    // Act
    const notice = await noticeOf('2098-12', { byOrg: [], byStore: [], stores: [] });
    const refusals = await Promise.all(
      ['2099-01-06', '2097-12-31'].map((receivedOn) =>
        recordIntake(late, admin, { ...donation('blanket', 1), receivedOn }, scope()).catch(code),
      ),
    );
    // Assess: numbered in 2099 (the year recorded), shown in December 2098 (the month it came).
    expect(record.receiptNumber).toBe('GL-JZ-2099-000001');
    expect(notice.donations.map((one) => one.receiptNumber)).toEqual(['GL-JZ-2099-000001']);
    expect(refusals).toEqual(['VALIDATION_FAILED', 'VALIDATION_FAILED']);
    await expect(
      recordIntake(late, admin, { ...donation('blanket', 1), receivedOn: '2098-01-01' }, scope()),
    ).resolves.toMatchObject({ status: 201 });
  });
});

describe('the stock ledger still agrees with itself', () => {
  it('after intakes, purchases and voids, every item of the store equals its history', async () => {
    const audit = await auditStoreStock(stores, STORE, new Date());
    expect(audit.problems).toEqual([]);
    expect(audit.ok).toBe(true);
  });
});
