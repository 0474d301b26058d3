import type { TableAccess } from './routes';

/**
 * Scheduled jobs: like the route table, one list read by the CDK app. Schedules are cron
 * expressions in China time (EventBridge Scheduler, Asia/Shanghai).
 */
export interface JobDefinition {
  id: string;
  entry: string;
  summary: string;
  table: readonly TableAccess[];
  /** EventBridge Scheduler cron fields, evaluated in Asia/Shanghai. */
  schedule: { minute: string; hour: string; day?: string; month?: string; weekDay?: string };
  /** The payload the schedule sends. */
  input?: Record<string, unknown>;
  timeoutSeconds: number;
  memoryMb: number;
  /** One run at a time: a second schedule event waits rather than racing the first. */
  reservedConcurrency: number;
  /** Lambda's own retries of a failed scheduled (asynchronous) run, 0 to 2. */
  asyncRetries: number;
}

export const JOBS = [
  {
    id: 'RunAudit',
    entry: 'functions/ledger/run-audit.ts',
    summary:
      'Nightly audit: every balance from its movements, every stock from its history; a failure raises an alarm',
    table: ['scan', 'read', 'query-indexes'],
    schedule: { minute: '30', hour: '3' },
    timeoutSeconds: 900,
    memoryMb: 1769,
    reservedConcurrency: 1,
    // A failed audit is a finding, not a glitch: one alarm, not three runs.
    asyncRetries: 0,
  },
  {
    id: 'RunMonthlyDraw',
    entry: 'functions/draws/run-monthly-draw.ts',
    summary: 'Monthly draw at 01:00 on the 1st (China time): the month before, prizes credited once',
    table: ['read', 'write', 'query-indexes'],
    schedule: { minute: '0', hour: '1', day: '1' },
    timeoutSeconds: 900,
    memoryMb: 1769,
    reservedConcurrency: 1,
    // A failed draw resumes where it stopped: let Lambda try again.
    asyncRetries: 2,
  },
] as const satisfies readonly JobDefinition[];

export const JOB_DEFINITIONS: readonly JobDefinition[] = JOBS;
