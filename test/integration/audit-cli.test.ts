import { spawnSync } from 'node:child_process';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../shared/platform/config';
import { keys } from '../../shared/platform/dynamo/keys';
import { SYSTEM_PRINCIPAL } from '../../shared/platform/principal';
import { buildRuntime } from '../../shared/platform/runtime';
import { storesDeps } from '../../shared/stores/store/stores-deps';
import { putStore, putStoreItem } from '../../shared/stores/use-cases/stores';
import { ledgerFor, perform } from '../support/ledger-fixtures';
import { freshTable, type TestTable } from './support';

async function storeWithRice(table: TestTable): Promise<void> {
  const runtime = buildRuntime(
    parseConfig({ STAGE: 'local', TABLE_NAME: table.tableName, DYNAMODB_ENDPOINT: table.endpoint }),
    { client: table.client },
  );
  await putStore(storesDeps(runtime), SYSTEM_PRINCIPAL, 'shichuan-store', {
    name: '什川镇爱心超市',
    kind: 'fixed',
  });
  await putStoreItem(storesDeps(runtime), SYSTEM_PRINCIPAL, 'shichuan-store', 'rice-5kg', {
    name: '大米 5kg',
    pricePoints: 200,
    stock: 12,
  });
}

function runAudit(endpoint: string, tableName: string) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/audit.ts', '--json'], {
    env: { ...process.env, DYNAMODB_ENDPOINT: endpoint, TABLE_NAME: tableName },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return {
    status: result.status,
    report: JSON.parse(result.stdout) as { ok: boolean; problems: { kind: string }[] },
  };
}

describe('npm run audit -- --json', () => {
  it('prints the report and exits 0 on balanced books, 1 after a balance is corrupted', async () => {
    const table = await freshTable('auditcli');
    await storeWithRice(table);
    const ledger = ledgerFor(table);
    await ledger.openAccount('c1');
    await perform(ledger, { kind: 'earn', volunteerId: 'c1', amount: 10, key: 'c1-1' });

    const balanced = runAudit(table.endpoint, table.tableName);
    await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: keys.volunteerAccount('c1'),
        UpdateExpression: 'SET balance = :wrong',
        ExpressionAttributeValues: { ':wrong': 11 },
      }),
    );
    const corrupted = runAudit(table.endpoint, table.tableName);

    expect(balanced.status).toBe(0);
    expect(balanced.report).toMatchObject({ ok: true, accounts: 2, entries: 1, stores: 1, problems: [] });
    expect(corrupted.status).toBe(1);
    expect(corrupted.report.ok).toBe(false);
    expect(corrupted.report.problems.map((problem) => problem.kind)).toContain('balance-mismatch');
  });

  it("checks each store item's stock against its history", async () => {
    const table = await freshTable('auditstock');
    await storeWithRice(table);

    const balanced = runAudit(table.endpoint, table.tableName);
    await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: keys.storeItem('shichuan-store', 'rice-5kg'),
        UpdateExpression: 'SET stock = :wrong',
        ExpressionAttributeValues: { ':wrong': 15 },
      }),
    );
    const corrupted = runAudit(table.endpoint, table.tableName);

    expect(balanced.status).toBe(0);
    expect(corrupted.status).toBe(1);
    expect(corrupted.report.problems).toEqual([
      expect.objectContaining({ kind: 'stock-mismatch', account: 'store:shichuan-store' }),
    ]);
  });
});
