import type { TokenResponse } from '../../../shared/identity/contract/identity';
import type { WebConfig } from './config';
import { ApiError, NetworkError, problemFromResponse } from './problem';

/**
 * The signed-in user on this device: the access token the API checks (one hour), the refresh
 * token that gets the next one (a staff session of 12 hours, or a volunteer's phone for months),
 * who it is, and what the pages read from the token. Kept in localStorage, so a counter phone
 * survives a reload and a volunteer's phone stays signed in.
 *
 * A refresh token works once: every refresh answers a new one, which replaces it. So one refresh
 * at a time, shared by every call that needs it (and across the site's tabs, through the Web Locks
 * API where the browser has it), and the stored session is read again before and after, because
 * another tab may have refreshed meanwhile.
 */
export type Role = 'admin' | 'coordinator' | 'counter' | 'volunteer';
const ROLES: readonly Role[] = ['admin', 'coordinator', 'counter', 'volunteer'];

export type SignedInUser = TokenResponse['user'];

export interface Claims {
  sub: string;
  groups: Role[];
  volunteerId?: string;
  storeId?: string;
  orgId?: string;
  /** Expiry as the token says, epoch milliseconds (on the server's clock). */
  expiresAtMs: number;
}

export interface Session {
  /** The access token (a bearer JWT). */
  token: string;
  /** Exchanged at /auth/refresh for the next tokens; absent for a local demo token. */
  refreshToken?: string;
  refreshExpiresAt?: string;
  /** When the access token expires on this device's clock (cheap phones' clocks are often off). */
  expiresAtMs?: number;
  apiBase: string;
  mode: WebConfig['mode'];
  /** A name to show ("什川镇爱心超市柜台"), when the sign-in knew one. */
  label?: string;
  /** Who signed in, as the issuer answered. */
  user?: SignedInUser;
  /** The staff username typed at sign-in (the new-password rule must not contain it). */
  username?: string;
  claims: Claims;
}

export const SESSION_KEY = 'aixin.session';
/** A token this close to its expiry is refreshed first (a slow request must not outlive it). */
export const EXPIRY_MARGIN_MS = 120_000;
/** PIN questions in one refresh at most (the server ends the phone after five wrong ones). */
const PIN_ASKS_MAX = 6;
const REFRESH_TIMEOUT_MS = 30_000;
const SIGN_OUT_WAIT_MS = 3000;

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

/**
 * The session an issuer's answer makes (sign-in, activation, refresh): its expiry counted on this
 * device's clock from `expiresIn`; the apiBase, mode and label carried over from `base`.
 */
export function sessionFromTokens(
  answer: TokenResponse,
  base: Pick<Session, 'apiBase' | 'mode' | 'label'>,
  nowMs: number,
): Session | undefined {
  const claims = typeof answer.accessToken === 'string' ? claimsOf(answer.accessToken) : undefined;
  if (claims === undefined || typeof answer.refreshToken !== 'string') return undefined;
  const lifeMs = Number.isFinite(answer.expiresIn) && answer.expiresIn > 0 ? answer.expiresIn * 1000 : 0;
  const label = answer.user?.name ?? base.label;
  return {
    token: answer.accessToken,
    refreshToken: answer.refreshToken,
    refreshExpiresAt: answer.refreshExpiresAt,
    expiresAtMs: nowMs + lifeMs,
    apiBase: base.apiBase,
    mode: base.mode,
    ...(label === undefined ? {} : { label }),
    ...(answer.user === undefined ? {} : { user: answer.user }),
    claims,
  };
}

export const expiresAt = (session: Session): number => session.expiresAtMs ?? session.claims.expiresAtMs;

export const isFresh = (session: Session, nowMs = Date.now()): boolean =>
  expiresAt(session) - EXPIRY_MARGIN_MS > nowMs;

/** Whether a staff member still has to choose their own password before working. */
export const mustChangePassword = (session: Session): boolean => session.user?.mustChangePassword === true;

type SessionStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export function parseSession(raw: string | null): Session | undefined {
  if (raw === null) return undefined;
  try {
    const session = JSON.parse(raw) as Session;
    if (typeof session !== 'object' || session === null) return undefined;
    if (typeof session.token !== 'string' || typeof session.apiBase !== 'string') return undefined;
    const claims = claimsOf(session.token);
    if (claims === undefined) return undefined;
    return {
      ...session,
      // Sessions saved by older pages said 'cognito'; only the demo is 'local'.
      mode: session.mode === 'local' ? 'local' : 'issuer',
      claims,
    };
  } catch {
    return undefined;
  }
}

/** Asking the person for the PIN this phone was activated with. */
export interface PinAsk {
  /** The last PIN was wrong. */
  wrong: boolean;
  /** Tries left before the phone is signed out, when the server said. */
  attemptsLeft?: number;
}

export interface KeeperDeps {
  storage: SessionStorage;
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  now: () => number;
  /** Runs `task` alone among the site's tabs (Web Locks); by default just runs it. */
  exclusive?: <T>(task: () => Promise<T>) => Promise<T>;
  /** The PIN, or undefined when the person gives up (the phone is then signed out here). */
  askPin?: (ask: PinAsk) => Promise<string | undefined>;
  /** The session has ended (signed out elsewhere, revoked, expired): the pages go to sign-in. */
  onEnded?: (ended: Session) => void;
}

