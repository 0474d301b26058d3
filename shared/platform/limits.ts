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
/** Volunteers and organisations: registration fields, the tree's depth, bulk imports. */
export const VOLUNTEER_NAME_LENGTH_MAX = 50;
export const EXTERNAL_ID_LENGTH_MAX = 64;
/**
 * A volunteer's 技能特长 and 服务意向 (MCA Order No. 67 第五条: 专业技能, 服务类别): short lists of
 * short texts. The bounds are the product's choice (a registration form's few boxes), not a rule.
 */
export const VOLUNTEER_TAGS_MAX = 10;
export const VOLUNTEER_TAG_LENGTH_MAX = 20;
/** An ID number as typed (spaces, hyphens, full-width characters): longer is not a number. */
export const ID_NUMBER_INPUT_LENGTH_MAX = 64;
export const ORG_DEPTH_MAX = 12;
/** Attempts for one organisation change when the tree changes meanwhile (each re-reads the tree). */
export const ORG_WRITE_ATTEMPTS_MAX = 5;
/** Rows one POST /v1/volunteers/import may carry; the web page sends a file in such chunks. */
export const IMPORT_ROWS_PER_REQUEST_MAX = 200;
/**
 * Registrations written in one transaction during an import (each is 2–3 items; a transaction
 * holds at most 100), and such transactions in flight at once.
 */
export const REGISTRATIONS_PER_TRANSACTION_MAX = 25;
export const IMPORT_CONCURRENCY = 4;
/** A county's export stays far below these; a wrong file (a photo, a database dump) does not. */
export const IMPORT_FILE_BYTES_MAX = 64 * 1024 * 1024;
export const IMPORT_FILE_ROWS_MAX = 200_000;
/** Attempts for one ledger write, counting the first; each retry waits with jittered backoff. */
export const LEDGER_WRITE_ATTEMPTS_MAX = 24;
export const LEDGER_BACKOFF_BASE_MS = 5;
/**
 * Attempts to keep a refusal under its Idempotency-Key; past them the refusal is answered unkept
 * (a later repeat is then judged afresh), which is better than holding the counter up longer.
 */
export const REFUSAL_KEEP_ATTEMPTS_MAX = 8;
export const LEDGER_BACKOFF_CAP_MS = 200;
/** Service records: entries per record, the rate range of a point rule, approval fan-out. */
export const RECORD_ENTRIES_MAX = 500;
export const POINTS_PER_HOUR_MAX = 1000;
/**
 * Rounds of reading a service record and conditionally changing its status (approve, reject,
 * reverse). Each round either decides or sees the record change under it, and a record changes
 * status only a few times (pending → approving → approved), so a few rounds always settle.
 */
export const RECORD_DECISION_ROUNDS_MAX = 8;
/** Rounds of a BatchGetItem for the keys DynamoDB hands back unprocessed (a scan's three keys). */
export const SCAN_READ_ROUNDS_MAX = 4;
/** Entries of one record credited at the same time during an approval or a reversal. */
export const RECORD_SETTLE_CONCURRENCY = 16;
/** Index pages one list request may read while filtering records to a coordinator's subtree. */
export const RECORD_LIST_PAGES_MAX = 10;
/** Pages of the rules partition read at once; a county keeps a handful of rules. */
export const POINT_RULE_PAGES_MAX = 10;
/** The monthly draw: its parameters, the entrant list's pages, and the bounds of a run. */
export const DRAW_WINNERS_MAX = 1000;
export const DRAW_PRIZE_POINTS_MAX = 100_000;
/** A month has at most 31 × 24 hours. */
export const DRAW_MIN_HOURS_MAX = 744;
/** Tickets are quarter-hours; far above a month's 2976, so a looser daily cap never breaks a draw. */
export const DRAW_TICKETS_MAX = 100_000;
/** Entrants returned inline with a draw; longer lists are read a page at a time. */
export const DRAW_ENTRANTS_INLINE_MAX = 10_000;
/** Bytes of canonical entrant lines per stored page (an item may hold 400 KB). */
export const DRAW_ENTRANT_PAGE_BYTES_MAX = 300_000;
/** Prizes credited at the same time, and stored pages written at the same time. */
export const DRAW_CREDIT_CONCURRENCY = 16;
export const DRAW_PAGE_WRITE_CONCURRENCY = 8;
/** Index pages read per month shard while collecting entrants (1 MB each). */
export const DRAW_INDEX_PAGES_PER_SHARD_MAX = 100_000;
/** Rounds of one run when other runs or changes race it; attempts of one DynamoDB call. */
export const DRAW_RUN_ROUNDS_MAX = 5;
export const DRAW_CALL_ATTEMPTS_MAX = 8;
/** Stores and their catalogue: prices, stock quantities, and how much one list request reads. */
export const ITEM_PRICE_POINTS_MAX = 100_000;
export const STOCK_QUANTITY_MAX = 1_000_000;
export const STORE_PAGES_MAX = 10;
/** Redemptions: lines per basket and units per line (also after repeated SKUs are merged). */
export const REDEMPTION_LINES_MAX = 20;
export const REDEMPTION_QTY_MAX = 99;
/** Pages of one store's day one reconciliation reads; a busy counter fills a fraction of one. */
export const STORE_DAY_PAGES_MAX = 20;
/** Days of redemptions a stock audit walks back to the store's opening (about ten years). */
export const STOCK_AUDIT_DAYS_MAX = 3660;
/** Volunteer codes: lifetime (the contract allows at most 120 s), random id size, text length. */
export const CODE_TTL_SECONDS = 120;
export const CODE_ID_BYTES = 12;
export const CODE_LENGTH_MAX = 256;
/** Printed cards: digits of the number (the last is a Luhn check digit), PIN guesses before the lock. */
export const CARD_NUMBER_DIGITS = 12;
export const CARD_PIN_ATTEMPTS_MAX = 5;
/** Misuse caps at the counter; configuration may change them (0 turns one off). */
export const REDEEM_POINTS_PER_VOLUNTEER_PER_DAY_DEFAULT = 5000;
export const REDEMPTIONS_PER_COUNTER_PER_MINUTE_DEFAULT = 30;
/**
 * Per-caller limits at the counter, the same locally and in AWS (DynamoDB counters, one fixed
 * window each; configuration may change them, 0 turns one off). A counter serves one person at a
 * time, each taking well over a few seconds to scan, choose and hand over goods, so 30 scans in a
 * minute is far above a busy queue and far below what a script would send.
 */
