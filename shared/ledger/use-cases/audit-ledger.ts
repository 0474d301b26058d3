import type { LedgerAuditDeps, MovementCheck } from '../port';
import { Auditor, type AuditReport } from '../rules/audit';
import type { ProjectionAudit } from '../rules/projection';

export interface LedgerAuditOptions {
  /**
   * Also collects the stream's projection totals and hands every movement to this check, in the
   * same scan: the projection audit costs no second pass over the table.
   */
  projections?: ProjectionAudit;
  /** Further checks handed every movement in the same scan. */
  checks?: readonly Pick<MovementCheck, 'addMovement'>[];
}

/** Reads the whole ledger (accounts, movements, markers) and checks it against its invariants. */
export async function auditLedger(
  deps: LedgerAuditDeps,
  options: LedgerAuditOptions = {},
): Promise<AuditReport> {
  const auditor = new Auditor();
  const { projections, checks = [] } = options;
  await deps.source.scan({ projectionTotals: projections !== undefined }, (items) => {
    for (const item of items) {
      switch (item.kind) {
        case 'account':
          auditor.addAccount(item.account);
          break;
        case 'movement':
          auditor.addMovement(item.movement);
          projections?.addMovement(item.movement);
          for (const check of checks) check.addMovement(item.movement);
          break;
        case 'marker':
          auditor.addMarker(item.marker);
          break;
        case 'county-day':
          projections?.addSystemTotals(item.date, item.figures);
          break;
        case 'store-day':
          projections?.addStoreTotals(item.storeId, item.date, item.figures);
          break;
      }
    }
  });
  return auditor.report();
}
