/** Limits shared by the schemas at the edge and the code behind them. */
export const BODY_BYTES_MAX = 64 * 1024;
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const NAME_LENGTH_MAX = 100;
export const REASON_LENGTH_MAX = 500;
export const POINTS_MAX = 1_000_000_000;
export const LEDGER_PAGE_LIMIT_DEFAULT = 20;
export const LEDGER_PAGE_LIMIT_MAX = 100;
export const CURSOR_LENGTH_MAX = 512;
/** Attempts for one ledger write, counting the first; each retry waits with jittered backoff. */
export const LEDGER_WRITE_ATTEMPTS_MAX = 24;
export const LEDGER_BACKOFF_BASE_MS = 5;
export const LEDGER_BACKOFF_CAP_MS = 200;
/** Service records: entries per record, the rate range of a point rule, approval fan-out. */
export const RECORD_ENTRIES_MAX = 500;
export const POINTS_PER_HOUR_MAX = 1000;
/** Entries of one record credited at the same time during an approval or a reversal. */
export const RECORD_SETTLE_CONCURRENCY = 16;
/** Index pages one list request may read while filtering records to a coordinator's subtree. */
export const RECORD_LIST_PAGES_MAX = 10;
/** Pages of the rules partition read at once; a county keeps a handful of rules. */
export const POINT_RULE_PAGES_MAX = 10;
