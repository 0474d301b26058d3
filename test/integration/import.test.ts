import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as postImport } from '../../functions/people/post-volunteer-import';
import { handler as putOrg } from '../../functions/people/put-org';
import { peopleDepsOver } from '../../shared/people/store/people-deps';
import { importVolunteers } from '../../shared/people/use-cases/import-volunteers';
import { parseConfig } from '../../shared/platform/config';
import { parseCsv } from '../../shared/platform/csv';
import type { Principal } from '../../shared/platform/principal';
import { buildRuntime, installRuntime } from '../../shared/platform/runtime';
import { callers, invoke } from '../support/http';
import { type CliRun, runImportCli } from '../support/import-cli';
import { freshTable, type TestTable } from './support';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
const FIXTURE = join(REPO_ROOT, 'test/fixtures/import/mixed.csv');
const IMPORT = 'POST /v1/volunteers/import';
const ADMIN: Principal = { userId: 'admin-1', roles: new Set(['admin']) };

let table: TestTable;
const workDir = mkdtempSync(join(tmpdir(), 'aixin-import-'));

const TREE = [
  ['gaolan', { name: '皋兰县', level: 'county' }],
  ['shichuan', { name: '什川镇', level: 'town', parentId: 'gaolan' }],
  ['shangche', { name: '上车村', level: 'village', parentId: 'shichuan' }],
  ['xinzhuang-sc', { name: '新庄村', level: 'village', parentId: 'shichuan' }],
  ['shidong', { name: '石洞镇', level: 'town', parentId: 'gaolan' }],
  ['wenshan', { name: '文山村', level: 'village', parentId: 'shidong' }],
  ['xinzhuang-sd', { name: '新庄村', level: 'village', parentId: 'shidong' }],
] as const;

async function seedTree(target: TestTable): Promise<void> {
  installRuntime(
    buildRuntime(
      parseConfig({ STAGE: 'local', TABLE_NAME: target.tableName, DYNAMODB_ENDPOINT: target.endpoint }),
      { client: target.client },
    ),
  );
  for (const [orgId, body] of TREE) {
    const answer = await invoke(putOrg, {
      routeKey: 'PUT /v1/orgs/{orgId}',
      params: { orgId },
      body,
      caller: callers.admin,
    });
    expect(answer.status).toBe(200);
  }
}

async function itemCount(target: TestTable): Promise<number> {
  const result = await target.client.send(
    new ScanCommand({ TableName: target.tableName, Select: 'COUNT', ConsistentRead: true }),
  );
  return result.Count ?? 0;
}

/** Runs `npm run import` as a user would, against the test's table. */
const runImport = (target: TestTable, ...args: string[]): Promise<CliRun> => runImportCli(target, args);

const REJECTED_LINES = [
  '第 4 行: 手机号格式不对 (phone is not a mainland mobile number)',
  '第 5 行: 找不到组织「不存在的村」 (no organisation with this id or name)',
  '第 9 行: 组织名称「新庄村」对应 2 个组织,请改用组织编号 (the name matches 2 organisations; use the org id)',
  '第 10 行: 志愿者编号已被另一位志愿者使用 (externalId belongs to another volunteer); 与第 3 行冲突 (conflicts with line 3)',
  '第 11 行: 组织为空 (org is empty)',
];

beforeAll(async () => {
  table = await freshTable('import');
  await seedTree(table);
});

afterAll(() => {
  installRuntime(undefined);
  rmSync(workDir, { recursive: true, force: true });
});

