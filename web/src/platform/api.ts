import { refreshCognitoSession } from './pkce';
import { isFresh, readSession, type Session, saveSession } from './session';

/**
 * The one way the pages call the API. Problems (RFC 9457) become ApiError with the contract's
 * `code`; a request that never got an answer becomes NetworkError. Requests that are safe to
 * repeat (reads, PUTs, and POSTs carrying an Idempotency-Key) are retried with the same key on
 * network errors, 502/503/504 and THROTTLED, a bounded number of times.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly body: Record<string, unknown>,
  ) {
    super(`${status} ${code}: ${detail}`);
    this.name = 'ApiError';
  }
}

export class NetworkError extends Error {
  constructor(readonly reason: 'offline' | 'timeout') {
    super(`network: ${reason}`);
    this.name = 'NetworkError';
  }
}

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

/** Codes for answers that are not problem+json (API Gateway's own 401/403/429, a proxy's 502). */
function codeForStatus(status: number): string {
  switch (status) {
    case 400:
      return 'VALIDATION_FAILED';
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 429:
      return 'THROTTLED';
    case 503:
    case 502:
    case 504:
      return 'UNAVAILABLE';
    default:
      return status >= 500 ? 'INTERNAL' : 'UNKNOWN';
  }
}

/** A key for one logical request, kept for its retries: 1–64 of [A-Za-z0-9_-]. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

function backoffMs(attempt: number, retryAfter: string | null): number {
  const seconds = Number(retryAfter);
  if (retryAfter !== null && Number.isFinite(seconds) && seconds > 0) return Math.min(seconds, 10) * 1000;
  return Math.min(8000, 1000 * 2 ** (attempt - 1)) * (0.75 + Math.random() * 0.5);
}

let refreshing: Promise<Session | undefined> | undefined;

/** The session with a usable token (refreshed through Cognito when it is about to expire). */
export async function currentSession(): Promise<Session | undefined> {
  const session = readSession();
  if (session === undefined) return undefined;
  if (isFresh(session)) return session;
  if (session.mode !== 'cognito') return undefined;
  refreshing ??= refreshCognitoSession(session).finally(() => {
    refreshing = undefined;
  });
  const renewed = await refreshing;
  if (renewed !== undefined) saveSession(renewed);
  return renewed;
}

function urlFor(base: string, path: string, query: CallOptions['query']): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  }
  const suffix = search.toString();
  return `${base}${path}${suffix === '' ? '' : `?${suffix}`}`;
}

async function problemOf(response: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = await response.json();
    if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>;
  } catch {
    // not JSON: API Gateway or a proxy
  }
  const code = typeof body.code === 'string' ? body.code : codeForStatus(response.status);
  const detail =
    typeof body.detail === 'string' ? body.detail : typeof body.message === 'string' ? body.message : '';
  return new ApiError(response.status, code, detail, body);
}

export async function call<T>(method: string, path: string, options: CallOptions = {}): Promise<T> {
  const retry =
    options.retry ?? (method === 'GET' || method === 'PUT' || options.idempotencyKey !== undefined);
  let lastError: unknown;
  for (let attempt = 1; attempt <= (retry ? ATTEMPTS_MAX : 1); attempt += 1) {
    const session = await currentSession();
    if (session === undefined) throw new ApiError(401, 'UNAUTHENTICATED', 'not signed in', {});
    const headers: Record<string, string> = {
      authorization: `Bearer ${session.token}`,
      accept: 'application/json',
    };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? TIMEOUT_MS);
    let response: Response;
    try {
      response = await fetch(urlFor(session.apiBase, path, options.query), {
        method,
        headers,
        body: options.body === undefined ? null : JSON.stringify(options.body),
        signal: controller.signal,
        cache: 'no-store',
      });
      if (response.ok) {
        options.onResponse?.(response);
        const result = options.text === true ? await response.text() : await response.json();
        return result as T;
      }
    } catch (error) {
      lastError = new NetworkError(controller.signal.aborted ? 'timeout' : 'offline');
      if (error instanceof ApiError) throw error;
      if (attempt < (retry ? ATTEMPTS_MAX : 1)) {
        options.onRetry?.(attempt, lastError);
        await sleep(backoffMs(attempt, null));
      }
      continue;
    } finally {
      clearTimeout(timer);
    }
    const problem = await problemOf(response);
    if (!retry || !RETRYABLE_STATUS.has(response.status) || attempt === ATTEMPTS_MAX) throw problem;
    lastError = problem;
    options.onRetry?.(attempt, problem);
    await sleep(backoffMs(attempt, response.headers.get('retry-after')));
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
