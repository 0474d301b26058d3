/**
 * What a call that did not succeed becomes: ApiError for an answer (an RFC 9457 problem with the
 * contract's `code`, or a bare status from a gateway or proxy), NetworkError for no answer at all.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly body: Record<string, unknown>,
    /** The `Retry-After` header in seconds, when the answer had one. */
    readonly retryAfterSeconds?: number,
  ) {
    super(`${status} ${code}: ${detail}`);
    this.name = 'ApiError';
  }

  /** The request as the logs name it (the problem's `requestId`, or API Gateway's header): quoted when asking for help. */
  get requestId(): string | undefined {
    return typeof this.body.requestId === 'string' && this.body.requestId !== ''
      ? this.body.requestId
      : undefined;
  }
}

export class NetworkError extends Error {
  constructor(readonly reason: 'offline' | 'timeout') {
    super(`network: ${reason}`);
    this.name = 'NetworkError';
  }
}

/** Codes for answers that are not problem+json (API Gateway's own 401/403/429, a proxy's 502). */
export function codeForStatus(status: number): string {
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

/** `Retry-After` as seconds (a number of seconds or an HTTP date), or undefined. */
export function retryAfterSeconds(value: string | null, nowMs: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds : undefined;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, Math.ceil((at - nowMs) / 1000)) : undefined;
}

/** The ApiError an unsuccessful answer stands for. */
export async function problemFromResponse(response: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = await response.json();
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      body = parsed as Record<string, unknown>;
  } catch {
    // not JSON: API Gateway or a proxy
  }
  const code = typeof body.code === 'string' ? body.code : codeForStatus(response.status);
  // A gateway's own refusal has no body of ours, but names the request in a header.
  const gatewayId = response.headers.get('apigw-requestid') ?? response.headers.get('x-amzn-requestid');
  if (typeof body.requestId !== 'string' && gatewayId !== null && gatewayId !== '')
    body.requestId = gatewayId;
  const detail =
    typeof body.detail === 'string' ? body.detail : typeof body.message === 'string' ? body.message : '';
  return new ApiError(
    response.status,
    code,
    detail,
    body,
    retryAfterSeconds(response.headers.get('retry-after'), Date.now()),
  );
}
