import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Config } from './config';
import { LOCAL_SIGNING_SECRET } from './config';
import { parseSigningSecret, type SigningKeys } from './signed-token';
import { traceAwsClient } from './tracing';

/** Keys are re-read after this long, so a rotation reaches warm functions without a deploy. */
const REFRESH_AFTER_MS = 5 * 60 * 1000;

let cached: { keys: Promise<SigningKeys>; loadedAtMs: number } | undefined;

async function load(config: Config): Promise<SigningKeys> {
  if (config.STAGE === 'local')
    return parseSigningSecret(config.AIXIN_SIGNING_SECRET ?? LOCAL_SIGNING_SECRET);
  // Only the functions that sign or verify get the secret's ARN (and the right to read it).
  if (config.SIGNING_SECRET_ARN === undefined) throw new Error('SIGNING_SECRET_ARN is not configured');
  const client = traceAwsClient(new SecretsManagerClient({ region: config.AWS_REGION }));
  try {
    const result = await client.send(new GetSecretValueCommand({ SecretId: config.SIGNING_SECRET_ARN }));
    if (result.SecretString === undefined) throw new Error('The signing secret has no string value');
    return parseSigningSecret(result.SecretString);
  } finally {
    client.destroy();
  }
}

export function signingKeys(config: Config, nowMs = Date.now()): Promise<SigningKeys> {
  if (cached === undefined || nowMs - cached.loadedAtMs > REFRESH_AFTER_MS) {
    const keys = load(config);
    cached = { keys, loadedAtMs: nowMs };
    // A failed load must not stick: the next request tries again.
    keys.catch(() => {
      cached = undefined;
    });
  }
  return cached.keys;
}
