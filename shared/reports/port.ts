import type { Movement } from '../ledger/rules/ledger';
import type { OrgTree } from '../people/rules/org-tree';
import type { MonthlyReport } from './rules/monthly-report';

/** The part of a movement the monthly report reads. */
export type ReportMovement = Pick<
  Movement,
  'kind' | 'direction' | 'amount' | 'counterAccount' | 'details' | 'orgId'
>;

/** What the report use case needs: a month's movements, the org tree, and kept final reports. */
export interface ReportStore {
  /** All movements of a China month (through the month index, never a scan). */
  monthMovements(month: string): Promise<ReportMovement[]>;
  orgTree(): Promise<OrgTree>;
  /** A final month's report, kept when it was first computed. */
  keptReport(month: string): Promise<MonthlyReport | undefined>;
  /** Keeps a final month's report once; a second keep of the same month changes nothing. */
  keepReport(report: MonthlyReport): Promise<void>;
}

export interface ReportsDeps {
  reports: ReportStore;
  now: () => Date;
}
