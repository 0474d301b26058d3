import type { Config } from './config';
import { LOCAL_SIGNING_SECRET } from './config';
import { type ParameterReader, ssmParameters } from './parameters';
import { parseSigningSecret, type SigningKeys } from './signed-token';

/**
 * The HMAC keys of cursors and volunteer codes. In AWS they are the SecureString parameter
 * `SIGNING_SECRET_PARAM` (a plain key, or a key set `{"current":"k2","keys":{...}}` during a
 * rotation, docs/deploy.md section 8), re-read every 5 minutes by the parameter reader, so a
 * rotation reaches warm functions without a deploy. Locally, the local secret.
 */
let parsed: { from: string; keys: SigningKeys } | undefined;

/** Parses a value once: every request asks, the value changes only with a rotation. */
function keysOf(value: string): SigningKeys {
  if (parsed?.from !== value) parsed = { from: value, keys: parseSigningSecret(value) };
  return parsed.keys;
}

export function signingKeys(config: Config, reader?: ParameterReader): Promise<SigningKeys> {
  if (config.STAGE === 'local')
    return Promise.resolve(parseSigningSecret(config.AIXIN_SIGNING_SECRET ?? LOCAL_SIGNING_SECRET));
  // Only the functions that sign or verify get the parameter's name (and the right to read it).
  if (config.SIGNING_SECRET_PARAM === undefined)
    return Promise.reject(new Error('SIGNING_SECRET_PARAM is not configured'));
  return (reader ?? ssmParameters(config.AWS_REGION)).read(config.SIGNING_SECRET_PARAM).then(keysOf);
}
