import * as z from 'zod/mini';
import {
  ACTIVATION_FAILURES_PER_CLIENT_DEFAULT,
  ORDERS_PER_CLIENT_PER_HOUR_DEFAULT,
  ORDERS_PER_PHONE_PER_DAY_DEFAULT,
  REDEEM_POINTS_PER_VOLUNTEER_PER_DAY_DEFAULT,
  REDEMPTIONS_PER_COUNTER_PER_MINUTE_DEFAULT,
  SCANS_PER_COUNTER_PER_MINUTE_DEFAULT,
  SIGN_IN_FAILURES_PER_CLIENT_DEFAULT,
  TRACKING_FAILURES_PER_CLIENT_DEFAULT,
  WRONG_PINS_PER_CARD_PER_DAY_DEFAULT,
  WRONG_PINS_PER_COUNTER_PER_HOUR_DEFAULT,
  WRONG_PINS_PER_STORE_PER_HOUR_DEFAULT,
} from './limits';

/**
 * Runtime configuration, parsed once per cold start. A missing or malformed variable fails the
 * function at start-up rather than on some later request.
 */
/** A whole number of uses a limit allows, from the environment; 0 turns the limit off. */
const countSetting = (fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.minimum(0)), fallback);

const ConfigSchema = z.object({
  STAGE: z._default(z.enum(['local', 'dev', 'prod']), 'local'),
  TABLE_NAME: z._default(z.string().check(z.minLength(3)), 'aixin-points'),
  AWS_REGION: z._default(z.string().check(z.minLength(1)), 'cn-northwest-1'),
  /** Set locally (DynamoDB Local) and in tests; unset in AWS. */
  DYNAMODB_ENDPOINT: z.optional(z.url()),
  /**
   * `npm start` sets it: DynamoDB Local keeps the data on disk, and each acknowledged transaction
   * must be there before the answer goes out (shared/platform/dynamo/client.ts says why).
   */
  DYNAMODB_LOCAL_DURABLE_COMMITS: z._default(z.enum(['true', 'false']), 'false'),
  /**
   * In AWS: the SecureString parameter holding the signing key for cursors and volunteer codes
   * (shared/platform/parameters.ts).
   */
  SIGNING_SECRET_PARAM: z.optional(z.string().check(z.minLength(1))),
  /** Locally: the signing key itself. Refused outside the local stage. */
  AIXIN_SIGNING_SECRET: z.optional(z.string().check(z.minLength(16))),
  /**
   * In AWS: the SecureString parameter holding the issuer's RSA private key (PKCS #8 PEM), made by
   * the stack's parameter generator; only the functions whose route says `signsTokens` may read it.
   */
  TOKEN_KEY_PARAM: z.optional(z.string().check(z.minLength(1))),
  /** In AWS with `-c customerKeys=true`: the KMS key (RSA_2048, SIGN_VERIFY) that signs the tokens instead. */
  TOKEN_SIGNING_KEY_ID: z.optional(z.string().check(z.minLength(1))),
  /** In AWS: the tokens' issuer, the API's `/v1/auth` URL; `aixin-local` when unset. */
  TOKEN_ISSUER: z.optional(z.string().check(z.minLength(1))),
  /** Locally: the issuer's RSA key file (`npm start` sets it). Refused outside the local stage. */
  AIXIN_SIGNING_KEY_FILE: z.optional(z.string().check(z.minLength(1))),
  /**
   * In AWS: the String parameter holding the public key (X25519, SPKI PEM) that wraps the data keys
   * of volunteers' ID numbers. The functions that write ID numbers get it, and can seal but never
   * open (shared/platform/pii-keys.ts).
   */
  PII_PUBLIC_KEY_PARAM: z.optional(z.string().check(z.minLength(1))),
  /** In AWS: the SecureString parameter holding its private key: the functions that reveal or export only. */
  PII_PRIVATE_KEY_PARAM: z.optional(z.string().check(z.minLength(1))),
  /**
   * In AWS with `-c customerKeys=true`: the KMS key (symmetric, ENCRYPT_DECRYPT) that wraps the
   * data keys instead; writers may only kms:GenerateDataKey, revealers only kms:Decrypt.
   */
  PII_KEY_ID: z.optional(z.string().check(z.minLength(1))),
  /** In AWS: the SecureString parameter keying the ID numbers' lookup hashes (writers only). */
  ID_LOOKUP_PARAM: z.optional(z.string().check(z.minLength(1))),
  /**
   * Locally: the file holding the local key of ID numbers (made on first use; `.keys/local-pii-key`
   * under the working directory when unset). Refused outside the local stage.
   */
  AIXIN_PII_KEY_FILE: z.optional(z.string().check(z.minLength(1))),
  LOG_LEVEL: z._default(z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']), 'INFO'),
  /** Points one volunteer may spend per China day, over all stores; 0 turns the cap off. */
  REDEEM_POINTS_PER_VOLUNTEER_PER_DAY: countSetting(REDEEM_POINTS_PER_VOLUNTEER_PER_DAY_DEFAULT),
  /** Redemptions one counter user may make per minute; 0 turns the cap off. */
  REDEMPTIONS_PER_COUNTER_PER_MINUTE: countSetting(REDEMPTIONS_PER_COUNTER_PER_MINUTE_DEFAULT),
  /** Scans (codes and cards) one counter user may make per minute; 0 turns the limit off. */
  SCANS_PER_COUNTER_PER_MINUTE: countSetting(SCANS_PER_COUNTER_PER_MINUTE_DEFAULT),
  /** Wrong card PINs per counter user per hour, per store per hour, per card number per day; 0 is off. */
  WRONG_PINS_PER_COUNTER_PER_HOUR: countSetting(WRONG_PINS_PER_COUNTER_PER_HOUR_DEFAULT),
  WRONG_PINS_PER_STORE_PER_HOUR: countSetting(WRONG_PINS_PER_STORE_PER_HOUR_DEFAULT),
  WRONG_PINS_PER_CARD_PER_DAY: countSetting(WRONG_PINS_PER_CARD_PER_DAY_DEFAULT),
  /** Wrong passwords one client address may send per 10 minutes, over all usernames; 0 is off. */
  SIGN_IN_FAILURES_PER_CLIENT: countSetting(SIGN_IN_FAILURES_PER_CLIENT_DEFAULT),
  /** Wrong activation codes one client address may send per 10 minutes; 0 is off. */
  ACTIVATION_FAILURES_PER_CLIENT: countSetting(ACTIVATION_FAILURES_PER_CLIENT_DEFAULT),
  /** Residents' requests per phone per China day, per client address per hour; 0 is off. */
  ORDERS_PER_PHONE_PER_DAY: countSetting(ORDERS_PER_PHONE_PER_DAY_DEFAULT),
  ORDERS_PER_CLIENT_PER_HOUR: countSetting(ORDERS_PER_CLIENT_PER_HOUR_DEFAULT),
  /** Wrong phone digits when tracking an order, per client address per 10 minutes; 0 is off. */
  TRACKING_FAILURES_PER_CLIENT: countSetting(TRACKING_FAILURES_PER_CLIENT_DEFAULT),
  /**
   * The county's prefix on 志愿服务证明 numbers (GL for 皋兰): 2 to 6 capital letters. The
   * deployment sets it (`-c certificatePrefix=`); ZY (志愿) when unset.
   */
  CERTIFICATE_PREFIX: z._default(z.string().check(z.regex(/^[A-Z]{2,6}$/)), 'ZY'),
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
  if (config.STAGE !== 'local' && config.AIXIN_SIGNING_KEY_FILE !== undefined) {
    throw new Error('AIXIN_SIGNING_KEY_FILE is a local-only setting');
  }
  if (config.STAGE !== 'local' && config.AIXIN_PII_KEY_FILE !== undefined) {
    throw new Error('AIXIN_PII_KEY_FILE is a local-only setting');
  }
  return config;
}
