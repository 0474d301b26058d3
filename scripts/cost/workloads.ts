/**
 * What a county does in a month, and a city and a province: every figure the bill multiplies by a
 * price, stated and argued. Figures are `seed` (the county newspaper report in /work/shared/seeds/,
 * 兰州日报 of 3 November 2020 on 皋兰县, or the task's own population figures), `measured` (by
 * `npm run bench`, read from bench/measured-units.json) or `estimated` (argued here, and marked so in
 * every derivation the bill prints).
 *
 * The seed report gives: 17,142 real-name volunteers (17142名实名认证志愿者), 169 volunteer
 * organisations at county, town and village level (169个各级各类志愿服务组织), 90 service projects,
 * 10 specialist teams, "a theme every month, an activity every week" at the town and village
 * stations (月月有主题，周周有活动), and love supermarkets and mobile shops where service hours
 * become points and points become goods (爱心超市、流动超市以服务时长兑积分、以积分换物品). It gives
 * no transaction counts: those are estimated below from the people it counts.
 */

export type Basis = 'seed' | 'measured' | 'estimated';

export interface Figure {
  value: number;
  basis: Basis;
  why: string;
}

export type Scale = 'county' | 'city' | 'province';
export const SCALES: readonly Scale[] = ['county', 'city', 'province'];

/** DynamoDB operations `npm run bench` measures; their units come from bench/measured-units.json. */
export const MEASURED_OPERATIONS = [
  'redeem1Line',
  'redeem5Lines',
  'earnEntry',
  'volunteerBalance',
  'coordinatorBalanceWarm',
  'coordinatorBalanceCold',
  'doorSignIn',
  'orderAccept',
  'orderQueue',
] as const;
export type MeasuredOperation = (typeof MEASURED_OPERATIONS)[number];

/** Units per operation, with where the figure comes from. */
export interface OperationUnits {
  writeUnits: number;
  readUnits: number;
  basis: Basis;
  why: string;
}

/**
 * Operations the bench does not measure: units estimated from the items each writes and reads, by
 * the rules in bench/units.ts (1 write unit per started KB, twice inside a transaction, index
 * entries once; 1 read unit per started 4 KB strongly consistent, half that eventually consistent).
 */
export const ESTIMATED_UNITS = {
  codeIssue: {
    writeUnits: 0,
    readUnits: 1,
    basis: 'estimated',
    why: "a volunteer's QR code is signed, not stored; the route reads the caller's sign-in state (one item, strongly consistent)",
  },
  counterScan: {
    writeUnits: 2,
    readUnits: 2,
    basis: 'estimated',
    why: "the counter's scan: the per-counter scan limiter's item (one update) and the volunteer's account and used-code marker (two reads)",
  },
  passbookRead: {
    writeUnits: 0,
    readUnits: 2.5,
    basis: 'estimated',
    why: 'one page of 20 movements of about 450 bytes (9 KB) from the volunteer partition, strongly consistent: 3 units, less for short passbooks',
  },
  profileRead: {
    writeUnits: 0,
    readUnits: 1,
    basis: 'estimated',
    why: 'one item of under 4 KB (profile, activity, draw or record page)',
  },
  signUp: {
    writeUnits: 2,
    readUnits: 1,
    basis: 'estimated',
    why: "the sign-up item in the activity's partition (under 1 KB) and its index entry, after reading the activity",
  },
  activityWrite: {
    writeUnits: 4,
    readUnits: 1,
    basis: 'estimated',
    why: 'an activity or order item of 1-2 KB and its index entry',
  },
  recordSubmission: {
    writeUnits: 8,
    readUnits: 2,
    basis: 'estimated',
    why: 'a service record of 15 entries (about 3 KB) put with its index entry, after reading the activity and its roster',
  },
  tokenIssue: {
    writeUnits: 4,
    readUnits: 2,
    basis: 'estimated',
    why: 'sign-in or refresh: the account or device item read, the replaced refresh or device token written (a transaction of one item under 1 KB) with its index entry',
  },
  staffRead: {
    writeUnits: 0,
    readUnits: 4,
    basis: 'estimated',
    why: 'a list page (queue, roster, stock, report): one query of about 10 KB eventually or strongly consistent',
  },
  staffWrite: {
    writeUnits: 4,
    readUnits: 1,
    basis: 'estimated',
    why: 'a catalogue, stock, organisation or volunteer edit: one item of 1-2 KB and its index entry',
  },
  exportFile: {
    writeUnits: 1,
    readUnits: 130,
    basis: 'estimated',
    why: 'an export file of 1,000 volunteers: 1,000 profiles of about 1 KB read eventually consistent (125 units) and its audit-log entry',
  },
  projectedMovement: {
    writeUnits: 6,
    readUnits: 0,
    basis: 'estimated',
    why: "the stream projector's one transaction per movement (docs/projections.md): marker, the county's day item and the store's day or the volunteer's hours, each under 1 KB, doubled in a transaction",
  },
  drawPrize: {
    writeUnits: 10,
    readUnits: 1,
    basis: 'estimated',
    why: "a prize is a ledger credit like an earn entry's (account, movement, marker, index entry)",
  },
  notFound: {
    writeUnits: 0,
    readUnits: 0,
    basis: 'estimated',
    why: 'the catch-all route answers 404 without touching the table',
  },
} as const satisfies Record<string, OperationUnits>;

