import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/**
 * Everything that differs between deployed stages lives here, typed, in one place. What must
 * never differ (data is always retained, the table is always protected) is not a setting: it is
 * fixed in the stacks so that no stage can switch it off by accident.
 */
export const STAGE_NAMES = ['dev', 'prod'] as const;
export type StageName = (typeof STAGE_NAMES)[number];

export const DEFAULT_STAGE: StageName = 'dev';

export interface ApiThrottle {
  /** Steady-state requests per second across the whole stage. */
  rateLimitPerSecond: number;
  /** Requests allowed in a burst above the steady rate. */
  burstLimit: number;
}

export interface StageSettings {
  name: StageName;
  /** How long function and API access logs are kept. */
  logRetention: RetentionDays;
  /** Logs are operational records, not ledger data: a dev stage may drop them on teardown. */
  logRemovalPolicy: RemovalPolicy;
  /** Stage-wide default throttling of the HTTP API. */
  apiThrottle: ApiThrottle;
  /** Value of LOG_LEVEL (and Powertools' level) in every function. */
  logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /**
   * Browser origins of the web app besides the stage's own site. The site (CloudFront, see
   * constructs/web-hosting.ts) reaches the API on its own origin, under /v1. Origins listed here
   * are allowed by the API's CORS: a developer's local server, or another public address of the
   * pages. Empty: the stage's site only, and no CORS.
   */
  webOrigins: readonly string[];
  /** CloudFormation termination protection for the stack holding the ledger table. */
  statefulTerminationProtection: boolean;
  /**
   * Where alarm notifications go by email (an SNS subscription, confirmed by a link in the first
   * mail). Undefined: the alarm topic has no subscriber yet; subscribe later or pass `-c alarmEmail=`.
   */
  alarmEmail?: string | undefined;
  /**
   * The county as people name it (皋兰县), written into the pages' /config.json for printed
   * footers (`-c county=皋兰县`). Undefined: the pages take the organisation tree's root.
   */
  county?: string | undefined;
  /**
   * The county's prefix on 志愿服务证明 numbers (`-c certificatePrefix=GL`), 2 to 6 capital
   * letters; the functions' CERTIFICATE_PREFIX. Undefined: ZY (shared/platform/config.ts).
   */
  certificatePrefix?: string | undefined;
  /**
   * X-Ray active tracing on every function (`-c tracing=true|false`). Off in prod: a trace per
   * request is a line on the bill the alarms and logs already cover; turned on to chase a problem.
   */
  tracing: boolean;
  /**
   * A CloudWatch dashboard (`-c dashboard=true`). Off by default: every dashboard beyond an account's
   * first three is billed by the month, and CloudWatch's automatic per-service dashboards show the
   * same Lambda, API and table figures free.
   */
  dashboard: boolean;
  /**
   * Customer-managed KMS keys (`-c customerKeys=true`): the issuer's key and the key wrapping ID
   * numbers (and encrypting the table) in KMS instead of Parameter Store (infra/keys.ts). Off by
   * default: about US$2 a month and more with each yearly rotation, most of a county's bill.
   */
  customerKeys: boolean;
}

/** Stages that hold real people's data: no local-only setting may reach them. */
export const PRODUCTION_STAGES: readonly StageName[] = ['prod'];

/** Origins that only make sense on a developer's machine. */
export const LOCAL_ORIGIN = /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?$/;

export const STAGES: Readonly<Record<StageName, StageSettings>> = {
  dev: {
    name: 'dev',
    logRetention: RetentionDays.TWO_WEEKS,
    logRemovalPolicy: RemovalPolicy.DESTROY,
    apiThrottle: { rateLimitPerSecond: 20, burstLimit: 40 },
    logLevel: 'DEBUG',
    // The local server (`npm start`) serves web/ on port 3000; developers point it at dev.
    webOrigins: ['http://localhost:3000'],
    statefulTerminationProtection: false,
    tracing: true,
    dashboard: false,
    customerKeys: false,
  },
  prod: {
    name: 'prod',
    logRetention: RetentionDays.ONE_YEAR,
    logRemovalPolicy: RemovalPolicy.RETAIN,
    // A county of volunteers and a few dozen counters: far below this, but a runaway client or a
    // scripted attack is stopped before it costs much.
    apiThrottle: { rateLimitPerSecond: 100, burstLimit: 200 },
    logLevel: 'INFO',
    // The stage's own site needs no CORS; nothing local may be added. Another public origin of the
    // pages comes with `-c webOrigins=https://...`.
    webOrigins: [],
    statefulTerminationProtection: true,
    tracing: false,
    dashboard: false,
    customerKeys: false,
  },
};

