import { askPin } from './pin-prompt';
import { ApiError, NetworkError, problemFromResponse } from './problem';
import { createSessionKeeper, goToSignIn, type Session } from './session';

/**
 * The one way the pages call the API. Problems (RFC 9457) become ApiError with the contract's
 * `code`; a request that never got an answer becomes NetworkError. Requests that are safe to
 * repeat (reads, PUTs, and POSTs carrying an Idempotency-Key) are retried with the same key on
 * network errors, 502/503/504 and THROTTLED, a bounded number of times.
 *
 * The access token is refreshed before it expires, and once more when the API refuses it (401:
 * the account was changed, a phone revoked), after which the call is sent again; when the session
 * has ended the browser goes to sign in.
 */
export { ApiError, NetworkError };

export interface CallOptions {
  body?: unknown;
  query?: Record<string, string | number | undefined | null>;
  idempotencyKey?: string;
  /** Retry on network errors and 502/503/504/429; default: reads, PUTs and keyed POSTs. */
  retry?: boolean;
  /** Called before each retry (to show 网络不好，正在重试…). */
  onRetry?: (attempt: number, error: unknown) => void;
  /** Per attempt; slow 3G needs patience. */
  timeoutMs?: number;
  /** The raw text instead of JSON (CSV downloads). */
  text?: boolean;
  /** Sees each response (its Date header, say). */
  onResponse?: (response: Response) => void;
}

const ATTEMPTS_MAX = 4;
const TIMEOUT_MS = 30_000;
const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
const REFRESH_LOCK = 'aixin.session.refresh';

/** A key for one logical request, kept for its retries: 1–64 of [A-Za-z0-9_-]. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

function backoffMs(attempt: number, retryAfter: number | undefined): number {
  if (retryAfter !== undefined && retryAfter > 0) return Math.min(retryAfter, 10) * 1000;
  return Math.min(8000, 1000 * 2 ** (attempt - 1)) * (0.75 + Math.random() * 0.5);
}

/** Runs `task` while no other tab of this site refreshes (the refresh token works once). */
function exclusive<T>(task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (locks === undefined) return task();
  return locks.request(REFRESH_LOCK, task) as Promise<T>;
}

/** This browser's session: localStorage, the page's fetch, the PIN dialog, sign-in when it ends. */
export const sessions = createSessionKeeper({
  storage: {
    getItem: (key) => localStorage.getItem(key),
    setItem: (key, value) => localStorage.setItem(key, value),
    removeItem: (key) => localStorage.removeItem(key),
  },
  fetch: (url, init) => fetch(url, init),
  now: () => Date.now(),
  exclusive,
  askPin,
  onEnded: () => goToSignIn('expired'),
});

/** The session with a usable token (refreshed when it is about to expire), or undefined. */
export function currentSession(): Promise<Session | undefined> {
  return sessions.current();
}

function urlFor(base: string, path: string, query: CallOptions['query']): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  }
  const suffix = search.toString();
  return `${base}${path}${suffix === '' ? '' : `?${suffix}`}`;
}

type Sent<T> = { ok: true; value: T } | { ok: false; problem: ApiError };

/** One request; throws NetworkError when no answer came. */
async function send<T>(
  apiBase: string,
  token: string | undefined,
  method: string,
  path: string,
  options: CallOptions,
): Promise<Sent<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? TIMEOUT_MS);
  try {
    const response = await fetch(urlFor(apiBase, path, options.query), {
      method,
      headers,
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: controller.signal,
      cache: 'no-store',
    });
    if (!response.ok) return { ok: false, problem: await problemFromResponse(response) };
    options.onResponse?.(response);
    if (response.status === 204) return { ok: true, value: undefined as T };
    const value = options.text === true ? await response.text() : await response.json();
    return { ok: true, value: value as T };
  } catch {
    throw new NetworkError(controller.signal.aborted ? 'timeout' : 'offline');
  } finally {
    clearTimeout(timer);
  }
}

/** How a call ended, for whoever listens (the shell takes an error away once the same thing worked). */
export interface CallOutcome {
  method: string;
  path: string;
  ok: boolean;
  /** When the call started (Date.now()). */
  startedAt: number;
}

const outcomeListeners = new Set<(outcome: CallOutcome) => void>();

/** Hears how every call ends; returns the function that stops listening. */
export function onCallOutcome(listener: (outcome: CallOutcome) => void): () => void {
  outcomeListeners.add(listener);
  return () => outcomeListeners.delete(listener);
}