export type EstimatedOperation = keyof typeof ESTIMATED_UNITS;
export type OperationId = MeasuredOperation | EstimatedOperation;

/** When in the month something happens; custom metrics are billed by the hours that see data. */
export type Window = 'day' | 'store' | 'office';

export interface Activity {
  id: string;
  what: string;
  perMonth: Figure;
  /** API requests each occurrence makes (through CloudFront, API Gateway and a route function). */
  apiRequests: number;
  /** Its DynamoDB work, per occurrence. */
  operation: OperationId;
  /** Redemption lines per basket, for the redemption's units (between the 1- and 5-line measurements). */
  lines?: number;
  /** Ledger movements it posts, per occurrence: each is projected from the stream. */
  movements?: number;
  /**
   * KMS requests per occurrence where the template has the key: `sign` on an asymmetric key (the
   * token issuer's), `symmetric` on a symmetric customer managed key (the ID numbers' data keys).
   */
  kms?: { sign?: number; symmetric?: number };
  /** When it happens (for the custom metrics' active hours). */
  window: Window;
}

export interface JobRun {
  /** Seconds per run at this scale. */
  seconds: Figure;
  /** DynamoDB read units per run (the audit's scan grows with the table). */
  readUnits: Figure;
  writeUnits: Figure;
}

export interface Workload {
  scale: Scale;
  label: string;
  population: { counties: Figure; volunteers: Figure; organisations: Figure; stores: Figure; staff: Figure };
  activities: Activity[];
  /** Page loads of the web pages (each a CloudFront request or few, and data out). */
  pageViews: Figure;
  /** Requests per page view besides the API calls: the HTML (revalidated), /config.json, cache misses. */
  requestsPerPageView: Figure;
  /** Bytes out per page view (pages, scripts on a first visit, API answers). */
  bytesPerPageView: Figure;
  /** Requests from scanners and bots to paths that are not pages (the API's catch-all or S3's 404). */
  strayRequests: Figure;
  /** Billed Lambda milliseconds per API request, cold starts included. */
  routeMilliseconds: Figure;
  /** Bytes of CloudWatch Logs per route invocation (platform lines, our request line, EMF metrics). */
  logBytesPerInvocation: Figure;
  /** Bytes of the API access log per request. */
  accessLogBytes: Figure;
  /** Hours a day with requests arriving (the day window). */
  dayHours: Figure;
  /** Hours a month some store's counter is open (the store window). */
  storeHoursPerMonth: Figure;
  /** Office hours a month, when records are approved and staff work (the office window). */
  officeHoursPerMonth: Figure;
  /** Table size before any activity: profiles, accounts, organisations, stores. */
  baseTableBytes: Figure;
  /** Bytes the table grows by each month (items written and kept, index copies included). */
  tableGrowthBytesPerMonth: Figure;
  /** Scheduled jobs by id (the function's description names it). */
  jobs: Record<string, JobRun>;
  /** Stream projector: invocations a month (batches of movements within 5 s) and billed ms each. */
  projectorInvocations: Figure;
  projectorMilliseconds: Figure;
  /**
   * Of the 5-minute windows of the day hours, the share in which a function holding a secret or
   * parameter runs (it re-reads the value when 5 minutes have passed), and how many instances at once.
   */
  secretWindowShare: Figure;
  concurrentInstances: Figure;
  /** KMS requests DynamoDB makes for the table's customer managed key (refreshing its cached table key). */
  tableKeyRequests: Figure;
  /** Alarm emails a month (an alarm and its recovery). */
  alarmEmails: Figure;
  /** kms:GetPublicKey calls: the JWKS route, once per cold instance, and the token issuer's own check. */
  publicKeyReads: Figure;
  /** Custom-metric events a month by metric name, and the window they fall in. */
  metricEvents: Record<string, { perMonth: number; window: Window }>;
  /** Deployments a month (each uploads the pages to S3). */
  deployments: Figure;
  /** The built pages on S3. */
  siteBytes: Figure;
}