export const SCANS_PER_COUNTER_PER_MINUTE_DEFAULT = 30;
/**
 * Wrong PINs: elderly volunteers mistype, so a few an hour at one counter are normal; a sweep over
 * many cards (each allowing CARD_PIN_ATTEMPTS_MAX - 1 before it locks) is not. Ten an hour per
 * counter user and twenty per store stop two cards' worth of guessing; ten a day per card number,
 * not reset by a right PIN, bounds guessing that interleaves with the owner's own visits.
 */
export const WRONG_PINS_PER_COUNTER_PER_HOUR_DEFAULT = 10;
export const WRONG_PINS_PER_STORE_PER_HOUR_DEFAULT = 20;
export const WRONG_PINS_PER_CARD_PER_DAY_DEFAULT = 10;

/**
 * Sign-in from one client address (a village hall shares one), per 10-minute window: wrong
 * passwords over all usernames, and wrong activation codes. A code is 6 digits with a handful live
 * at a time, so ten tries per window leave a guesser about one chance in a hundred thousand a day
 * per live code; a whole class of volunteers mistyping stays well below it.
 */
export const SIGN_IN_FAILURES_PER_CLIENT_DEFAULT = 30;
export const ACTIVATION_FAILURES_PER_CLIENT_DEFAULT = 10;
export const SIGN_IN_CLIENT_WINDOW_SECONDS = 10 * 60;

/**
 * Residents' requests (群众点单) from the public page: a household asks a few times a week at most,
 * a village hall's shared connection a few dozen times a day. Five a day per phone and twenty an
 * hour per address stop a script, not a village. Tracking an order with wrong phone digits: ten
 * per address per 10 minutes and ten per order number per day, so four digits cannot be walked.
 */
export const ORDERS_PER_PHONE_PER_DAY_DEFAULT = 5;
export const ORDERS_PER_CLIENT_PER_HOUR_DEFAULT = 20;
export const TRACKING_FAILURES_PER_CLIENT_DEFAULT = 10;
export const TRACKING_FAILURES_PER_ORDER_PER_DAY = 10;

/**
 * The mobile shop's trips (docs/mobile-shop.md). A route is a day's villages: a van stops at a few,
 * ten at most. Holds are one transaction each, placed a few at a time: the seed county's largest
 * towns have about 1,500 volunteers, so a route of villages is well under TRIP_VOLUNTEERS_MAX, and
 * opening or closing a trip answers within TRIP_STEP_BUDGET_MS, saying how far it got (the page
 * asks again with the same key until it is done). A van carries at most TRIP_GOODS_MAX kinds.
 */
export const TRIP_VILLAGES_MAX = 10;
export const TRIP_VOLUNTEERS_MAX = 2000;
export const TRIP_GOODS_MAX = 200;
export const TRIP_HOLDS_AT_ONCE = 8;
export const TRIP_STEP_BUDGET_MS = 6000;
/** Trips one list answers: the newest. */
export const TRIP_LIST_MAX = 50;
/** Query pages read for one trip's holds (1 MB each: thousands of holds). */
export const TRIP_HOLD_PAGES_MAX = 20;
