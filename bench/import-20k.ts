/**
 * `node --import tsx bench/import-20k.ts [rows]`: times `npm run import` on a county-sized file
 * (20,000 rows by default, generated here, never committed), then times the rerun, which must
 * find every row already there. Uses DYNAMODB_ENDPOINT when set, else its own in-memory
 * DynamoDB Local; a fresh table either way.
 */

import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { type DynamoLocal, ensureTable, freePort, startDynamoLocal } from '../scripts/local/dynamo-local';
import { peopleDepsOver } from '../shared/people/store/people-deps';
import { putOrg } from '../shared/people/use-cases/orgs';
import { formatCsv } from '../shared/platform/csv';
import { createDocumentClient } from '../shared/platform/dynamo/client';
import type { Principal } from '../shared/platform/principal';

const REPO_ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const ROWS = Number(process.argv[2] ?? 20_000);
const ADMIN: Principal = { userId: 'bench', roles: new Set(['admin']) };

const FAMILY = [
  '谭',
  '魏',
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
  '黄',
  '周',
  '吴',
  '马',
  '朱',
  '胡',
  '郭',
];
const GIVEN = [
  '成华',
  '仁科',
  '秀英',
  '桂英',
  '建国',
  '玉兰',
  '国强',
  '小梅',
  '志强',
  '春花',
  '德明',
  '淑珍',
];
const VILLAGES = [
  ['shangche', '上车村'],
  ['shichuan-cun', '什川村'],
  ['wenshan', '文山村'],
  ['zhongbao', '中堡村'],
] as const;

/** A county-sized export: every fourth row carries an externalId, orgs named by name or by id. */
function countyExport(rows: number): string {
  const records = [['序号', '姓名', '手机号码', '所属组织', '志愿者编号']];
  for (let index = 0; index < rows; index += 1) {
    const [orgId, orgName] = VILLAGES[index % VILLAGES.length] as (typeof VILLAGES)[number];
    records.push([
      String(index + 1),
      `${FAMILY[index % FAMILY.length]}${GIVEN[Math.floor(index / FAMILY.length) % GIVEN.length]}${index}`,
      `1${3 + (index % 7)}${String(index).padStart(9, '0')}`,
      index % 3 === 0 ? orgId : orgName,
      index % 4 === 0 ? `GL-${String(index).padStart(6, '0')}` : '',
    ]);
  }
  return `\uFEFF${formatCsv(records)}`;
}

function runImport(
  endpoint: string,
  tableName: string,
  file: string,
): Promise<{ code: number | null; ms: number }> {
  const startedMs = Date.now();
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/import.ts', file], {
      cwd: REPO_ROOT,
      env: { ...process.env, DYNAMODB_ENDPOINT: endpoint, TABLE_NAME: tableName },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.once('error', fail);
    child.once('close', (code) => done({ code, ms: Date.now() - startedMs }));
  });
}

let embedded: DynamoLocal | undefined;
const workDir = mkdtempSync(join(tmpdir(), 'aixin-bench-'));
try {
  let endpoint = process.env.DYNAMODB_ENDPOINT ?? '';
  if (endpoint === '') {
    embedded = await startDynamoLocal({ port: await freePort(), dataDir: null });
    endpoint = embedded.endpoint;
  }
  const tableName = `bench-${randomUUID().slice(0, 8)}`;
  await ensureTable(endpoint, tableName);
  const client = createDocumentClient({ endpoint, region: 'local' });
  const deps = peopleDepsOver({ client, tableName, now: () => new Date() });
  await putOrg(deps, ADMIN, 'gaolan', { name: '皋兰县', level: 'county' });
  await putOrg(deps, ADMIN, 'shichuan', { name: '什川镇', level: 'town', parentId: 'gaolan' });
  for (const [orgId, name] of VILLAGES) {
    await putOrg(deps, ADMIN, orgId, { name, level: 'village', parentId: 'shichuan' });
  }
  const file = join(workDir, 'county.csv');
  writeFileSync(file, countyExport(ROWS), 'utf8');

  const first = await runImport(endpoint, tableName, file);
  const rerun = await runImport(endpoint, tableName, file);
  let profiles = 0;
  let startKey: Record<string, unknown> | undefined;
  for (let page = 0; page < 10_000; page += 1) {
    const result = await client.send(
      new ScanCommand({
        TableName: tableName,
        Select: 'COUNT',
        FilterExpression: 'entity = :profile',
        ExpressionAttributeValues: { ':profile': 'volunteer-profile' },
        ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
      }),
    );
    profiles += result.Count ?? 0;
    startKey = result.LastEvaluatedKey;
    if (startKey === undefined) break;
  }
  client.destroy();
  const rate = (ms: number) => Math.round(ROWS / (ms / 1000));
  console.log(
    `\n${ROWS} rows: first import ${(first.ms / 1000).toFixed(1)} s (${rate(first.ms)}/s, exit ${first.code}); ` +
      `rerun ${(rerun.ms / 1000).toFixed(1)} s (${rate(rerun.ms)}/s, exit ${rerun.code}); profiles ${profiles}`,
  );
  process.exitCode = first.code === 0 && rerun.code === 0 && profiles === ROWS ? 0 : 1;
} finally {
  await embedded?.stop();
  rmSync(workDir, { recursive: true, force: true });
}