const seed = (value: number, why: string): Figure => ({ value, basis: 'seed', why });
const estimate = (value: number, why: string): Figure => ({ value, basis: 'estimated', why });

const COUNTY_VOLUNTEERS = 17_142;
const COUNTY_ORGANISATIONS = 169;
const COUNTY_STORES = 10;

/**
 * Rates per person, the same at every scale: a city or province is more counties of the same
 * people doing the same things, so usage grows with the volunteers and nothing else.
 */
const RATE = {
  /** Share of registered volunteers who serve in a month. */
  activeShare: estimate(
    0.3,
    'the report counts 17,142 volunteers and 4,370 who turned out for one campaign (防疫, about 25 %); with an activity every week at the stations, 30 % serving in a month',
  ),
  /** Activities a month per organisation. */
  activitiesPerOrganisation: estimate(
    2,
    '周周有活动 (an activity every week) holds for the stations; across all 169 organisations, one every other week',
  ),
  attendeesPerActivity: estimate(
    15,
    'a village or town activity: 10-20 people (the bench rally is 500, a county-wide event)',
  ),
  signUpShare: estimate(
    0.9,
    'nine in ten sign up before the day, the tenth walks in (as the bench rally assumes)',
  ),
  /** Hand-entered records (补录) per activity record. */
  handEntryShare: estimate(
    0.1,
    'one record in ten is entered by hand afterwards (补录) rather than from the door',
  ),
  /** Baskets a store serves on an opening day. */
  basketsPerStoreDay: estimate(12, 'a love supermarket open a few hours: a basket every 15-20 minutes'),
  storeDaysPerMonth: estimate(
    20,
    'a fixed shop opens about five days a week; mobile shops tour on fewer, fixed ones on more',
  ),
  linesPerBasket: estimate(2, 'a basket is a few everyday goods (rice, oil, soap): two lines on average'),
  codesPerBasket: estimate(
    2,
    "the volunteer's QR code renews itself every two minutes while the page is open at the counter",
  ),
  voidShare: estimate(0.01, 'one redemption in a hundred is voided at the counter'),
  /** Volunteer page views a month per active volunteer. */
  pageViewsPerActive: estimate(
    4,
    'an active volunteer opens their page about once a week: to sign in at the door, to see points, to show the QR code at the store',
  ),
  pageViewsPerInactive: estimate(0.05, 'one inactive volunteer in twenty looks at their points in a month'),
  /** API calls a volunteer page view makes besides the action it was opened for. */
  callsPerVolunteerView: estimate(2, 'the balance and the passbook (one page)'),
  staffPerStore: estimate(2, 'two counter clerks per store'),
  staffPerOrganisation: estimate(1, 'a coordinator per organisation'),
  officeStaffPerCounty: estimate(5, 'the county office (县文明实践中心)'),
  staffWorkDays: estimate(20, 'working days a month'),
  staffViewsPerDay: estimate(
    2,
    'a coordinator or clerk opens the office or counter page about twice a working day',
  ),
  staffCallsPerView: estimate(5, 'lists and queues a staff page loads (approvals, roster, stock, reports)'),
  staffWritesPerDay: estimate(
    0.75,
    'catalogue, stock, organisation and volunteer edits: a few a week per staff member',
  ),
  /** Token issues: every page view of a signed-in person after the one-hour access token has expired. */
  tokenShareOfViews: estimate(
    0.9,
    'access tokens last an hour (ACCESS_TOKEN_TTL_SECONDS); most page views are more than an hour apart',
  ),
  newVolunteerShare: estimate(
    0.02,
    'registrations and ID-number corrections a month: 2 % of the register (a GenerateDataKey each)',
  ),
  exportRowsShare: estimate(
    1 / 3,
    'the whole register is exported for the national system once a quarter (one KMS Decrypt per ID number, 1,000 rows a file)',
  ),
  ordersPerOrganisation: estimate(0.3, '六单 orders: about 50 a month across the county, five steps each'),
  prizesPerDraw: estimate(100, 'the monthly draw credits 100 prizes (DRAW_WINNERS_MAX is the ceiling)'),
  adjustmentsPerCounty: estimate(20, 'corrections and reversals by the office'),
  strayPerCounty: estimate(
    20_000,
    "bots and scanners probe every public HTTPS address; about 650 a day reach the site's paths, half of them /v1 (the API's catch-all answers 404)",
  ),
} as const;

