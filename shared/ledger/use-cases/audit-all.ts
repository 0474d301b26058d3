import { SYSTEM_PRINCIPAL } from '../../platform/principal';
import type { Runtime } from '../../platform/runtime';
import { auditStoreStock } from '../../stores/use-cases/stock';
import { listStores } from '../../stores/use-cases/stores';
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
 * projection as not in use rather than as wrong.
 */
export async function auditEverything(runtime: Runtime): Promise<FullAuditReport> {
  const projections = new ProjectionAudit();
  const ledger = await auditLedger(runtime.client, runtime.tableName, { projections });
  const { problems: projectionProblems, ...projection } = projections.report(runtime.now());
  const { stores } = await listStores(runtime, SYSTEM_PRINCIPAL);
  const stockProblems: AuditProblem[] = [];
  for (const store of stores) {
    const stock = await auditStoreStock(runtime, store.storeId, runtime.now());
    for (const problem of stock.problems) {
      stockProblems.push({ kind: 'stock-mismatch', account: `store:${store.storeId}`, detail: problem });
    }
  }
  const problems = [...ledger.problems, ...stockProblems, ...projectionProblems];
  return { ...ledger, ok: problems.length === 0, problems, stores: stores.length, projection };
}