describe('npm run import', () => {
  it('imports a mixed file and reports every rejected row with its line and reason', async () => {
    const file = join(workDir, 'volunteers.csv');
    copyFileSync(FIXTURE, file);

    const run = await runImport(table, file);

    expect(run.stdout.split('\n').slice(0, 9)).toEqual([
      `导入结果 Import of ${file}:`,
      '  新导入 imported:       4',
      '  已存在 already there:  1',
      '  未导入 rejected:       5',
      ...REJECTED_LINES,
    ]);
    expect(run.stdout).toContain(`rejected rows written to ${file}.rejected.csv`);
    expect(run.stderr).toMatch(/^10\/10 \(100%\) \d+\/s$/m);
    expect(run.stdout + run.stderr).not.toMatch(/1[3-9]\d{9}/);
    expect(run.code).toBe(1);
    const rejected = parseCsv(readFileSync(`${file}.rejected.csv`, 'utf8').replace(/^\uFEFF/, ''));
    expect(rejected.map((record) => record.fields)).toEqual([
      ['姓名', '手机号', '组织', '志愿者编号', '行号 line', '原因 reason'],
      ['桑杰才让', '1390931000', '什川镇', '', '4', '手机号格式不对 (phone is not a mainland mobile number)'],
      ['马,小梅', '13909310004', '不存在的村', '', '5', expect.stringMatching(/^找不到组织/)],
      ['王芳', '13909310007', '新庄村', '', '9', expect.stringMatching(/^组织名称「新庄村」/)],
      ['张伟', '13909310008', 'gaolan', 'GL-2020-0002', '10', expect.stringMatching(/^志愿者编号已被/)],
      ['刘桂英', '13909310009', '', '', '11', '组织为空 (org is empty)'],
    ]);
  });

  it('counts every row as already there when run again, and writes nothing new', async () => {
    const file = join(workDir, 'volunteers.csv');
    const before = await itemCount(table);

    const run = await runImport(table, file);

    expect(run.stdout.split('\n').slice(0, 9)).toEqual([
      `导入结果 Import of ${file}:`,
      '  新导入 imported:       0',
      '  已存在 already there:  5',
      '  未导入 rejected:       5',
      ...REJECTED_LINES,
    ]);
    expect(run.code).toBe(1);
    expect(await itemCount(table)).toBe(before);
  });

  it('reads a GB18030 file, takes a default organisation, exits 0, and removes a stale rejected file', async () => {
    const file = join(workDir, 'gb18030.csv');
    // 姓名,手机 / 张三,13800000003 / 谭成华,13809310001 — written as GB18030 bytes by hand.
    const bytes = Buffer.from([
      ...[0xd0, 0xd5, 0xc3, 0xfb],
      0x2c,
      ...[0xca, 0xd6, 0xbb, 0xfa],
      0x0a,
      ...[0xd5, 0xc5, 0xc8, 0xfd],
      ...Buffer.from(',13800000003\n', 'ascii'),
      ...[0xcc, 0xb7, 0xb3, 0xc9, 0xbb, 0xaa],
      ...Buffer.from(',13809310001\n', 'ascii'),
    ]);
    writeFileSync(file, bytes);
    writeFileSync(`${file}.rejected.csv`, 'stale');

    const run = await runImport(table, file, '--org', '文山村');

    expect(run.stderr).toContain('2 行 rows (gb18030)');
    expect(run.stdout).toContain('  新导入 imported:       1');
    expect(run.stdout).toContain('  已存在 already there:  1');
    expect(run.code).toBe(0);
    expect(existsSync(`${file}.rejected.csv`)).toBe(false);
  });

  it('exits 2 with help for a missing file, unknown options and unrecognised headers', async () => {
    const headerless = join(workDir, 'headers.csv');
    writeFileSync(headerless, '名字,备注\n谭成华,x\n');

    const missingFile = await runImport(table, join(workDir, 'nope.csv'));
    const badOption = await runImport(table, headerless, '--colour');
    const badHeaders = await runImport(table, headerless);
    const noArguments = await runImport(table);

    for (const run of [missingFile, badOption, badHeaders, noArguments]) expect(run.code).toBe(2);
    expect(missingFile.stderr).toMatch(/读不了文件/);
    expect(badHeaders.stderr).toMatch(/找不到这些列 \(missing columns\): phone, org/);
    expect(noArguments.stderr).toMatch(/用法 usage/);
  });
});

describe('importVolunteers', () => {
  it('reports progress for every row and keeps in-file duplicates deterministic', async () => {
    const fresh = await freshTable('importuc');
    await seedTree(fresh);
    const deps = peopleDepsOver({
      client: fresh.client,
      tableName: fresh.tableName,
      now: () => new Date('2026-03-01T08:00:00Z'),
    });
    const rows = [
      { row: 2, name: '谭成华', phone: '13809310001', org: 'shangche' },
      { row: 3, name: '谭成华', phone: '138-0931-0001', org: 'shangche' },
      { row: 4, name: '魏仁科', phone: '13909310002', org: 'wenshan', externalId: 'GL-1' },
      { row: 5, name: '魏仁科', phone: '13909319999', org: 'wenshan', externalId: 'GL-1' },
      { row: 6, name: '谭成华', phone: '13809310001', org: 'shangche', externalId: 'GL-9' },
    ];
    const progress: number[] = [];

    const report = await importVolunteers(deps, ADMIN, rows, { onProgress: (done) => progress.push(done) });

    expect(report).toEqual({
      imported: 2,
      alreadyThere: 1,
      rejected: [
        { row: 5, reason: expect.stringMatching(/^志愿者编号已被另一位志愿者使用.*与第 4 行冲突/) },
        {
          row: 6,
          reason: expect.stringMatching(/^此人\(同名同手机号\)已登记为 v[a-z2-7]{16}.*与第 2 行冲突/),
        },
      ],
    });
    expect(progress).toEqual([1, 2, 3, 4, 5]);
    installRuntime(undefined);
  });
});

describe('POST /v1/volunteers/import', () => {
  it('imports a chunk of rows for the admin, echoing the lines the page sends', async () => {
    await seedTree(table);
    const answer = await invoke(postImport, {
      routeKey: IMPORT,
      body: {
        rows: [
          { name: '周玉兰', phone: '139 0931 0020', org: '上车村', line: 201 },
          { name: '谭成华', phone: '13809310001', org: 'shichuan', line: 202 },
          { name: '吴小军', phone: '12345', org: 'shichuan', line: 203 },
          { name: '郑国强', phone: '13909310021', org: 'wenshan', externalId: '' },
        ],
      },
      caller: callers.admin,
    });

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      imported: 2,
      alreadyThere: 1,
      rejected: [{ row: 203, reason: '手机号格式不对 (phone is not a mainland mobile number)' }],
    });
  });

  it('refuses other roles, empty and oversized chunks, and rows of the wrong shape', async () => {
    const row = { name: '周玉兰', phone: '13909310020', org: 'shangche' };
    const coordinator = await invoke(postImport, {
      routeKey: IMPORT,
      body: { rows: [row] },
      caller: callers.coordinator('gaolan'),
    });
    const bodies = [
      { rows: [] },
      { rows: Array.from({ length: 201 }, () => row) },
      { rows: [{ ...row, phone: 13909310020 }] },
      { rows: [{ ...row, idCard: 'x' }] },
    ];
    const answers = await Promise.all(
      bodies.map((body) => invoke(postImport, { routeKey: IMPORT, body, caller: callers.admin })),
    );

    expect([coordinator.status, coordinator.body.code]).toEqual([403, 'FORBIDDEN']);
    for (const answer of answers)
      expect([answer.status, answer.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});