export interface SessionKeeper {
  read(): Session | undefined;
  save(session: Session): void;
  clear(): void;
  /**
   * A session whose access token is good for a call now, refreshed first when it is about to
   * expire; undefined when there is none (never signed in, or it has ended). Throws NetworkError
   * or ApiError when a refresh was needed and got no usable answer (the session is kept).
   */
  current(): Promise<Session | undefined>;
  /**
   * After the API refused `token` (401): the session refreshed once, whoever asks, or the newer one
   * another call or tab already has; undefined when the session has ended.
   */
  renew(token: string): Promise<Session | undefined>;
  /** Ends the session here and on the server (best effort: the local copy goes whatever happens). */
  signOut(): Promise<void>;
}

export function createSessionKeeper(deps: KeeperDeps): SessionKeeper {
  const exclusive = deps.exclusive ?? (<T>(task: () => Promise<T>) => task());
  let inFlight: Promise<Session | undefined> | undefined;

  const read = (): Session | undefined => {
    try {
      return parseSession(deps.storage.getItem(SESSION_KEY));
    } catch {
      return undefined;
    }
  };
  const save = (session: Session): void => {
    deps.storage.setItem(SESSION_KEY, JSON.stringify(session));
  };
  const clear = (): void => {
    try {
      deps.storage.removeItem(SESSION_KEY);
    } catch {
      // nothing stored
    }
  };

  async function post(
    session: Session,
    path: string,
    body: unknown,
  ): Promise<{ ok: true; value: unknown } | { ok: false; problem: ApiError }> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), REFRESH_TIMEOUT_MS);
    try {
      const response = await deps.fetch(`${session.apiBase}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        signal: controller.signal,
        cache: 'no-store',
      });
      if (response.ok) return { ok: true, value: response.status === 204 ? null : await response.json() };
      return { ok: false, problem: await problemFromResponse(response) };
    } catch (error) {
      if (error instanceof ApiError) throw error;
      throw new NetworkError(controller.signal.aborted ? 'timeout' : 'offline');
    } finally {
      clearTimeout(timer);
    }
  }

  /** The session is over: forgotten here (unless another tab has replaced it meanwhile). */
  function end(stale: Session): undefined {
    const stored = read();
    if (stored === undefined || stored.refreshToken === stale.refreshToken) {
      clear();
      deps.onEnded?.(stale);
    }
    return undefined;
  }

  async function refresh(staleToken: string | undefined): Promise<Session | undefined> {
    const stored = read();
    if (stored === undefined) return undefined;
    // Another call or tab may have refreshed while this one waited.
    const replaced = staleToken !== undefined && stored.token !== staleToken;
    if ((staleToken === undefined || replaced) && isFresh(stored, deps.now())) return stored;
    if (stored.refreshToken === undefined) return end(stored);
    let pin: string | undefined;
    for (let ask = 0; ask <= PIN_ASKS_MAX; ask += 1) {
      const answer = await post(stored, '/auth/refresh', {
        refreshToken: stored.refreshToken,
        ...(pin === undefined ? {} : { pin }),
      });
      if (answer.ok) {
        const renewed = sessionFromTokens(answer.value as TokenResponse, stored, deps.now());
        if (renewed === undefined) throw new ApiError(502, 'INTERNAL', 'unreadable token answer', {});
        save(renewed);
        return renewed;
      }
      const { problem } = answer;
      if (problem.status !== 401) throw problem;
      if (problem.body.pinRequired === true) {
        const attemptsLeft =
          typeof problem.body.attemptsLeft === 'number' ? problem.body.attemptsLeft : undefined;
        if (attemptsLeft === 0) return end(stored);
        if (deps.askPin === undefined) throw problem;
        pin = await deps.askPin({
          wrong: pin !== undefined,
          ...(attemptsLeft === undefined ? {} : { attemptsLeft }),
        });
        if (pin === undefined) {
          // Given up ("I forgot the PIN"): the phone is signed out on the server too, so the
          // office no longer lists it; a coordinator activates it again.
          await post(stored, '/auth/sign-out', { refreshToken: stored.refreshToken }).catch(() => undefined);
          return end(stored);
        }
        continue;
      }
      // Refused. Without Web Locks, another tab may have used this refresh token a moment ago
      // and saved the next one: that session is not over.
      const now = read();
      if (now !== undefined && now.refreshToken !== stored.refreshToken) return now;
      return end(stored);
    }
    return end(stored);
  }

  const renewShared = (staleToken: string | undefined): Promise<Session | undefined> => {
    inFlight ??= exclusive(() => refresh(staleToken)).finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };

  return {
    read,
    save,
    clear,
    async current() {
      const stored = read();
      if (stored === undefined) return undefined;
      if (isFresh(stored, deps.now())) return stored;
      return renewShared(undefined);
    },
    renew(token) {
      return renewShared(token);
    },
    async signOut() {
      const stored = read();
      clear();
      if (stored?.refreshToken === undefined) return;
      const ended = post(stored, '/auth/sign-out', { refreshToken: stored.refreshToken }).catch(
        () => undefined,
      );
      await Promise.race([ended, new Promise((done) => setTimeout(done, SIGN_OUT_WAIT_MS))]);
    },
  };
}

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

/** Where a signed-in session goes: its role's page (or `next`, a same-site path). */
export function landingOf(session: Session, next: string | undefined): string {
  const role = session.claims.groups[0];
  return next ?? (role === undefined ? '/' : homeOf(role));
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
