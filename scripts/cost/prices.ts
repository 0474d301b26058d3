/**
 * The price book of `npm run cost`: every unit price and free tier the bill uses, in USD, for
 * US East (N. Virginia) us-east-1, each with the page it was read on and the day it was read.
 *
 * `evidence` says how far a figure could be checked on 2026-12-04 from stored copies of public pages
 * (this project reads no live page):
 * - `official`: the figure is on an AWS page (pricing page, documentation, AWS blog);
 * - `secondary`: the AWS pricing page's stored copy lacks the paid-tier table (it is drawn by
 *   script), so the figure comes from a dated third-party page that quotes the AWS page; where
 *   several agree, the first is named;
 * - `unverified`: no source could settle the figure; the reason is given, and the figure picked is
 *   the conservative (higher) one.
 *
 * A price changes here and nowhere else. China regions (cn-north-1, cn-northwest-1) have their own
 * list in CNY: docs/deploy.md section 12.8.
 */

export const PRICES_READ_ON = '2026-12-04';

export type Evidence = 'official' | 'secondary' | 'unverified';

export interface PriceSource {
  url: string;
  /** The day the page was read. */
  read: string;
  evidence: Evidence;
  /** What the page says, in short, so a reader can find it again. */
  says: string;
}

export interface UnitPrice {
  /** What is charged, as the bill prints it. */
  what: string;
  /** Dollars for `per` units. */
  usd: number;
  per: number;
  /** The unit, singular: `write request unit`, `GB-month`. */
  unit: string;
  sources: readonly [PriceSource, ...PriceSource[]];
  /** Set when no source settles the figure: why, and which figure was picked. */
  unverified?: string;
}

const read = (evidence: Evidence, url: string, says: string): PriceSource => ({
  url,
  read: PRICES_READ_ON,
  evidence,
  says,
});

const CLOUDWATCH_PAGE = 'https://aws.amazon.com/cloudwatch/pricing/';
const CLOUDWATCH_BILLING_GUIDE =
  'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_billing.html';