function isStageName(value: unknown): value is StageName {
  return typeof value === 'string' && (STAGE_NAMES as readonly string[]).includes(value);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function withAlarmEmail(settings: StageSettings, alarmEmailContext: unknown): StageSettings {
  if (alarmEmailContext === undefined) return settings;
  if (typeof alarmEmailContext !== 'string' || !EMAIL.test(alarmEmailContext.trim())) {
    throw new Error('alarmEmail must be one email address');
  }
  return { ...settings, alarmEmail: alarmEmailContext.trim() };
}

/** At most 50 characters of plain text: it is printed at the foot of a sheet. */
function withCounty(settings: StageSettings, countyContext: unknown): StageSettings {
  if (countyContext === undefined) return settings;
  const county = typeof countyContext === 'string' ? countyContext.trim() : '';
  if (county === '' || county.length > 50 || /[\p{Cc}<>]/u.test(county)) {
    throw new Error("county must be the county's name, 1 to 50 characters of plain text (e.g. 皋兰县)");
  }
  return { ...settings, county };
}

/** `-c tracing=true` and `-c dashboard=false`: a switch given on the command line is a string. */
function withSwitches(settings: StageSettings, switches: StageSwitches): StageSettings {
  if (Object.values(switches).every((value) => value === undefined)) return settings;
  const read = (name: keyof StageSwitches): boolean => {
    const value = switches[name];
    if (value === undefined) return settings[name];
    if (value === true || value === 'true') return true;
    if (value === false || value === 'false') return false;
    throw new Error(`${name} must be true or false`);
  };
  return {
    ...settings,
    tracing: read('tracing'),
    dashboard: read('dashboard'),
    customerKeys: read('customerKeys'),
  };
}

/** The on/off settings a deployment may flip with `-c name=true|false`. */
export interface StageSwitches {
  tracing?: unknown;
  dashboard?: unknown;
  customerKeys?: unknown;
}

function withCertificatePrefix(settings: StageSettings, prefixContext: unknown): StageSettings {
  if (prefixContext === undefined) return settings;
  if (typeof prefixContext !== 'string' || !/^[A-Z]{2,6}$/.test(prefixContext.trim())) {
    throw new Error('certificatePrefix must be 2 to 6 capital letters (e.g. GL)');
  }
  return { ...settings, certificatePrefix: prefixContext.trim() };
}

/**
 * The settings for `-c stage=...` (default dev). `-c webOrigins=https://a,https://b` replaces the
 * stage's web origins, so a new web address does not need a code change; `-c alarmEmail=` sets
 * where alarms are mailed; `-c county=皋兰县` names the county on printed pages and
 * `-c certificatePrefix=GL` starts its certificates' numbers; `-c tracing=true` and
 * `-c dashboard=true` turn on X-Ray and the dashboard, `-c customerKeys=true` KMS keys of our own. A production stage refuses a local web origin (http://localhost).
 */
export function resolveStage(
  stageContext: unknown,
  webOriginsContext?: unknown,
  alarmEmailContext?: unknown,
  countyContext?: unknown,
  certificatePrefixContext?: unknown,
  switches: StageSwitches = {},
): StageSettings {
  const name = stageContext ?? DEFAULT_STAGE;
  if (!isStageName(name)) {
    throw new Error(`Unknown stage ${JSON.stringify(name)}: use one of ${STAGE_NAMES.join(', ')}`);
  }
  const settings = withSwitches(
    withCertificatePrefix(
      withCounty(withAlarmEmail(STAGES[name], alarmEmailContext), countyContext),
      certificatePrefixContext,
    ),
    switches,
  );
  if (webOriginsContext === undefined) return settings;
  if (typeof webOriginsContext !== 'string') throw new Error('webOrigins must be a comma-separated string');
  const webOrigins = webOriginsContext
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  for (const origin of webOrigins) {
    if (!/^https:\/\/[a-z0-9.-]+(:\d+)?$|^http:\/\/localhost(:\d+)?$/.test(origin)) {
      throw new Error(`webOrigins: ${origin} is not an https origin (or http://localhost)`);
    }
    if (PRODUCTION_STAGES.includes(name) && LOCAL_ORIGIN.test(origin)) {
      throw new Error(`webOrigins: ${origin} is a local-only origin; the ${name} stage refuses it`);
    }
  }
  return { ...settings, webOrigins };
}