const perCounty = (counties: number, figure: Figure): number => counties * figure.value;

interface People {
  counties: number;
  volunteers: number;
  organisations: number;
  stores: number;
}

function activitiesFor(people: People): Activity[] {
  const active = people.volunteers * RATE.activeShare.value;
  const inactive = people.volunteers - active;
  const activities = people.organisations * RATE.activitiesPerOrganisation.value;
  const signIns = activities * RATE.attendeesPerActivity.value;
  const handEntries = signIns * RATE.handEntryShare.value;
  const records = activities * (1 + RATE.handEntryShare.value);
  const baskets = people.stores * RATE.basketsPerStoreDay.value * RATE.storeDaysPerMonth.value;
  const volunteerViews = active * RATE.pageViewsPerActive.value + inactive * RATE.pageViewsPerInactive.value;
  const staff = staffOf(people);
  const staffViews = staff * RATE.staffWorkDays.value * RATE.staffViewsPerDay.value;
  const why = (text: string) =>
    `${text} (${Math.round(people.volunteers).toLocaleString('en-US')} volunteers)`;
  return [
    {
      id: 'doorSignIns',
      what: 'door sign-ins (ScanDoorCode)',
      perMonth: estimate(
        signIns,
        why(`${fmt(activities)} activities a month × ${RATE.attendeesPerActivity.value} attendees`),
      ),
      apiRequests: 1,
      operation: 'doorSignIn',
      window: 'day',
    },
    {
      id: 'signUps',
      what: 'sign-ups before an activity',
      perMonth: estimate(signIns * RATE.signUpShare.value, why('nine in ten attendees sign up beforehand')),
      apiRequests: 1,
      operation: 'signUp',
      window: 'day',
    },
    {
      id: 'activities',
      what: 'activities and 六单 orders created',
      perMonth: estimate(activities, why(`${RATE.activitiesPerOrganisation.value} a month per organisation`)),
      apiRequests: 1,
      operation: 'activityWrite',
      window: 'office',
    },
    {
      id: 'recordSubmissions',
      what: 'service records submitted (from the door, or 补录 by hand)',
      perMonth: estimate(records, why('one per activity, and one in ten again by hand')),
      apiRequests: 1,
      operation: 'recordSubmission',
      window: 'office',
    },
    {
      id: 'earnEntries',
      what: 'service entries approved (earn), each a ledger credit',
      perMonth: estimate(signIns + handEntries, why('every attendance, plus the hand-entered ones')),
      // The approval is one request per record; its entries are counted here.
      apiRequests: records / Math.max(1, signIns + handEntries),
      operation: 'earnEntry',
      movements: 1,
      window: 'office',
    },
    {
      id: 'redemptions',
      what: 'redemptions at the counter',
      perMonth: estimate(
        baskets,
        why(
          `${fmt(people.stores)} stores × ${RATE.basketsPerStoreDay.value} baskets × ${RATE.storeDaysPerMonth.value} opening days`,
        ),
      ),
      apiRequests: 1,
      operation: 'redeem1Line',
      lines: RATE.linesPerBasket.value,
      movements: 1,
      window: 'store',
    },
    {
      id: 'counterScans',
      what: "counter scans of the volunteer's code",
      perMonth: estimate(baskets, why('one scan per basket')),
      apiRequests: 1,
      operation: 'counterScan',
      window: 'store',
    },
    {
      id: 'codeIssues',
      what: 'volunteer QR codes issued',
      perMonth: estimate(
        baskets * RATE.codesPerBasket.value,
        why('two per basket (the code renews while shown)'),
      ),
      apiRequests: 1,
      operation: 'codeIssue',
      window: 'store',
    },
    {
      id: 'voids',
      what: 'redemptions voided',
      perMonth: estimate(baskets * RATE.voidShare.value, why('1 % of redemptions')),
      apiRequests: 1,
      operation: 'redeem1Line',
      movements: 1,
      window: 'store',
    },
    {
      id: 'balanceReads',
      what: 'balance reads (volunteers)',
      perMonth: estimate(volunteerViews, why('one per volunteer page view')),
      apiRequests: 1,
      operation: 'volunteerBalance',
      window: 'day',
    },
    {
      id: 'passbookReads',
      what: 'passbook pages (volunteers)',
      perMonth: estimate(
        volunteerViews * (RATE.callsPerVolunteerView.value - 1),
        why('one per volunteer page view'),
      ),
      apiRequests: 1,
      operation: 'passbookRead',
      window: 'day',
    },
    {
      id: 'coordinatorReads',
      what: "coordinators' reads of a volunteer (balance, record)",
      perMonth: estimate(staffViews, why('one per staff page view')),
      apiRequests: 1,
      operation: 'coordinatorBalanceCold',
      window: 'office',
    },
    {
      id: 'staffReads',
      what: 'staff list and report reads',
      perMonth: estimate(staffViews * (RATE.staffCallsPerView.value - 1), why(`${fmt(staff)} staff`)),
      apiRequests: 1,
      operation: 'staffRead',
      window: 'office',
    },
    {
      id: 'staffWrites',
      what: 'staff edits (catalogue, stock, organisations, volunteers)',
      perMonth: estimate(
        staff * RATE.staffWorkDays.value * RATE.staffWritesPerDay.value,
        why(`${fmt(staff)} staff`),
      ),
      apiRequests: 1,
      operation: 'staffWrite',
      window: 'office',
    },
    {
      id: 'orderSteps',
      what: '六单 order steps (accept, dispatch, finish)',
      perMonth: estimate(
        people.organisations * RATE.ordersPerOrganisation.value * 5,
        why('five steps per order'),
      ),
      apiRequests: 1,
      operation: 'orderAccept',
      window: 'office',
    },
    {
      id: 'orderQueues',
      what: "teams' open-order queues read",
      perMonth: estimate(
        people.organisations * RATE.ordersPerOrganisation.value * 10,
        why('ten looks per order'),
      ),
      apiRequests: 1,
      operation: 'orderQueue',
      window: 'office',
    },
    {
      id: 'tokenIssues',
      what: 'access tokens issued (sign-in, refresh, activation)',
      perMonth: estimate(
        (volunteerViews + staffViews) * RATE.tokenShareOfViews.value,
        why('nine page views in ten come after the hour-long access token expired'),
      ),
      apiRequests: 1,
      operation: 'tokenIssue',
      kms: { sign: 1 },
      window: 'day',
    },
    {
      id: 'idNumberWrites',
      what: 'ID numbers sealed (registrations, imports)',
      perMonth: estimate(
        people.volunteers * RATE.newVolunteerShare.value,
        why('2 % of the register a month'),
      ),
      apiRequests: 0.1,
      operation: 'staffWrite',
      kms: { symmetric: 1 },
      window: 'office',
    },
    {
      id: 'exportFiles',
      what: 'export files of 1,000 volunteers, whole ID numbers opened',
      perMonth: estimate(
        (people.volunteers * RATE.exportRowsShare.value) / 1000,
        why('the register once a quarter, 1,000 rows a file'),
      ),
      apiRequests: 1,
      operation: 'exportFile',
      kms: { symmetric: 1000 },
      window: 'office',
    },
    {
      id: 'prizes',
      what: 'monthly draw prizes credited',
      perMonth: estimate(people.counties * RATE.prizesPerDraw.value, why('100 prizes per county draw')),
      apiRequests: 0,
      operation: 'drawPrize',
      movements: 1,
      window: 'office',
    },
    {
      id: 'adjustments',
      what: 'adjustments and reversals',
      perMonth: estimate(perCounty(people.counties, RATE.adjustmentsPerCounty), why('20 per county')),
      apiRequests: 1,
      operation: 'drawPrize',
      movements: 1,
      window: 'office',
    },
    {
      id: 'strayApiRequests',
      what: 'stray requests to /v1 (bots; the catch-all answers 404)',
      perMonth: estimate(perCounty(people.counties, RATE.strayPerCounty) / 2, why('half the stray traffic')),
      apiRequests: 1,
      operation: 'notFound',
      window: 'day',
    },
  ];
}