export const PRICES = {
  dynamodbWrite: {
    what: 'DynamoDB on-demand write request units (Standard table class)',
    usd: 0.625,
    per: 1_000_000,
    unit: 'write request unit',
    sources: [
      read(
        'secondary',
        'https://airbyte.com/data-engineering-resources/dynamodb-pricing',
        'US East, after the 50 % on-demand reduction of November 2024: $0.625 per million WRU',
      ),
    ],
  },
  dynamodbRead: {
    what: 'DynamoDB on-demand read request units (Standard table class)',
    usd: 0.125,
    per: 1_000_000,
    unit: 'read request unit',
    sources: [
      read(
        'secondary',
        'https://airbyte.com/data-engineering-resources/dynamodb-pricing',
        'US East, after the November 2024 reduction: $0.125 per million RRU',
      ),
    ],
  },
  dynamodbStorage: {
    what: 'DynamoDB data storage (table and indexes)',
    usd: 0.25,
    per: 1,
    unit: 'GB-month',
    sources: [
      read(
        'official',
        'https://aws.amazon.com/dynamodb/pricing/',
        'the first 25 GB consumed per month is free, and prices start from $0.25 per GB-month thereafter',
      ),
    ],
  },
  dynamodbPitr: {
    what: 'DynamoDB point-in-time recovery (continuous backups)',
    usd: 0.2,
    per: 1,
    unit: 'GB-month',
    sources: [
      read(
        'secondary',
        'https://finops.com.py/services/dynamodb/backups',
        'PITR: charged based on table size, $0.20 per GB-month',
      ),
      read(
        'secondary',
        'https://www.factualminds.com/blog/aws-backup-pricing-vaults-cross-region-restores/',
        'us-east-1, June 2026: DynamoDB continuous backup $0.20/GB-month',
      ),
    ],
  },
  dynamodbStreamReadByLambda: {
    what: 'DynamoDB Streams reads by a Lambda event source',
    usd: 0,
    per: 1,
    unit: 'GetRecords call',
    sources: [
      read(
        'official',
        'https://docs.amazonaws.cn/en_us/amazondynamodb/latest/developerguide/CostOptimization_StreamsUsage.html',
        'read requests made by Lambda-based consumers of DynamoDB Streams are free; an unread stream costs nothing',
      ),
    ],
  },
  backupDynamodbWarm: {
    what: 'AWS Backup: DynamoDB backup storage (warm)',
    usd: 0.1,
    per: 1,
    unit: 'GB-month',
    sources: [
      read(
        'secondary',
        'https://www.factualminds.com/blog/aws-backup-pricing-vaults-cross-region-restores/',
        'us-east-1, June 2026: DynamoDB on-demand backup $0.10 / GB-month warm',
      ),
      read(
        'secondary',
        'https://finops.com.py/services/dynamodb/backups',
        'on-demand backups (also through AWS Backup): $0.10 per GB-month for each backup',
      ),
    ],
  },
  lambdaArmGbSecond: {
    what: 'Lambda duration, Arm (Graviton), first 7.5 billion GB-s a month',
    usd: 0.0000133334,
    per: 1,
    unit: 'GB-second',
    sources: [
      read(
        'secondary',
        'https://cloudchipr.com/blog/aws-lambda-pricing',
        'US East (N. Virginia), Arm: first 7.5 billion GB-seconds per month $0.0000133334 per GB-second',
      ),
    ],
  },
  lambdaX86GbSecond: {
    what: 'Lambda duration, x86, first 6 billion GB-s a month',
    usd: 0.0000166667,
    per: 1,
    unit: 'GB-second',
    sources: [
      read(
        'secondary',
        'https://cloudchipr.com/blog/aws-lambda-pricing',
        'US East (N. Virginia), x86: first 6 billion GB-seconds per month $0.0000166667 per GB-second',
      ),
    ],
  },
  lambdaRequests: {
    what: 'Lambda requests',
    usd: 0.2,
    per: 1_000_000,
    unit: 'request',
    sources: [
      read(
        'secondary',
        'https://unanswered.io/guide/aws-lambda-pricing-after-free-tier',
        'after the free 1 million requests, $0.20 for every additional 1 million requests',
      ),
    ],
  },
  apiGatewayHttp: {
    what: 'API Gateway HTTP API requests, first 300 million a month',
    usd: 1,
    per: 1_000_000,
    unit: 'request',
    sources: [
      read(
        'secondary',
        'https://www.learnaws.org/2021/01/10/api-gateway-pricing/',
        'HTTP APIs, US East (N. Virginia): first 300 million $1.00 per million',
      ),
      read(
        'secondary',
        'https://amnic.com/blogs/aws-api-gateway-pricing',
        'HTTP API $1.00 per million (first 300M), source Amazon API Gateway Pricing',
      ),
    ],
  },
  cloudwatchCustomMetric: {
    what: 'CloudWatch custom metrics, first 10,000 (prorated by the hour they receive data)',
    usd: 0.3,
    per: 1,
    unit: 'metric-month',
    sources: [
      read(
        'secondary',
        'https://c3x.dev/blog/aws-cloudwatch-metrics-cost/',
        'custom metrics $0.30/metric/month (first 10k); each metric name and dimension-value combination is a metric',
      ),
      read(
        'official',
        CLOUDWATCH_BILLING_GUIDE,
        "All custom metrics are prorated by the hour. They're metered only when they're sent to CloudWatch.",
      ),
    ],
  },
  cloudwatchAlarmMetric: {
    what: 'CloudWatch standard-resolution alarms, per metric an alarm watches',
    usd: 0.1,
    per: 1,
    unit: 'alarm metric-month',
    sources: [
      read(
        'secondary',
        'https://c3x.dev/resources/aws/aws_cloudwatch_metric_alarm',
        'standard resolution (60-second evaluation): $0.10/alarm-month',
      ),
      read(
        'official',
        CLOUDWATCH_BILLING_GUIDE,
        'a metric alarm that references one metric incurs one alarm-metric cost per hour; a metric math expression costs each alarm-metric it references',
      ),
    ],
  },
  cloudwatchDashboard: {
    what: 'CloudWatch dashboards',
    usd: 3,
    per: 1,
    unit: 'dashboard-month',
    sources: [
      read(
        'secondary',
        'https://c3x.dev/blog/aws-cloudwatch-metrics-cost/',
        'dashboards: $3/dashboard/month above the free allowance',
      ),
    ],
  },
  logsIngestion: {
    what: 'CloudWatch Logs ingestion (Standard log class)',
    usd: 0.5,
    per: 1,
    unit: 'GB',
    sources: [
      read(
        'secondary',
        'https://hykell.com/kb/platform-specific-guides/aws-cloudwatch-logs-pricing',
        'in standard regions like us-east-1, AWS charges $0.50 per GB of data collected',
      ),
    ],
  },
  logsStorage: {
    what: 'CloudWatch Logs storage (archive)',
    usd: 0.03,
    per: 1,
    unit: 'GB-month',
    sources: [
      read(
        'secondary',
        'https://hykell.com/kb/platform-specific-guides/aws-cloudwatch-logs-pricing',
        'AWS charges $0.03 per GB per month for this archival storage in us-east-1',
      ),
    ],
  },
  kmsKey: {
    what: 'KMS customer managed keys (symmetric or asymmetric)',
    usd: 1,
    per: 1,
    unit: 'key-month',
    sources: [
      read(
        'official',
        'https://aws.amazon.com/kms/pricing/',
        'Each AWS KMS key that you create in KMS costs $1/month, the same for symmetric and asymmetric keys',
      ),
    ],
  },
  kmsRotation: {
    what: 'KMS key rotation: each of the first two rotations of a key',
    usd: 1,
    per: 1,
    unit: 'rotation-month',
    sources: [
      read(
        'official',
        'https://aws.amazon.com/kms/pricing/',
        'If you enable automatic key rotation, each newly generated backing key costs an additional $1/month',
      ),
      read(
        'official',
        'https://aws.amazon.com/blogs/security/the-curious-case-of-faster-aws-kms-symmetric-key-rotation/',
        'a new limit on the price of all symmetric keys that have had two or more rotations (including existing keys)',
      ),
    ],
  },
  kmsSymmetricRequests: {
    what: 'KMS requests on symmetric keys (AWS managed keys included)',
    usd: 0.03,
    per: 10_000,
    unit: 'request',
    sources: [
      read(
        'secondary',
        'https://www.wring.co/blog/aws-kms-pricing-guide',
        'API requests are $0.03 per 10,000 after the 20,000 free monthly requests',
      ),
      read(
        'official',
        'https://aws.amazon.com/fr/kms/pricing/',
        'while you are not charged for creation and storage of AWS-managed keys, you will be charged on any API request made to AWS-managed keys',
      ),
    ],
  },
  kmsAsymmetricRequests: {
    what: 'KMS requests on an RSA key (Sign, GetPublicKey)',
    usd: 0.15,
    per: 10_000,
    unit: 'request',
    sources: [
      read(
        'secondary',
        'https://www.factualminds.com/blog/aws-kms-pricing-keys-requests-multi-region/',
        'us-east-1, June 2026: asymmetric operations at 5× the symmetric rate ($0.03 per 10K)',
      ),
      read(
        'secondary',
        'https://www.wring.co/blog/aws-kms-pricing-guide',
        'asymmetric RSA requests $0.03 per 10,000',
      ),
    ],
    unverified:
      'the two pages disagree ($0.15 and $0.03 per 10,000) and the stored copy of the KMS pricing page ends before its request table; the higher, $0.15, is used',
  },
  secretsManagerSecret: {
    what: 'Secrets Manager secrets',
    usd: 0.4,
    per: 1,
    unit: 'secret-month',
    sources: [
      read(
        'secondary',
        'https://hivebook.wiki/wiki/aws-secrets-manager-rotated-secrets-dynamic-db-credentials-kms',
        'pricing is $0.40 per secret per month + $0.05 per 10k API calls',
      ),
    ],
  },
  secretsManagerApi: {
    what: 'Secrets Manager API calls',
    usd: 0.05,
    per: 10_000,
    unit: 'call',
    sources: [
      read(
        'secondary',
        'https://hivebook.wiki/wiki/aws-secrets-manager-rotated-secrets-dynamic-db-credentials-kms',
        '$0.05 per 10k API calls',
      ),
    ],
  },
  ssmStandardParameter: {
    what: 'SSM Parameter Store standard parameters',
    usd: 0,
    per: 1,
    unit: 'parameter-month',
    sources: [
      read(
        'official',
        'https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html',
        'standard tier: cost "No additional charge"',
      ),
    ],
  },
  ssmStandardApi: {
    what: 'SSM Parameter Store API calls at the standard throughput',
    usd: 0,
    per: 1,
    unit: 'call',
    sources: [
      read(
        'official',
        'https://docs.amazonaws.cn/en_us/systems-manager/latest/userguide/parameter-store-throughput.html',
        'by default Parameter Store is configured with a standard throughput quota ... without additional cost; higher throughput is charged',
      ),
    ],
  },
  ssmAdvancedParameter: {
    what: 'SSM Parameter Store advanced parameters',
    usd: 0.05,
    per: 1,
    unit: 'parameter-month',
    sources: [
      read(
        'secondary',
        'https://think-with-tech.blogspot.com/2025/10/aws-systems-manager-parameter-store-ssm_94.html',
        'advanced tier storage: $0.05 per parameter per month',
      ),
    ],
  },
  xrayTraces: {
    what: 'X-Ray traces recorded',
    usd: 5,
    per: 1_000_000,
    unit: 'trace',
    sources: [
      read(
        'official',
        'https://aws.amazon.com/de/xray/pricing/',
        'recorded traces beyond the free tier: 5 USD per million (0.000005 USD per trace)',
      ),
    ],
  },
  sqsRequests: {
    what: 'SQS standard queue requests',
    usd: 0.4,
    per: 1_000_000,
    unit: 'request',
    sources: [
      read(
        'secondary',
        'https://cloudburn.io/blog/amazon-sqs-pricing',
        'US East, March 2026: Standard $0.40/M (first 100B); free tier 1M requests/month',
      ),
    ],
  },
  snsEmail: {
    what: 'SNS email notifications',
    usd: 2,
    per: 100_000,
    unit: 'email',
    sources: [
      read(
        'secondary',
        'https://www.factualminds.com/blog/amazon-sns-pricing-publishes-fanout-protocols/',
        'email is $2/100K',
      ),
    ],
  },
  schedulerInvocations: {
    what: 'EventBridge Scheduler invocations',
    usd: 1,
    per: 1_000_000,
    unit: 'invocation',
    sources: [
      read(
        'secondary',
        'https://cloudburn.io/blog/amazon-eventbridge-pricing',
        'US East, March 2026: Scheduler $1.00 per million invocations, 14M invocations/month free',
      ),
    ],
  },
  cloudfrontDataOut: {
    what: 'CloudFront data out to the internet, Hong Kong and Asia edges, first 10 TB',
    usd: 0.12,
    per: 1,
    unit: 'GB',
    sources: [
      read(
        'official',
        'https://aws.amazon.com/cloudfront/pricing',
        'Hong Kong, Indonesia, Philippines, Singapore, South Korea, Taiwan, Thailand, Malaysia, Vietnam: first 10TB $0.120 per GB',
      ),
    ],
  },
  cloudfrontHttpsRequests: {
    what: 'CloudFront HTTPS requests',
    usd: 0.01,
    per: 10_000,
    unit: 'request',
    sources: [
      read(
        'secondary',
        'https://wring.co/blog/aws-cloudfront-pricing-guide',
        'HTTPS requests per 10,000: North America / Europe $0.0100',
      ),
    ],
    unverified:
      "the county's viewers reach the Hong Kong and Asia edges (price class 200), whose HTTPS request price no stored page gave; the United States rate is used",
  },
  s3Storage: {
    what: 'S3 Standard storage, first 50 TB',
    usd: 0.023,
    per: 1,
    unit: 'GB-month',
    sources: [
      read(
        'secondary',
        'https://www.howtogeek.com/devops/aws-s3-pricing-explained-tiered-storage-can-save-you-money/',
        'us-east-1: the Standard storage tier costs $0.023 per GB',
      ),
    ],
  },
  s3GetRequests: {
    what: 'S3 Standard GET and HEAD requests',
    usd: 0.0004,
    per: 1_000,
    unit: 'request',
    sources: [
      read(
        'secondary',
        'https://c3x.dev/blog/s3-request-fees-explained',
        'S3 Standard: GET, HEAD, SELECT (Tier 2) $0.0004 per 1,000 requests',
      ),
    ],
  },
  s3PutRequests: {
    what: 'S3 Standard PUT, COPY, POST and LIST requests',
    usd: 0.005,
    per: 1_000,
    unit: 'request',
    sources: [
      read(
        'secondary',
        'https://c3x.dev/blog/s3-request-fees-explained',
        'S3 Standard: PUT, COPY, POST, LIST (Tier 1) $0.005 per 1,000 requests',
      ),
    ],
  },
} as const satisfies Record<string, UnitPrice>;

