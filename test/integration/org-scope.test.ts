import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { forgetOrgParents, ORG_PARENT_CACHE_MS, orgIsWithin } from '../../shared/people/store/org-directory';
import { peopleDepsOver } from '../../shared/people/store/people-deps';
import { putOrg } from '../../shared/people/use-cases/orgs';
import { keys } from '../../shared/platform/dynamo/keys';
import type { Principal } from '../../shared/platform/principal';
import { freshTable, type TestTable } from './support';

const ADMIN: Principal = { userId: 'admin-1', roles: new Set(['admin']) };

let table: TestTable;
/** Every call the client makes, by command name. */
const calls: string[] = [];

beforeAll(async () => {
  table = await freshTable('orgscope');
  table.client.middlewareStack.add(
    (next, context) => async (args) => {
      calls.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'countCalls' },
  );
  const deps = peopleDepsOver({ client: table.client, tableName: table.tableName, now: () => new Date() });
  await putOrg(deps, ADMIN, 'gaolan', { name: '皋兰县', level: 'county' });
  await putOrg(deps, ADMIN, 'shichuan', { name: '什川镇', level: 'town', parentId: 'gaolan' });
  await putOrg(deps, ADMIN, 'zhongbao', { name: '中堡村', level: 'village', parentId: 'shichuan' });
  await putOrg(deps, ADMIN, 'zhongbao-team', {
    name: '中堡村志愿服务队',
    level: 'group',
    parentId: 'zhongbao',
  });
  await putOrg(deps, ADMIN, 'shuifu', { name: '水阜镇', level: 'town', parentId: 'gaolan' });
});
afterAll(() => table.client.destroy());
beforeEach(() => {
  forgetOrgParents();
  calls.length = 0;
});

const within = (orgId: string, ancestorId: string, nowMs?: number) =>
  orgIsWithin(table.client, table.tableName, orgId, ancestorId, nowMs);

describe('a coordinator scope check walks up the tree', () => {
  it('answers by ancestry: own organisation, below it, beside it, above it, unknown', async () => {
    expect(await within('zhongbao-team', 'gaolan')).toBe(true);
    expect(await within('zhongbao-team', 'shichuan')).toBe(true);
    expect(await within('shichuan', 'shichuan')).toBe(true);
    expect(await within('zhongbao', 'shuifu')).toBe(false);
    expect(await within('shichuan', 'zhongbao')).toBe(false);
    expect(await within('no-such-org', 'gaolan')).toBe(false);
  });

  it('reads one small item per level, never the whole tree, and nothing when warm', async () => {
    expect(await within('zhongbao-team', 'gaolan')).toBe(true);
    const cold = [...calls];
    calls.length = 0;
    expect(await within('zhongbao-team', 'gaolan')).toBe(true);
    expect(cold).toEqual(['GetItemCommand', 'GetItemCommand', 'GetItemCommand']);
    expect(calls).toEqual([]);
  });

  it('sees a move made elsewhere once the remembered parents are older than the limit', async () => {
    // Prepare: warm, then another process moves the village to another town.
    const startMs = Date.now();
    expect(await within('zhongbao', 'shichuan', startMs)).toBe(true);
    await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: keys.org('zhongbao'),
        UpdateExpression: 'SET parentId = :town',
        ExpressionAttributeValues: { ':town': 'shuifu' },
      }),
    );
    try {
      // Act and assess: within the limit the old answer stands; after it, the new place counts.
      expect(await within('zhongbao', 'shichuan', startMs + ORG_PARENT_CACHE_MS - 1)).toBe(true);
      expect(await within('zhongbao', 'shichuan', startMs + ORG_PARENT_CACHE_MS)).toBe(false);
      expect(await within('zhongbao', 'shuifu', startMs + ORG_PARENT_CACHE_MS)).toBe(true);
    } finally {
      await table.client.send(
        new UpdateCommand({
          TableName: table.tableName,
          Key: keys.org('zhongbao'),
          UpdateExpression: 'SET parentId = :town',
          ExpressionAttributeValues: { ':town': 'shichuan' },
        }),
      );
    }
  });

  it('a move written through this process is seen at once', async () => {
    const deps = peopleDepsOver({ client: table.client, tableName: table.tableName, now: () => new Date() });
    expect(await within('zhongbao-team', 'shichuan')).toBe(true);
    await putOrg(deps, ADMIN, 'zhongbao-team', {
      name: '中堡村志愿服务队',
      level: 'group',
      parentId: 'shuifu',
    });
    try {
      expect(await within('zhongbao-team', 'shichuan')).toBe(false);
      expect(await within('zhongbao-team', 'shuifu')).toBe(true);
    } finally {
      await putOrg(deps, ADMIN, 'zhongbao-team', {
        name: '中堡村志愿服务队',
        level: 'group',
        parentId: 'zhongbao',
      });
    }
  });
});
