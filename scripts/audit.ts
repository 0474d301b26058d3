/**
 * `npm run audit [-- --json]`: checks the ledger against its invariants. It reaches the same
 * DynamoDB as `npm start` under the same environment, starting the embedded one on AIXIN_DATA_DIR
 * when none answers. Exits 1 when any problem is found.
 */
import { parseArgs } from 'node:util';
import { createDocumentClient } from '../shared/adapters/dynamo/client';
import { buildRuntime } from '../shared/adapters/runtime';
import { parseConfig } from '../shared/config';
import type { FullAuditReport } from '../shared/use-cases/audit-all';
import { auditEverything } from '../shared/use-cases/audit-all';
import { type DynamoLocal, isDynamoUp, startDynamoLocal } from './local/dynamo-local';

const { values } = parseArgs({ options: { json: { type: 'boolean', default: false } }, strict: true });

const tableName = process.env.TABLE_NAME ?? 'aixin-points';
const port = Number(process.env.DYNAMODB_PORT ?? 8000);
let endpoint = process.env.DYNAMODB_ENDPOINT;
let embedded: DynamoLocal | undefined;

if (endpoint === undefined || endpoint === '') {
  endpoint = `http://127.0.0.1:${port}`;
  if (!(await isDynamoUp(endpoint))) {
    embedded = await startDynamoLocal({ port, dataDir: process.env.AIXIN_DATA_DIR ?? '.data' });
    endpoint = embedded.endpoint;
  }
}

function printHuman(report: FullAuditReport): void {
  console.log(report.ok ? '账目平衡 The books balance.' : '账目有问题 The books do NOT balance.');
  console.log(`accounts ${report.accounts}, movements ${report.entries}, stores ${report.stores}`);
  console.log(`volunteer balances ${report.volunteerBalanceTotal}`);
  for (const [account, balance] of Object.entries(report.systemBalances))
    console.log(`  ${account}: ${balance}`);
  for (const problem of report.problems) {
    console.log(
      `- ${problem.kind} ${problem.account}${problem.movementId ? ` ${problem.movementId}` : ''}: ${problem.detail}`,
    );
  }
}

let exitCode = 0;
try {
  const client = createDocumentClient({ endpoint, region: process.env.AWS_REGION ?? 'local' });
  const runtime = buildRuntime(
    parseConfig({ STAGE: 'local', TABLE_NAME: tableName, DYNAMODB_ENDPOINT: endpoint }),
    client,
  );
  const report = await auditEverything(runtime);
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else printHuman(report);
  exitCode = report.ok ? 0 : 1;
  client.destroy();
} catch (error) {
  console.error(`audit failed: ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 2;
} finally {
  await embedded?.stop();
}
process.exit(exitCode);
