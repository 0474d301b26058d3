/**
 * `npm run audit [-- --json]`: checks the ledger and the stock against their invariants. It reaches
 * the same DynamoDB as `npm start` under the same environment, starting the embedded one on
 * AIXIN_DATA_DIR when none answers; with AIXIN_TARGET=aws it audits the deployed table. Exits 1 when
 * any problem is found.
 */
import { parseArgs } from 'node:util';
import { auditDeps } from '../shared/ledger/store/audit-source';
import { auditEverything, type FullAuditReport } from '../shared/ledger/use-cases/audit-all';
import { connectTarget, runtimeOf } from './local/target';

const { values } = parseArgs({ options: { json: { type: 'boolean', default: false } }, strict: true });

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
const target = await connectTarget();
try {
  const runtime = runtimeOf(target);
  const report = await auditEverything(auditDeps(runtime));
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else printHuman(report);
  exitCode = report.ok ? 0 : 1;
} catch (error) {
  console.error(`audit failed: ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 2;
} finally {
  await target.close();
}
process.exit(exitCode);
