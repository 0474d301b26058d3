import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as getOrg } from '../../functions/people/get-org';
import { handler as getOrgs } from '../../functions/people/get-orgs';
import { handler as putOrg } from '../../functions/people/put-org';
import { peopleDepsOver } from '../../shared/people/store/people-deps';
import { listOrgs as listOrgsUseCase, putOrg as putOrgUseCase } from '../../shared/people/use-cases/orgs';
import { parseConfig } from '../../shared/platform/config';
import { keys } from '../../shared/platform/dynamo/keys';
import type { Principal } from '../../shared/platform/principal';
import { buildRuntime, installRuntime } from '../../shared/platform/runtime';
import { type Caller, callers, invoke } from '../support/http';
import { freshTable, type TestTable } from './support';

const PUT = 'PUT /v1/orgs/{orgId}';
const GET = 'GET /v1/orgs/{orgId}';
const LIST = 'GET /v1/orgs';

let table: TestTable;

const ADMIN: Principal = { userId: 'admin-1', roles: new Set(['admin']) };
const depsOf = (target: TestTable, client = target.client) =>
  peopleDepsOver({ client, tableName: target.tableName, now: () => new Date('2026-03-01T08:00:00Z') });

/** A client that runs `between` once, right after the first read of the tree has answered. */
function pausingAfterFirstRead(real: DynamoDBDocumentClient, between: () => Promise<void>) {
  let paused = false;
  return new Proxy(real, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return async (command: Parameters<DynamoDBDocumentClient['send']>[0]) => {
        const result = await target.send(command);
        if (!paused && command instanceof QueryCommand) {
          paused = true;
          await between();
        }
        return result;
      };
    },
  });
}

const put = (orgId: string, body: unknown, caller: Caller = callers.admin) =>
  invoke(putOrg, { routeKey: PUT, params: { orgId }, body, caller });
const get = (orgId: string, caller?: Caller) =>
  invoke(getOrg, { routeKey: GET, params: { orgId }, ...(caller === undefined ? {} : { caller }) });
const list = (caller?: Caller) =>
  invoke(getOrgs, { routeKey: LIST, ...(caller === undefined ? {} : { caller }) });

async function orgItemCount(): Promise<number> {
  const result = await table.client.send(
    new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.orgPartition },
      ConsistentRead: true,
    }),
  );
  return result.Items?.length ?? 0;
}

/** The county of the seed report: towns, villages, a county team and a social group. */
const TREE = [
  ['gaolan', { name: '皋兰县', level: 'county' }],
  ['zongdui', { name: '县级服务总队', level: 'team', parentId: 'gaolan' }],
  ['falv', { name: '法律专业队', level: 'group', parentId: 'zongdui' }],
  ['shichuan', { name: '什川镇', level: 'town', parentId: 'gaolan' }],
  ['shangche', { name: '上车村', level: 'village', parentId: 'shichuan' }],
  ['shidong', { name: '石洞镇', level: 'town', parentId: 'gaolan' }],
  ['wenshan', { name: '文山村', level: 'village', parentId: 'shidong' }],
  ['yangguang', { name: '阳光爱心志愿者服务队', level: 'group', parentId: 'gaolan' }],
] as const;

beforeAll(async () => {
  table = await freshTable('orgs');
  installRuntime(
    buildRuntime(
      parseConfig({ STAGE: 'local', TABLE_NAME: table.tableName, DYNAMODB_ENDPOINT: table.endpoint }),
      { client: table.client },
    ),
  );
});

afterAll(() => installRuntime(undefined));