export type PriceId = keyof typeof PRICES;

/** Dollars for `quantity` units at a price. */
export const costAt = (price: UnitPrice, quantity: number): number => (quantity * price.usd) / price.per;

/**
 * The free tiers the first-year figure applies. `always-free` allowances renew every month and do
 * not expire; `12-month` ones are for an account's first year. Accounts opened on or after 15 July
 * 2025 get no 12-month offers but signup credits (up to $200, six months) instead: see
 * NEW_ACCOUNT_CREDITS.
 */
export type FreeTierKind = 'always-free' | '12-month';

export interface FreeTier {
  name: string;
  kind: FreeTierKind;
  /** Units free each month, in the unit of the price it applies to. */
  allowance: number;
  sources: readonly [PriceSource, ...PriceSource[]];
}

export const FREE_TIERS = {
  dynamodbStorage: {
    name: 'DynamoDB: 25 GB of storage a month (does not expire)',
    kind: 'always-free',
    allowance: 25,
    sources: [
      read(
        'official',
        'https://aws.amazon.com/dynamodb/pricing/',
        'Free tier: 25 GB per month of data storage; does not expire',
      ),
    ],
  },
  lambdaRequests: {
    name: 'Lambda: 1 million requests a month',
    kind: 'always-free',
    allowance: 1_000_000,
    sources: [
      read(
        'secondary',
        'https://unanswered.io/guide/aws-lambda-pricing-after-free-tier',
        '1 million free requests per month and 400,000 GB-seconds; these do not expire after the 12-month period',
      ),
    ],
  },
  lambdaCompute: {
    name: 'Lambda: 400,000 GB-seconds a month (x86 and Arm)',
    kind: 'always-free',
    allowance: 400_000,
    sources: [
      read(
        'secondary',
        'https://cloudchipr.com/blog/aws-lambda-pricing',
        'each month the free tier includes 400,000 GB-seconds of compute time, applicable to both x86 and Graviton2 (Arm)',
      ),
    ],
  },
  apiGatewayHttp: {
    name: 'API Gateway: 1 million HTTP API calls a month for 12 months',
    kind: '12-month',
    allowance: 1_000_000,
    sources: [
      read(
        'official',
        'https://aws.amazon.com/api-gateway/pricing/',
        'one million API calls received for HTTP APIs per month for up to 12 months, new AWS customers only',
      ),
    ],
  },
  cloudwatchMetrics: {
    name: 'CloudWatch: 10 custom or detailed-monitoring metrics',
    kind: 'always-free',
    allowance: 10,
    sources: [
      read(
        'official',
        CLOUDWATCH_PAGE,
        'Free tier, Metrics: 10 Metrics (of Custom Metrics and Detailed Monitoring Metrics)',
      ),
    ],
  },
  cloudwatchAlarms: {
    name: 'CloudWatch: 10 standard-resolution alarm metrics',
    kind: 'always-free',
    allowance: 10,
    sources: [
      read(
        'official',
        CLOUDWATCH_PAGE,
        'Alarms: 10 Alarm metrics (only Standard resolution alarms that list metrics directly and do not use a Metrics Insights query)',
      ),
    ],
  },
  cloudwatchDashboards: {
    name: 'CloudWatch: 3 custom dashboards of up to 50 metrics each',
    kind: 'always-free',
    allowance: 3,
    sources: [
      read(
        'official',
        CLOUDWATCH_PAGE,
        'Dashboard: 3 Custom Dashboards referencing up to 50 metrics each per month',
      ),
    ],
  },
  cloudwatchLogs: {
    name: 'CloudWatch Logs: 5 GB a month (ingestion, storage and Logs Insights scans together)',
    kind: 'always-free',
    allowance: 5,
    sources: [
      read(
        'official',
        CLOUDWATCH_PAGE,
        'Logs: 5 GB Data (ingestion, archive storage, and data scanned by Logs Insights queries)',
      ),
    ],
  },
  kmsSymmetricRequests: {
    name: 'KMS: 20,000 requests a month (asymmetric requests such as Sign excluded)',
    kind: 'always-free',
    allowance: 20_000,
    sources: [
      read(
        'official',
        'https://aws.amazon.com/kms/pricing/',
        'a free tier of 20,000 requests/month calculated across all regions',
      ),
      read(
        'secondary',
        'https://laboratory.kazuuu.net/i-thought-i-was-using-aws-key-management-service-under-the-free-usage-limit-but-i-am-being-charged-for-it/',
        'quotes the KMS pricing page: Sign, Verify, Encrypt, Decrypt and GetPublicKey on asymmetric keys are not in the free tier',
      ),
    ],
  },
  xrayTraces: {
    name: 'X-Ray: 100,000 traces recorded a month',
    kind: 'always-free',
    allowance: 100_000,
    sources: [
      read(
        'official',
        'https://aws.amazon.com/de/xray/pricing/',
        'the first 100,000 recorded traces per month are free (perpetual free tier)',
      ),
    ],
  },
  sqsRequests: {
    name: 'SQS: 1 million requests a month',
    kind: 'always-free',
    allowance: 1_000_000,
    sources: [
      read('secondary', 'https://cloudburn.io/blog/amazon-sqs-pricing', 'free tier 1M requests/month'),
    ],
  },
  snsEmail: {
    name: 'SNS: 1,000 email notifications a month',
    kind: 'always-free',
    allowance: 1_000,
    sources: [
      read(
        'secondary',
        'https://code.yuexiating.com/Code-4-Community/breaktime/issues/18',
        'citing https://aws.amazon.com/sns/pricing/: under 1,000 emails per month are not charged',
      ),
    ],
  },
  schedulerInvocations: {
    name: 'EventBridge Scheduler: 14 million invocations a month',
    kind: 'always-free',
    allowance: 14_000_000,
    sources: [
      read(
        'secondary',
        'https://cloudburn.io/blog/amazon-eventbridge-pricing',
        'Scheduler: 14M invocations/month free',
      ),
    ],
  },
  cloudfrontDataOut: {
    name: 'CloudFront: 1 TB of data out a month',
    kind: 'always-free',
    allowance: 1_024,
    sources: [
      read(
        'official',
        'https://aws.amazon.com/cloudfront/pricing',
        'Always Free Tier: 1 TB of data transfer out to the internet per month',
      ),
    ],
  },
  cloudfrontRequests: {
    name: 'CloudFront: 10 million HTTP or HTTPS requests a month',
    kind: 'always-free',
    allowance: 10_000_000,
    sources: [
      read(
        'official',
        'https://aws.amazon.com/cloudfront/pricing',
        'Always Free Tier: 10,000,000 HTTP or HTTPS Requests per month',
      ),
    ],
  },
  s3Storage: {
    name: 'S3: 5 GB of Standard storage for 12 months',
    kind: '12-month',
    allowance: 5,
    sources: [
      read(
        'secondary',
        'https://techbytes.app/posts/aws-free-tier-2025-restructuring-developer-guide',
        'the legacy 12-month free trial: Amazon S3 5 GB standard storage',
      ),
    ],
  },
} as const satisfies Record<string, FreeTier>;

