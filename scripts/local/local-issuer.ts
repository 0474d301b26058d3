import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JWK } from 'jose';
import {
  accessClaims,
  LOCAL_ISSUER,
  TOKEN_AUDIENCE,
  type TokenSubject,
} from '../../shared/identity/rules/tokens';
import { type LocalKeySigner, localSignerFromFile } from '../../shared/identity/store/local-signer';
import { compactToken, signingInput, tokenVerifier } from '../../shared/identity/use-cases/token-codec';

/**
 * The local side of the product's one issuer: tokens signed RS256 with a local RSA key (the same
 * claims and checks as in AWS, where a KMS key signs). The key lives in one file, made on first use,
 * so `npm start`, `npm run token` and the sign-in handlers all sign and check with the same key.
 */
export const LOCAL_JWT_ISSUER = LOCAL_ISSUER;
export const LOCAL_JWT_AUDIENCE = TOKEN_AUDIENCE;

const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

/** Where the local key lives: AIXIN_SIGNING_KEY_FILE, else `.keys/local-signing-key.pem` in the repository. */
export function localKeyFile(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.AIXIN_SIGNING_KEY_FILE;
  return configured === undefined || configured === ''
    ? resolve(REPO_ROOT, '.keys', 'local-signing-key.pem')
    : resolve(configured);
}

/** The local key (made on first use). */
export const localSigner = (env: NodeJS.ProcessEnv = process.env): LocalKeySigner =>
  localSignerFromFile(localKeyFile(env));

export interface LocalTokenInput extends Omit<TokenSubject, 'groups'> {
  groups: readonly string[];
  /** Lifetime in seconds. */
  ttlSeconds: number;
}

/** A token signed with a local key, now (synchronous: node:crypto signs in-process). */
export function signLocalToken(input: LocalTokenInput, signer: LocalKeySigner, nowSeconds?: number): string {
  const claims = accessClaims(
    { ...input, groups: input.groups as TokenSubject['groups'] },
    {
      issuer: LOCAL_JWT_ISSUER,
      nowSeconds: nowSeconds ?? Math.floor(Date.now() / 1000),
      ttlSeconds: input.ttlSeconds,
      jti: randomUUID(),
    },
  );
  const inputText = signingInput(signer.kid, claims);
  return compactToken(inputText, signer.signSync(new TextEncoder().encode(inputText)));
}

/** The local gateway's check of a bearer token: our issuer and audience, RS256 over these keys. */
export const localVerifier = (keys: readonly JWK[]) =>
  tokenVerifier(keys, { issuer: LOCAL_JWT_ISSUER, audience: LOCAL_JWT_AUDIENCE });
