import type { Runtime } from '../adapters/runtime';
import type { AuditProblem, AuditReport } from '../domain/audit';
import { SYSTEM_PRINCIPAL } from '../domain/principal';
import { auditLedger } from './audit-ledger';
import { auditStoreStock } from './stock';
import { listStores } from './stores';

export interface FullAuditReport extends AuditReport {
  stores: number;
}

/**
 * The whole audit: the points ledger (every balance from its movements, sequences, never negative,
 * zero sum) and each store's stock (every item's stock from its stock movements and redemptions).
 */
export async function auditEverything(runtime: Runtime): Promise<FullAuditReport> {
  const ledger = await auditLedger(runtime.client, runtime.tableName);
  const { stores } = await listStores(runtime, SYSTEM_PRINCIPAL);
  const stockProblems: AuditProblem[] = [];
  for (const store of stores) {
    const stock = await auditStoreStock(runtime, store.storeId, runtime.now());
    for (const problem of stock.problems) {
      stockProblems.push({ kind: 'stock-mismatch', account: `store:${store.storeId}`, detail: problem });
    }
  }
  const problems = [...ledger.problems, ...stockProblems];
  return { ...ledger, ok: problems.length === 0, problems, stores: stores.length };
}