export type FreeTierId = keyof typeof FREE_TIERS;

/** Why the 12-month offers may not apply at all: the free tier changed for accounts opened from 15 July 2025. */
export const NEW_ACCOUNT_CREDITS = {
  says:
    'Accounts created on or after 15 July 2025 get no 12-month free offers: $100 of credits at sign-up and up to $100 more ' +
    '(a Free plan ends after six months or when the credits run out); the always-free offers remain. Accounts created ' +
    'before keep the 12-month offers.',
  sources: [
    read(
      'secondary',
      'https://freetier.co/articles/aws-free-tier-changes-july-15-2025',
      'new customers after July 15, 2025 get $100 in credits + up to $100 more, plus the always-free services',
    ),
  ],
} as const;

/**
 * The DynamoDB on-demand prices as the bench prints them (bench/index.ts): dollars per million
 * request units, with where they were read.
 */
export const DYNAMODB_ON_DEMAND = {
  region: 'us-east-1',
  mode: 'on-demand, Standard table class',
  currency: 'USD',
  writePerMillion: (PRICES.dynamodbWrite.usd * 1_000_000) / PRICES.dynamodbWrite.per,
  readPerMillion: (PRICES.dynamodbRead.usd * 1_000_000) / PRICES.dynamodbRead.per,
  source: PRICES.dynamodbWrite.sources[0].url,
  read: PRICES_READ_ON,
} as const;
