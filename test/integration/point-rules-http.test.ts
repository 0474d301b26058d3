import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as listPointRules } from '../../functions/earning/list-point-rules';
import { handler as putPointRule } from '../../functions/earning/put-point-rule';
import { LedgerStore } from '../../shared/ledger/store/ledger-store';
import { parseConfig } from '../../shared/platform/config';
import { buildRuntime, installRuntime } from '../../shared/platform/runtime';
import { seededRandom } from '../support/fault-injection';
import { type Caller, callers, invoke } from '../support/http';
import { steppingClock } from '../support/ledger-fixtures';
import { freshTable, type TestTable } from './support';

const PUT = 'PUT /v1/point-rules/{ruleId}';
const LIST = 'GET /v1/point-rules';

let table: TestTable;

const put = (ruleId: string, body: unknown, caller: Caller | null = callers.admin) =>
  invoke(putPointRule, { routeKey: PUT, params: { ruleId }, body, ...(caller === null ? {} : { caller }) });

beforeAll(async () => {
  table = await freshTable('rules');
  const base = buildRuntime(
    parseConfig({ STAGE: 'local', TABLE_NAME: table.tableName, DYNAMODB_ENDPOINT: table.endpoint }),
    { client: table.client },
  );
  const now = steppingClock();
  installRuntime({
    ...base,
    now,
    ledger: new LedgerStore({
      client: table.client,
      tableName: table.tableName,
      now,
      random: seededRandom(3),
    }),
  });
});

afterAll(() => installRuntime(undefined));

describe('PUT /v1/point-rules/{ruleId}', () => {
  it('creates version 1, adds version 2 on a change and keeps the history', async () => {
    const created = await put('county', { pointsPerHour: 10, effectiveFrom: '2025-01-01' });
    const changed = await put('county', { pointsPerHour: 12, effectiveFrom: '2025-07-01' });

    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      ruleId: 'county',
      version: 1,
      pointsPerHour: 10,
      updatedBy: 'admin-1',
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      ruleId: 'county',
      version: 2,
      pointsPerHour: 12,
      effectiveFrom: '2025-07-01',
    });
    expect(
      (changed.body.history as { version: number; pointsPerHour: number }[]).map((v) => v.pointsPerHour),
    ).toEqual([10, 12]);
  });

  it('makes no new version when the same content is sent again', async () => {
    const again = await put('county', { pointsPerHour: 12, effectiveFrom: '2025-07-01' });
    expect(again.body).toMatchObject({ version: 2 });
  });

  it('gives two concurrent updates distinct versions', async () => {
    const answers = await Promise.all([
      put('busy', { pointsPerHour: 5, effectiveFrom: '2025-01-01' }),
      put('busy', { pointsPerHour: 6, effectiveFrom: '2025-01-01' }),
      put('busy', { pointsPerHour: 7, effectiveFrom: '2025-01-01' }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    const list = await invoke(listPointRules, { routeKey: LIST, caller: callers.admin });
    const busy = (list.body.rules as { ruleId: string; history: { version: number }[] }[]).find(
      (rule) => rule.ruleId === 'busy',
    );
    expect(busy?.history.map((version) => version.version)).toEqual([1, 2, 3]);
  });

  it('keeps a rule’s project for life and refuses the built-in rule id', async () => {
    await put('elder-care', { pointsPerHour: 20, effectiveFrom: '2025-03-01', projectId: 'elder' });
    const moved = await put('elder-care', { pointsPerHour: 20, effectiveFrom: '2025-03-01' });
    const builtIn = await put('default', { pointsPerHour: 20, effectiveFrom: '2025-03-01' });

    expect([moved.status, moved.body.code]).toEqual([409, 'CONFLICT']);
    expect([builtIn.status, builtIn.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('refuses bad input and other roles, and writes nothing', async () => {
    const before = await ruleItems();
    const cases: [unknown, Caller | null, number, string][] = [
      [{ pointsPerHour: 0, effectiveFrom: '2025-01-01' }, callers.admin, 400, 'VALIDATION_FAILED'],
      [{ pointsPerHour: 1001, effectiveFrom: '2025-01-01' }, callers.admin, 400, 'VALIDATION_FAILED'],
      [{ pointsPerHour: 1.5, effectiveFrom: '2025-01-01' }, callers.admin, 400, 'VALIDATION_FAILED'],
      [{ pointsPerHour: '10', effectiveFrom: '2025-01-01' }, callers.admin, 400, 'VALIDATION_FAILED'],
      [{ pointsPerHour: 10, effectiveFrom: '2026-02-30' }, callers.admin, 400, 'VALIDATION_FAILED'],
      [{ pointsPerHour: 10, effectiveFrom: '2026-00-10' }, callers.admin, 400, 'VALIDATION_FAILED'],
      [{ pointsPerHour: 10, effectiveFrom: '2026-13-01' }, callers.admin, 400, 'VALIDATION_FAILED'],
      [{ pointsPerHour: 10, effectiveFrom: '2026-01-32' }, callers.admin, 400, 'VALIDATION_FAILED'],
      [{ pointsPerHour: 10, effectiveFrom: '2025-01-01', x: 1 }, callers.admin, 400, 'VALIDATION_FAILED'],
      [{ pointsPerHour: 10, effectiveFrom: '2025-01-01' }, callers.coordinator('gaolan'), 403, 'FORBIDDEN'],
      [{ pointsPerHour: 10, effectiveFrom: '2025-01-01' }, callers.volunteer('v1'), 403, 'FORBIDDEN'],
      [{ pointsPerHour: 10, effectiveFrom: '2025-01-01' }, null, 401, 'UNAUTHENTICATED'],
    ];
    for (const [body, caller, status, code] of cases) {
      const answer = await put('new-rule', body, caller);
      expect([answer.status, answer.body.code], JSON.stringify(body)).toEqual([status, code]);
    }
    expect(await ruleItems()).toBe(before);
  });
});

describe('GET /v1/point-rules', () => {
  it('lists every rule with its history, the built-in rate and the rounding, for admins and coordinators', async () => {
    const asAdmin = await invoke(listPointRules, { routeKey: LIST, caller: callers.admin });
    const asCoordinator = await invoke(listPointRules, {
      routeKey: LIST,
      caller: callers.coordinator('gaolan'),
    });
    const asCounter = await invoke(listPointRules, { routeKey: LIST, caller: callers.counter('S1') });

    expect(asAdmin.status).toBe(200);
    expect(asCoordinator.body).toEqual(asAdmin.body);
    expect(asAdmin.body).toMatchObject({
      builtIn: { ruleId: 'default', pointsPerHour: 10 },
      rounding: 'half-up',
    });
    expect((asAdmin.body.rules as { ruleId: string }[]).map((rule) => rule.ruleId)).toEqual([
      'busy',
      'county',
      'elder-care',
    ]);
    expect([asCounter.status, asCounter.body.code]).toEqual([403, 'FORBIDDEN']);
  });
});

async function ruleItems(): Promise<number> {
  const result = await table.client.send(new ScanCommand({ TableName: table.tableName, Select: 'COUNT' }));
  return result.Count ?? 0;
}
