import type { AuditDeps } from '../port';
import type { AuditProblem, AuditReport } from '../rules/audit';
import { ProjectionAudit, type ProjectionAuditReport } from '../rules/projection';
import { auditLedger } from './audit-ledger';

export interface FullAuditReport extends AuditReport {
  stores: number;
  /** The stream projection's check; its problems are among `problems`. */
  projection: Omit<ProjectionAuditReport, 'problems'>;
}

/**
 * The whole audit: the points ledger (every balance from its movements, sequences, never negative,
 * zero sum), each store's stock (every item's stock from its stock movements and redemptions), and
 * the stream's daily totals (each settled day's from its movements, in the ledger's own scan). A
 * table without any projection totals (a local one: DynamoDB Local has no stream here) reports the
 * projection as not in use rather than as wrong. Then the further checks (the public notice against
 * the ledger's and the stock ledger's sums), from the movements of the same scan.
 */
export async function auditEverything(deps: AuditDeps): Promise<FullAuditReport> {
  const projections = new ProjectionAudit();
  const checks = deps.checks?.() ?? [];
  const ledger = await auditLedger(deps, { projections, checks });
  const { problems: projectionProblems, ...projection } = projections.report(deps.now());
  const storeIds = await deps.stock.storeIds();
  const stockProblems: AuditProblem[] = [];
  const stockLedgerUnits = new Map<string, number>();
  for (const storeId of storeIds) {
    const stock = await deps.stock.auditStore(storeId, deps.now());
    stockLedgerUnits.set(storeId, stock.expectedUnits);
    for (const problem of stock.problems) {
      stockProblems.push({ kind: 'stock-mismatch', account: `store:${storeId}`, detail: problem });
    }
  }
  const checkProblems: AuditProblem[] = [];
  for (const check of checks) checkProblems.push(...(await check.problems({ stockLedgerUnits })));
  const problems = [...ledger.problems, ...stockProblems, ...projectionProblems, ...checkProblems];
  return { ...ledger, ok: problems.length === 0, problems, stores: storeIds.length, projection };
}
