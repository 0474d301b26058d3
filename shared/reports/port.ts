import type { Movement } from '../ledger/rules/ledger';
import type { OrgTree } from '../people/rules/org-tree';
import type { MonthlyReport } from './rules/monthly-report';

/** The part of a movement the monthly report reads. */
export type ReportMovement = Pick<
  Movement,
  'kind' | 'direction' | 'amount' | 'counterAccount' | 'details' | 'orgId'
>;

/** One volunteer's approved hours served in a month, in quarter hours (more than 0). */
export interface VolunteerQuarters {
  volunteerId: string;
  quarters: number;
}

/**
 * What the report use case needs: a month's movements (points), a month's hours served (by service
 * date, as the draw reads them), the volunteers' organisations, the org tree, and kept final reports.
 */
export interface ReportStore {
  /** All movements of a China month (through the month index, never a scan). */
  monthMovements(month: string): Promise<ReportMovement[]>;
  /**
   * Each volunteer's approved hours whose service date falls in the month: the per-day hours items
   * through their month index (never a scan), summed per volunteer; volunteers at 0 are left out.
   */
  monthHours(month: string): Promise<VolunteerQuarters[]>;
  /** The organisation of each volunteer named (from their account, else their profile). */
  volunteerOrgs(volunteerIds: readonly string[]): Promise<Map<string, string>>;
  orgTree(): Promise<OrgTree>;
  /** A final month's report, kept when it was first computed. */
  keptReport(month: string): Promise<MonthlyReport | undefined>;
  /** Keeps a final month's report once; a second keep of the same month changes nothing. */
  keepReport(report: MonthlyReport): Promise<void>;
  /** The county's volunteers at each star level (1–5), as the stream's projection counts them. */
  starCounts(): Promise<{ counts: Record<number, number>; updatedAt?: string }>;
}

export interface ReportsDeps {
  reports: ReportStore;
  now: () => Date;
}