describe('PUT /v1/orgs/{orgId}', () => {
  it('creates the tree from the county down, answering each org with its path', async () => {
    const answers = [];
    for (const [orgId, body] of TREE) answers.push(await put(orgId, body));

    expect(answers.map((answer) => answer.status)).toEqual(TREE.map(() => 200));
    expect(answers[0]?.body).toEqual({ orgId: 'gaolan', name: '皋兰县', level: 'county', path: ['gaolan'] });
    expect(answers[4]?.body).toEqual({
      orgId: 'shangche',
      name: '上车村',
      level: 'village',
      parentId: 'shichuan',
      path: ['gaolan', 'shichuan', 'shangche'],
    });
  });

  it('updates an organisation: a new name, and a move to another parent', async () => {
    const renamed = await put('yangguang', { name: ' 阳光爱心服务队 ', level: 'group', parentId: 'gaolan' });
    const moved = await put('yangguang', { name: '阳光爱心服务队', level: 'group', parentId: 'shichuan' });
    const stored = await table.client.send(
      new GetCommand({ TableName: table.tableName, Key: keys.org('yangguang'), ConsistentRead: true }),
    );

    expect(renamed.body).toMatchObject({ name: '阳光爱心服务队', path: ['gaolan', 'yangguang'] });
    expect(moved.body).toMatchObject({ parentId: 'shichuan', path: ['gaolan', 'shichuan', 'yangguang'] });
    expect(stored.Item).toMatchObject({ entity: 'org', version: 3, updatedBy: 'admin-1' });
    expect(stored.Item?.createdAt).toEqual(expect.any(String));
  });

  it('refuses a parent that does not exist, naming the field', async () => {
    const answer = await put('xiaozu', { name: '某小组', level: 'group', parentId: 'nowhere' });

    expect([answer.status, answer.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(answer.body.detail).toMatch(/nowhere/);
    expect(answer.body.errors).toEqual([{ path: 'body.parentId', message: 'no such organisation' }]);
  });

  it('refuses a cycle: under itself, or under one of its own descendants', async () => {
    const before = await orgItemCount();
    const itself = await put('shichuan', { name: '什川镇', level: 'town', parentId: 'shichuan' });
    const below = await put('shichuan', { name: '什川镇', level: 'town', parentId: 'shangche' });
    const rootBelow = await put('gaolan', { name: '皋兰县', level: 'county', parentId: 'wenshan' });
    const after = await get('shichuan', callers.admin);

    for (const answer of [itself, below, rootBelow]) {
      expect([answer.status, answer.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(answer.body.detail).toMatch(/^cycle/);
    }
    expect(after.body.path).toEqual(['gaolan', 'shichuan']);
    expect(await orgItemCount()).toBe(before);
  });

  it('refuses a second root, and a root that is not a county', async () => {
    const second = await put('yuzhong', { name: '榆中县', level: 'county' });
    const sameRoot = await put('gaolan', { name: '皋兰县', level: 'county' });

    expect([second.status, second.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(second.body.detail).toMatch(/皋兰县/);
    expect(sameRoot.status).toBe(200);
  });

  it('refuses bad bodies and other roles', async () => {
    const badLevel = await put('x1', { name: '某组', level: 'province', parentId: 'gaolan' });
    const extra = await put('x2', { name: '某组', level: 'group', parentId: 'gaolan', code: 1 });
    const emptyName = await put('x3', { name: '  ', level: 'group', parentId: 'gaolan' });
    const badId = await put('a b', { name: '某组', level: 'group', parentId: 'gaolan' });
    const coordinator = await put(
      'x4',
      { name: '某组', level: 'group', parentId: 'shichuan' },
      callers.coordinator('shichuan'),
    );
    const anonymous = await invoke(putOrg, {
      routeKey: PUT,
      params: { orgId: 'x5' },
      body: { name: '某组', level: 'group', parentId: 'gaolan' },
    });

    for (const answer of [badLevel, extra, emptyName, badId]) {
      expect([answer.status, answer.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
    expect([coordinator.status, coordinator.body.code]).toEqual([403, 'FORBIDDEN']);
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect((await get('x4', callers.admin)).status).toBe(404);
  });

  it('keeps the tree free of cycles when a move races another that would close one', async () => {
    await put('c-a', { name: '甲组', level: 'group', parentId: 'gaolan' });
    await put('c-b', { name: '乙组', level: 'group', parentId: 'gaolan' });
    // The first move reads the tree, then the second move runs to completion before it writes.
    const client = pausingAfterFirstRead(table.client, async () => {
      await putOrgUseCase(depsOf(table), ADMIN, 'c-b', { name: '乙组', level: 'group', parentId: 'c-a' });
    });

    const first = putOrgUseCase(depsOf(table, client), ADMIN, 'c-a', {
      name: '甲组',
      level: 'group',
      parentId: 'c-b',
    });

    await expect(first).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(/^cycle/),
    });
    expect((await get('c-a', callers.admin)).body.path).toEqual(['gaolan', 'c-a']);
    expect((await get('c-b', callers.admin)).body.path).toEqual(['gaolan', 'c-a', 'c-b']);
  });

  it('keeps one root when another root is created between the read and the write', async () => {
    const fresh = await freshTable('orgroot');
    const client = pausingAfterFirstRead(fresh.client, async () => {
      await putOrgUseCase(depsOf(fresh), ADMIN, 'gaolan', { name: '皋兰县', level: 'county' });
    });

    const second = putOrgUseCase(depsOf(fresh, client), ADMIN, 'yuzhong', {
      name: '榆中县',
      level: 'county',
    });

    await expect(second).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(/皋兰县/),
    });
    expect((await listOrgsUseCase(depsOf(fresh), ADMIN)).orgs.map((org) => org.orgId)).toEqual(['gaolan']);
  });
});

describe('GET /v1/orgs/{orgId}', () => {
  it('answers the admin and coordinators of the subtree; 404 outside it, 403 to other roles', async () => {
    const cases: [string, Caller | undefined, number][] = [
      ['shangche', callers.admin, 200],
      ['shangche', callers.coordinator('shichuan'), 200],
      ['shangche', callers.coordinator('shangche'), 200],
      ['shangche', callers.coordinator('gaolan'), 200],
      ['shangche', callers.coordinator('shidong'), 404],
      ['shichuan', callers.coordinator('shangche'), 404],
      ['shangche', callers.coordinator('nowhere'), 404],
      ['shangche', callers.counter('S1'), 403],
      ['shangche', callers.volunteer('v1'), 403],
      ['shangche', undefined, 401],
      ['nowhere', callers.admin, 404],
    ];
    for (const [orgId, caller, status] of cases) {
      const answer = await get(orgId, caller);
      expect(answer.status, `${orgId} as ${caller?.sub ?? 'anonymous'}`).toBe(status);
    }
    const seen = await get('shangche', callers.coordinator('shichuan'));
    expect(seen.body).toEqual({
      orgId: 'shangche',
      name: '上车村',
      level: 'village',
      parentId: 'shichuan',
      path: ['gaolan', 'shichuan', 'shangche'],
    });
  });
});

describe('GET /v1/orgs', () => {
  it('lists the whole tree for the admin, parents before children', async () => {
    const answer = await list(callers.admin);
    const orgs = answer.body.orgs as { orgId: string; path: string[] }[];

    expect(answer.status).toBe(200);
    expect(orgs[0]?.orgId).toBe('gaolan');
    for (const org of orgs) {
      const parentIndex = orgs.findIndex((candidate) => candidate.orgId === org.path.at(-2));
      expect(parentIndex).toBeLessThan(orgs.indexOf(org));
    }
    expect(orgs.map((org) => org.orgId)).toEqual(expect.arrayContaining(TREE.map(([orgId]) => orgId)));
  });

  it("lists only a coordinator's subtree, and nothing for other roles", async () => {
    const town = await list(callers.coordinator('shichuan'));
    const village = await list(callers.coordinator('wenshan'));
    const counter = await list(callers.counter('S1'));

    expect((town.body.orgs as { orgId: string }[]).map((org) => org.orgId)).toEqual([
      'shichuan',
      'shangche',
      'yangguang',
    ]);
    expect((village.body.orgs as { orgId: string }[]).map((org) => org.orgId)).toEqual(['wenshan']);
    expect(counter.status).toBe(403);
  });
});
