import { createHash, timingSafeEqual } from 'node:crypto';
import { base64url } from 'jose';
import { AppError } from '../../platform/errors';
import type { TokenResponse } from '../contract/identity';
import type { IdentityDeps, Session } from '../port';
import {
  canRefresh,
  DEVICE_PIN_ATTEMPTS_MAX,
  DEVICE_TOKEN_IDLE_DAYS,
  pinDue,
  STAFF_SESSION_HOURS,
  secretOf,
} from '../rules/devices';
import { ACCESS_TOKEN_TTL_SECONDS, accessClaims, type TokenSubject } from '../rules/tokens';
import { signToken } from './token-codec';

/** Bytes of a session id and of a session's secret (the refresh token's two random parts). */
const SESSION_ID_BYTES = 16;
const SESSION_SECRET_BYTES = 32;
const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * A device PIN, salted with its session id. Guessing is stopped online (five wrong PINs end the
 * device); the PIN only guards a phone that is already activated, never an account.
 */
export const pinHashFor = (sessionId: string, pin: string): string => sha256(`${sessionId}:${pin}`);

const sameHash = (a: string, b: string): boolean =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** The partition a subject's sessions live in: a staff member's account, a volunteer's partition. */
export function ownerOf(sub: string): string | undefined {
  if (sub.startsWith('st_')) return `USER#${sub}`;
  if (sub.startsWith('vo_')) return `VOL#${sub.slice(3)}`;
  return undefined;
}

export const volunteerSubject = (volunteerId: string): string => `vo_${volunteerId}`;

/** A signed access token for `subject`, now. */
export async function accessToken(deps: IdentityDeps, subject: TokenSubject): Promise<string> {
  const nowSeconds = Math.floor(deps.now().getTime() / 1000);
  const jti = base64url.encode(deps.random(16));
  return signToken(deps.signer, accessClaims(subject, { issuer: deps.issuer, nowSeconds, jti }));
}

const sessionLife = (kind: Session['kind']): number =>
  kind === 'device' ? DEVICE_TOKEN_IDLE_DAYS * DAY_MS : STAFF_SESSION_HOURS * HOUR_MS;

/** Opens a session for `subject` and answers the tokens the client keeps. */
export async function openSession(
  deps: IdentityDeps,
  subject: TokenSubject,
  session: { kind: Session['kind']; name?: string | undefined; pin?: string | undefined },
  user: TokenResponse['user'],
): Promise<TokenResponse> {
  const owner = ownerOf(subject.sub);
  if (owner === undefined) throw new Error(`No session owner for ${subject.sub}`);
  const now = deps.now();
  const sessionId = base64url.encode(deps.random(SESSION_ID_BYTES));
  const secret = base64url.encode(deps.random(SESSION_SECRET_BYTES));
  const expiresAt = new Date(now.getTime() + sessionLife(session.kind)).toISOString();
  await deps.sessions.create({
    owner,
    sessionId,
    kind: session.kind,
    name: session.name,
    pinHash: session.pin === undefined ? undefined : pinHashFor(sessionId, session.pin),
    secretHash: sha256(secret),
    createdAt: now.toISOString(),
    lastUsedAt: now.toISOString(),
    expiresAt,
  });
  return {
    accessToken: await accessToken(deps, { ...subject, sid: sessionId }),
    tokenType: 'Bearer',
    expiresIn: ACCESS_TOKEN_TTL_SECONDS,
    refreshToken: `${subject.sub}.${sessionId}.${secret}`,
    refreshExpiresAt: expiresAt,
    user,
  };
}

export interface RefreshParts {
  sub: string;
  owner: string;
  sessionId: string;
  secret: string;
}

/** The parts of a refresh token, or undefined when it cannot be one. */
export function refreshParts(token: string): RefreshParts | undefined {
  const [sub, sessionId, secret, ...rest] = token.split('.');
  if (sub === undefined || sessionId === undefined || secret === undefined || rest.length > 0)
    return undefined;
  const owner = ownerOf(sub);
  return owner === undefined ? undefined : { sub, owner, sessionId, secret };
}

const refused = () =>
  new AppError('UNAUTHENTICATED', '登录已失效，请重新登录 (the session has ended; sign in again)');

/**
 * Exchanges a refresh token for a new access token and a new refresh token. The session's secret
 * is replaced in the same conditional write that checks it, so a refresh token works once: a copy
 * replayed after its use is refused. A device with a PIN asks for it; wrong PINs end the device.
 */
export async function refreshSession(
  deps: IdentityDeps,
  token: string,
  pin: string | undefined,
  subjectOf: (sub: string) => Promise<{ subject: TokenSubject; user: TokenResponse['user'] } | undefined>,
): Promise<TokenResponse> {
  const parts = refreshParts(token);
  if (parts === undefined) throw refused();
  const session = await deps.sessions.get(parts.owner, parts.sessionId);
  const nowIso = deps.now().toISOString();
  const secretHash = sha256(parts.secret);
  const which = session === undefined ? undefined : secretOf(session, secretHash, nowIso);
  if (session === undefined || which === undefined || !canRefresh(session, secretHash, nowIso))
    throw refused();
  if (session.pinHash !== undefined && pinDue(session, nowIso)) {
    if (pin === undefined)
      throw new AppError('UNAUTHENTICATED', '请输入手机上设置的数字密码 (enter the PIN of this phone)', {
        extra: { pinRequired: true },
      });
    if (!sameHash(session.pinHash, pinHashFor(parts.sessionId, pin))) {
      const failures = (session.pinFailures ?? 0) + 1;
      await deps.sessions.recordPinFailure(session, failures >= DEVICE_PIN_ATTEMPTS_MAX, nowIso);
      throw new AppError('UNAUTHENTICATED', '数字密码不对 (wrong PIN)', {
        extra: { pinRequired: true, attemptsLeft: Math.max(0, DEVICE_PIN_ATTEMPTS_MAX - failures) },
      });
    }
  }
  const found = await subjectOf(parts.sub);
  if (found === undefined) throw refused();
  const secret = base64url.encode(deps.random(SESSION_SECRET_BYTES));
  const expiresAt =
    session.kind === 'device'
      ? new Date(deps.now().getTime() + sessionLife('device')).toISOString()
      : session.expiresAt;
  const rotated = await deps.sessions.rotate(
    session,
    { hash: secretHash, which },
    {
      secretHash: sha256(secret),
      expiresAt,
      at: nowIso,
    },
  );
  if (!rotated) throw refused();
  return {
    accessToken: await accessToken(deps, { ...found.subject, sid: parts.sessionId }),
    tokenType: 'Bearer',
    expiresIn: ACCESS_TOKEN_TTL_SECONDS,
    refreshToken: `${parts.sub}.${parts.sessionId}.${secret}`,
    refreshExpiresAt: expiresAt,
    user: found.user,
  };
}

/** Ends the session a refresh token names (signing out of this device). */
export async function signOut(deps: IdentityDeps, token: string): Promise<void> {
  const parts = refreshParts(token);
  if (parts === undefined) return;
  const session = await deps.sessions.get(parts.owner, parts.sessionId);
  if (session === undefined || !sameHash(session.secretHash, sha256(parts.secret))) return;
  await deps.sessions.revoke(parts.owner, parts.sessionId, deps.now().toISOString());
}
