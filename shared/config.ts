import * as z from 'zod';
import {
  REDEEM_POINTS_PER_VOLUNTEER_PER_DAY_DEFAULT,
  REDEMPTIONS_PER_COUNTER_PER_MINUTE_DEFAULT,
} from './domain/limits';

/**
 * Runtime configuration, parsed once per cold start. A missing or malformed variable fails the
 * function at start-up rather than on some later request.
 */
const ConfigSchema = z.object({
  STAGE: z.enum(['local', 'dev', 'prod']).default('local'),
  TABLE_NAME: z.string().min(3).default('aixin-points'),
  AWS_REGION: z.string().min(1).default('cn-northwest-1'),
  /** Set locally (DynamoDB Local) and in tests; unset in AWS. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  /** In AWS: the Secrets Manager secret holding the signing key for cursors and volunteer codes. */
  SIGNING_SECRET_ARN: z.string().min(1).optional(),
  /** Locally: the signing key itself. Refused outside the local stage. */
  AIXIN_SIGNING_SECRET: z.string().min(16).optional(),
  LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
  /** Points one volunteer may spend per China day, over all stores; 0 turns the cap off. */
  REDEEM_POINTS_PER_VOLUNTEER_PER_DAY: z.coerce
    .number()
    .int()
    .min(0)
    .default(REDEEM_POINTS_PER_VOLUNTEER_PER_DAY_DEFAULT),
  /** Redemptions one counter user may make per minute; 0 turns the cap off. */
  REDEMPTIONS_PER_COUNTER_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(0)
    .default(REDEMPTIONS_PER_COUNTER_PER_MINUTE_DEFAULT),
});

export type Config = z.infer<typeof ConfigSchema>;

export const LOCAL_SIGNING_SECRET = 'local-signing-secret-not-for-production';

export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new Error(`Invalid configuration: ${fields}`);
  }
  const config = parsed.data;
  if (config.STAGE !== 'local' && config.AIXIN_SIGNING_SECRET !== undefined) {
    throw new Error('AIXIN_SIGNING_SECRET is a local-only setting');
  }
  return config;
}

let cached: Config | undefined;

/** The process-wide configuration, read from the environment on first use. */
export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

/** Tests and the local server change the environment between runs; they call this after. */
export function resetConfigForTests(): void {
  cached = undefined;
}
