import type { CognitoSettings, WebConfig } from './config';

/**
 * The signed-in user on this device: the bearer token the API checks (locally a token from
 * the demo sign-in, in AWS the Cognito ID token, which carries the groups and custom claims), and
 * what the pages read from it. Kept in localStorage so that a counter phone survives a reload.
 */
export type Role = 'admin' | 'coordinator' | 'counter' | 'volunteer';
const ROLES: readonly Role[] = ['admin', 'coordinator', 'counter', 'volunteer'];

export interface Claims {
  sub: string;
  groups: Role[];
  volunteerId?: string;
  storeId?: string;
  orgId?: string;
  /** Expiry, epoch milliseconds. */
  expiresAtMs: number;
}

export interface Session {
  token: string;
  refreshToken?: string;
  apiBase: string;
  mode: WebConfig['mode'];
  cognito?: CognitoSettings;
  /** A name to show ("什川镇爱心超市柜台"), when the sign-in knew one. */
  label?: string;
  claims: Claims;
}

const SESSION_KEY = 'aixin.session';
/** A token this close to its expiry is treated as expired (clocks on cheap phones drift). */
const EXPIRY_MARGIN_MS = 60_000;

function base64UrlDecode(part: string): string {
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = Uint8Array.from(binary, (character) => character.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** `cognito:groups` is an array in a token, and "[admin counter]" once API Gateway has seen it. */
function parseGroups(value: unknown): Role[] {
  const names = Array.isArray(value)
    ? value
    : typeof value === 'string'
      ? value.replace(/^\[|\]$/g, '').split(/[\s,]+/)
      : [];
  return ROLES.filter((role) => names.includes(role));
}

/** Reads (does not verify: the API does) the claims the pages need. */
export function claimsOf(token: string): Claims | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const claims = JSON.parse(base64UrlDecode(payload)) as Record<string, unknown>;
    if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number') return undefined;
    const text = (name: string) => (typeof claims[name] === 'string' ? (claims[name] as string) : undefined);
    const volunteerId = text('custom:volunteerId');
    const storeId = text('custom:storeId');
    const orgId = text('custom:orgId');
    return {
      sub: claims.sub,
      groups: parseGroups(claims['cognito:groups']),
      ...(volunteerId === undefined ? {} : { volunteerId }),
      ...(storeId === undefined ? {} : { storeId }),
      ...(orgId === undefined ? {} : { orgId }),
      expiresAtMs: claims.exp * 1000,
    };
  } catch {
    return undefined;
  }
}

export function readSession(): Session | undefined {
  try {
    const raw = localStorage.getItem(SESSION_KEY);
    if (raw === null) return undefined;
    const session = JSON.parse(raw) as Session;
    if (typeof session.token !== 'string' || typeof session.apiBase !== 'string') return undefined;
    const claims = claimsOf(session.token);
    return claims === undefined ? undefined : { ...session, claims };
  } catch {
    return undefined;
  }
}

export function saveSession(session: Session): void {
  localStorage.setItem(SESSION_KEY, JSON.stringify(session));
}

export function clearSession(): void {
  try {
    localStorage.removeItem(SESSION_KEY);
  } catch {
    // nothing stored
  }
}

export const isFresh = (session: Session, nowMs = Date.now()): boolean =>
  session.claims.expiresAtMs - EXPIRY_MARGIN_MS > nowMs;

/** The page a role works on. */
export function homeOf(role: Role): string {
  switch (role) {
    case 'counter':
      return '/counter.html';
    case 'volunteer':
      return '/volunteer.html';
    default:
      return '/office.html';
  }
}

/** Sends the browser to the sign-in page, to come back here afterwards. */
export function goToSignIn(reason?: 'expired' | 'signed-out'): void {
  const next = `${location.pathname}${location.search}${location.hash}`;
  const query = new URLSearchParams({ next });
  if (reason !== undefined) query.set('reason', reason);
  location.assign(`/?${query.toString()}`);
}

/** A same-site path to return to after signing in; anything else is ignored. */
export function safeNext(value: string | null): string | undefined {
  if (value === null || !value.startsWith('/') || value.startsWith('//') || value.includes('\\'))
    return undefined;
  return value;
}
