import { randomBytes } from 'node:crypto';
import { peopleDeps } from '../../people/store/people-deps';
import { assertRoomLeft, countFailure } from '../../platform/dynamo/rate-limiter';
import { SIGN_IN_CLIENT_WINDOW_SECONDS } from '../../platform/limits';
import { ssmParameters } from '../../platform/parameters';
import type { RateLimit } from '../../platform/rate-limit';
import { perRuntime, type Runtime } from '../../platform/runtime';
import type { AttemptLimiter, IdentityDeps, PasswordHasher, TokenSigner } from '../port';
import { LOCAL_ISSUER } from '../rules/tokens';
import { DynamoAccountStore, DynamoActivationStore, DynamoSessionStore } from './identity-store';
import { KmsSigner } from './kms-signer';
import { localSignerFromFile } from './local-signer';
import { ParameterSigner } from './parameter-signer';
import { scryptHasher } from './passwords';

/**
 * Failed attempts per client address in fixed windows: `check` reads the window (a client over the
 * limit waits for the next one), `fail` counts one more with the rate limiter's conditional `ADD`.
 */
function attemptLimiter(runtime: Runtime): AttemptLimiter {
  const table = { client: runtime.client, tableName: runtime.tableName, now: runtime.now };
  const LIMITS: Record<'sign-in' | 'activation', RateLimit> = {
    'sign-in': {
      name: 'sign-in-failures',
      max: runtime.config.SIGN_IN_FAILURES_PER_CLIENT,
      windowSeconds: SIGN_IN_CLIENT_WINDOW_SECONDS,
    },
    activation: {
      name: 'activation-failures',
      max: runtime.config.ACTIVATION_FAILURES_PER_CLIENT,
      windowSeconds: SIGN_IN_CLIENT_WINDOW_SECONDS,
    },
  };
  return {
    check: (name, client) =>
      assertRoomLeft(table, LIMITS[name], client, '尝试次数太多，请稍后再试 (too many tries; wait a little)'),
    fail: (name, client) => countFailure(table, LIMITS[name], client),
  };
}

/**
 * The issuer's key: the parameter named in the configuration (the default in AWS), the KMS key
 * (`-c customerKeys=true`), or the local key file under `npm start`.
 */
function signerOf(runtime: Runtime): TokenSigner {
  const { TOKEN_KEY_PARAM, TOKEN_SIGNING_KEY_ID, AIXIN_SIGNING_KEY_FILE, STAGE, AWS_REGION } = runtime.config;
  if (TOKEN_KEY_PARAM !== undefined) return new ParameterSigner(ssmParameters(AWS_REGION), TOKEN_KEY_PARAM);
  if (TOKEN_SIGNING_KEY_ID !== undefined) return KmsSigner.forKey(TOKEN_SIGNING_KEY_ID, AWS_REGION);
  if (STAGE === 'local' && AIXIN_SIGNING_KEY_FILE !== undefined)
    return localSignerFromFile(AIXIN_SIGNING_KEY_FILE);
  throw new Error(
    'No token signing key: set TOKEN_KEY_PARAM or TOKEN_SIGNING_KEY_ID (AWS), or AIXIN_SIGNING_KEY_FILE (local)',
  );
}

/**
 * The identity deps over a runtime. `passwords` and `signer` default to production's (scrypt at
 * OWASP's parameters; the configured KMS key or local key file, read on first use).
 */
export function identityDepsOf(
  runtime: Runtime,
  options: { passwords?: PasswordHasher; signer?: TokenSigner } = {},
): IdentityDeps {
  const table = { client: runtime.client, tableName: runtime.tableName };
  let signer: TokenSigner | undefined = options.signer;
  return {
    accounts: new DynamoAccountStore(table),
    volunteers: {
      async scopeOf(volunteerId) {
        const profile = await peopleDeps(runtime).volunteers.profile(volunteerId);
        return profile === undefined ? undefined : { volunteerId, orgId: profile.orgId };
      },
      orgIsWithin: (orgId, ancestorId) => peopleDeps(runtime).orgs.isWithin(orgId, ancestorId),
    },
    sessions: new DynamoSessionStore(table),
    activations: new DynamoActivationStore(table),
    limiter: attemptLimiter(runtime),
    passwords: options.passwords ?? scryptHasher(),
    get signer() {
      signer ??= signerOf(runtime);
      return signer;
    },
    issuer: runtime.config.TOKEN_ISSUER ?? LOCAL_ISSUER,
    random: (bytes) => new Uint8Array(randomBytes(bytes)),
    now: runtime.now,
  };
}

/** The identity area's dependencies over the runtime: what its handlers pass its use cases. */
export const identityDeps = perRuntime((runtime: Runtime) => identityDepsOf(runtime));