function staffOf(people: People): number {
  return (
    people.stores * RATE.staffPerStore.value +
    people.organisations * RATE.staffPerOrganisation.value +
    people.counties * RATE.officeStaffPerCounty.value
  );
}

const fmt = (value: number): string => Math.round(value).toLocaleString('en-US');

/** Bytes a month's activity adds to the table and keeps (index copies and 100-byte item overheads included). */
function tableGrowth(activities: readonly Activity[]): number {
  const BYTES_KEPT: Partial<Record<string, number>> = {
    // movement 476 B and its month-index copy, marker 337 B, the day's hours 178 B and its index copy, 5 × 100 B overhead
    earnEntries: 2_150,
    // movement 434 B and index copy, marker 454 B, record 374 B and index copy, 5 × 100 B overhead
    redemptions: 2_570,
    voids: 2_570,
    // the person's item 362 B and its index copy
    doorSignIns: 920,
    signUps: 920,
    recordSubmissions: 6_200,
    activities: 3_000,
    prizes: 1_700,
    adjustments: 1_700,
  };
  return activities.reduce(
    (sum, activity) => sum + activity.perMonth.value * (BYTES_KEPT[activity.id] ?? 0),
    0,
  );
}

/** The three workloads. */
export function workloadFor(scale: Scale): Workload {
  const counties = { county: 1, city: 10, province: 75 }[scale];
  const volunteers = { county: COUNTY_VOLUNTEERS, city: 200_000, province: 1_500_000 }[scale];
  const people: People = {
    counties,
    volunteers,
    organisations: counties * COUNTY_ORGANISATIONS,
    stores: counties * COUNTY_STORES,
  };
  const activities = activitiesFor(people);
  const count = (id: string) => activities.find((activity) => activity.id === id)?.perMonth.value ?? 0;
  const staff = staffOf(people);
  const volunteerViews = count('balanceReads');
  const staffViews = count('coordinatorReads');
  const apiRequests = activities.reduce(
    (sum, activity) => sum + activity.perMonth.value * activity.apiRequests,
    0,
  );
  const baseTableBytes = volunteers * 1_700 + people.organisations * 400 + people.stores * 20_000;
  const growth = tableGrowth(activities);
  const tableBytesAfterYear = baseTableBytes + 12 * growth;
  const auditReadUnits = tableBytesAfterYear / 4096;
  const entrants = volunteers * RATE.activeShare.value;
  const label = {
    county: '皋兰县 (the seed county): 17,142 volunteers, 169 organisations, 10 stores',
    city: 'a city: 10 counties, 200,000 volunteers, 1,690 organisations, 100 stores',
    province: 'a province: 75 counties, 1.5 million volunteers, 12,675 organisations, 750 stores',
  }[scale];
  const ledgerWrites = count('earnEntries') + count('redemptions') + count('voids') + count('adjustments');
  return {
    scale,
    label,
    population: {
      counties: seed(counties, scale === 'county' ? 'one county' : `the task's ${scale}`),
      volunteers: seed(
        volunteers,
        scale === 'county' ? '17142名实名认证志愿者 (the seed report)' : `the task's ${scale}`,
      ),
      organisations: seed(
        people.organisations,
        scale === 'county' ? '169个各级各类志愿服务组织 (the seed report)' : '169 per county',
      ),
      stores: seed(
        people.stores,
        scale === 'county' ? "the task's 10 stores (爱心超市, 流动超市)" : '10 per county',
      ),
      staff: estimate(
        staff,
        'two clerks per store, a coordinator per organisation, five in each county office',
      ),
    },
    activities,
    pageViews: estimate(
      volunteerViews + staffViews,
      'volunteer page views (weekly for an active volunteer) and staff page views (twice a working day)',
    ),
    requestsPerPageView: estimate(
      3,
      'the page itself (no-cache, revalidated), /config.json, and a script or chunk missing from the browser cache now and then; the rest is cached (immutable assets)',
    ),
    bytesPerPageView: estimate(
      30_000,
      'a first visit loads about 55 KB of scripts (gzip, web/dist/assets/sizes.json), later visits only the page and JSON answers',
    ),
    strayRequests: estimate(perCounty(counties, RATE.strayPerCounty), RATE.strayPerCounty.why),
    routeMilliseconds: estimate(
      150,
      'a warm request takes 20-60 ms on 1 GB; at county traffic many are cold, and Lambda bills the initialisation (about 300 ms with a 300 KB bundle)',
    ),
    logBytesPerInvocation: estimate(
      1_200,
      "Lambda's START, END and REPORT lines (about 350 B), our one request line (about 500 B), and an EMF metrics line on ledger requests",
    ),
    accessLogBytes: estimate(450, 'one JSON line of the 14 access-log fields (ACCESS_LOG_FIELDS)'),
    dayHours: estimate(14, 'people use the pages from about 7:00 to 21:00'),
    storeHoursPerMonth: estimate(
      Math.min(730, 8 * 26),
      'some store is open 8 hours a day on about 26 days (fixed shops and touring mobile shops on different days)',
    ),
    officeHoursPerMonth: estimate(8 * 22, '8 hours on 22 working days'),
    baseTableBytes: estimate(
      baseTableBytes,
      'a volunteer is about 1.7 KB kept (profile with its index copy, sealed ID number, uniqueness guards, account); organisations 400 B, a store and its catalogue 20 KB',
    ),
    tableGrowthBytesPerMonth: estimate(
      growth,
      'the items each month keeps: movements, markers and records with their index copies (projection markers expire after 8 days)',
    ),
    jobs: {
      RunAudit: {
        seconds: estimate(
          10 + tableBytesAfterYear / 20_000_000,
          'the nightly audit scans the whole table: about 20 MB a second in one process, plus 10 s of setup',
        ),
        readUnits: estimate(
          auditReadUnits,
          'a strongly consistent scan of the whole table after a year: 1 read unit per 4 KB',
        ),
        writeUnits: estimate(0, 'the audit writes nothing to the table'),
      },
      RunMonthlyDraw: {
        seconds: estimate(
          5 + entrants / 30_000,
          'collecting the month index (about 30,000 entrants a second), pages, 100 prizes',
        ),
        readUnits: estimate(
          (entrants * 180) / 8192,
          "the month's hours items, about 180 B each, eventually consistent",
        ),
        writeUnits: estimate(
          (entrants * 60) / 1024,
          'the frozen entrant list in pages of 300 KB (about 60 B an entrant)',
        ),
      },
    },
    projectorInvocations: estimate(
      count('redemptions') + count('voids') + count('recordSubmissions') + count('adjustments') + 1,
      "the event source gathers up to 5 s: a redemption is a batch of its own at a county's pace, an approval's entries one batch",
    ),
    projectorMilliseconds: estimate(250, 'a batch: one short transaction per movement, a few at a time'),
    secretWindowShare: estimate(
      { county: 0.2, city: 0.6, province: 1 }[scale],
      'a function re-reads its secret when 5 minutes have passed; at county traffic one window in five of the day sees a request to a given function',
    ),
    concurrentInstances: estimate(
      { county: 1, city: 1.5, province: 4 }[scale],
      'warm instances of a busy function at once (each reads its own secret)',
    ),
    tableKeyRequests: estimate(
      24 * 730,
      'DynamoDB refreshes its cached table key about every 5 minutes while the table is used; taken as 24 KMS requests an hour, all month (the nightly audit and the projector keep it in use)',
    ),
    alarmEmails: estimate(10, 'a few alarms a month and their recoveries'),
    publicKeyReads: estimate(
      300 * counties ** 0.5,
      'API Gateway caches the JWKS, and the JWKS route asks KMS once per cold instance: about ten a day, more where there are more instances',
    ),
    metricEvents: {
      Redemptions: { perMonth: count('redemptions'), window: 'store' },
      PointsRedeemed: { perMonth: count('redemptions'), window: 'store' },
      PointsIssued: { perMonth: count('recordSubmissions') + count('adjustments'), window: 'office' },
      ConditionalCheckFailures: { perMonth: ledgerWrites * 0.02, window: 'store' },
      IdempotentReplays: { perMonth: apiRequests * 0.005, window: 'day' },
      LedgerRetries: { perMonth: ledgerWrites * 0.005, window: 'office' },
    },
    deployments: estimate(4, 'a release a week'),
    siteBytes: estimate(3_200_000, 'web/dist: about 3 MB with the scanner WebAssembly'),
  };
}

/** The bytes of the table after `months` of activity. */
export const tableBytesAt = (workload: Workload, months: number): number =>
  workload.baseTableBytes.value + months * workload.tableGrowthBytesPerMonth.value;