async function reported<T>(method: string, path: string, run: () => Promise<T>): Promise<T> {
  const startedAt = Date.now();
  const tell = (ok: boolean) => {
    for (const listener of outcomeListeners) {
      try {
        listener({ method, path, ok, startedAt });
      } catch {
        // a listener's trouble is not the call's
      }
    }
  };
  try {
    const value = await run();
    tell(true);
    return value;
  } catch (error) {
    tell(false);
    throw error;
  }
}

export function call<T>(method: string, path: string, options: CallOptions = {}): Promise<T> {
  return reported(method, path, () => callOnce<T>(method, path, options));
}

async function callOnce<T>(method: string, path: string, options: CallOptions): Promise<T> {
  const retry =
    options.retry ?? (method === 'GET' || method === 'PUT' || options.idempotencyKey !== undefined);
  const attempts = retry ? ATTEMPTS_MAX : 1;
  let lastError: unknown;
  let renewed = false;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    let session: Session | undefined;
    let sent: Sent<T>;
    try {
      // A token refresh that got no answer (or a busy answer) is retried like the call itself.
      session = await sessions.current();
      if (session === undefined) throw new ApiError(401, 'UNAUTHENTICATED', 'not signed in', {});
      sent = await send<T>(session.apiBase, session.token, method, path, options);
    } catch (error) {
      const busy = error instanceof ApiError && RETRYABLE_STATUS.has(error.status);
      if (!(error instanceof NetworkError) && !busy) throw error;
      lastError = error;
      if (attempt < attempts) {
        options.onRetry?.(attempt, error);
        await sleep(backoffMs(attempt, error instanceof ApiError ? error.retryAfterSeconds : undefined));
      }
      continue;
    }
    if (sent.ok) return sent.value;
    const { problem } = sent;
    // Refused at the door (revoked, changed, expired early): refresh once and send it again;
    // a refused request was not carried out, so this is safe for every method.
    if (problem.status === 401 && !renewed) {
      renewed = true;
      if ((await sessions.renew(session.token)) === undefined) throw problem;
      attempt -= 1;
      continue;
    }
    if (!retry || !RETRYABLE_STATUS.has(problem.status) || attempt === attempts) throw problem;
    lastError = problem;
    options.onRetry?.(attempt, problem);
    await sleep(backoffMs(attempt, problem.retryAfterSeconds));
  }
  throw lastError;
}

/** A call before anyone is signed in (sign-in, activation): no token, no retry. */
export async function callPublic<T>(
  apiBase: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const sent = await send<T>(apiBase, undefined, method, path, body === undefined ? {} : { body });
  if (!sent.ok) throw sent.problem;
  return sent.value;
}

/** A busy answer this soon to retry is a burst at the door, worth waiting for; a longer one is a limit. */
const OPEN_RETRY_AFTER_MAX_S = 10;

/**
 * A call from a public page (a resident's request, no account): no token, with a query and an
 * Idempotency-Key, retried like `call` (reads and keyed POSTs, the same key each time) on no answer
 * and 502/503/504, and on 429 only when it says to come back within seconds: a resident over the
 * day's limit hears it at once.
 */
export function callOpen<T>(
  apiBase: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<T> {
  return reported(method, path, () => callOpenOnce<T>(apiBase, method, path, options));
}

async function callOpenOnce<T>(
  apiBase: string,
  method: string,
  path: string,
  options: CallOptions,
): Promise<T> {
  const retry = options.retry ?? (method === 'GET' || options.idempotencyKey !== undefined);
  const attempts = retry ? ATTEMPTS_MAX : 1;
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    let sent: Sent<T>;
    try {
      sent = await send<T>(apiBase, undefined, method, path, options);
    } catch (error) {
      lastError = error;
      if (attempt < attempts) {
        options.onRetry?.(attempt, error);
        await sleep(backoffMs(attempt, undefined));
      }
      continue;
    }
    if (sent.ok) return sent.value;
    const { problem } = sent;
    const soon =
      problem.status !== 429 ||
      (problem.retryAfterSeconds !== undefined && problem.retryAfterSeconds <= OPEN_RETRY_AFTER_MAX_S);
    if (!retry || !RETRYABLE_STATUS.has(problem.status) || !soon || attempt === attempts) throw problem;
    lastError = problem;
    options.onRetry?.(attempt, problem);
    await sleep(backoffMs(attempt, problem.retryAfterSeconds));
  }
  throw lastError;
}

/** A route that is not deployed yet answers 404 "No such route" (from the `$default` route). */
export function isMissingRoute(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404 && /no such route/i.test(error.detail);
}

export const isCode = (error: unknown, ...codes: string[]): error is ApiError =>
  error instanceof ApiError && codes.includes(error.code);

/** Whether a request may have been carried out without us hearing the answer. */
export const outcomeUnknown = (error: unknown): boolean =>
  error instanceof NetworkError || (error instanceof ApiError && error.status >= 500);
