/**
 * The one error type of the product. Every failure a client can cause or see is an AppError with a
 * stable code from the contract; the HTTP status comes from one table the compiler checks.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  IDEMPOTENCY_KEY_MISSING: 400,
  INVALID_CODE: 400,
  CODE_EXPIRED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  INSUFFICIENT_POINTS: 409,
  OUT_OF_STOCK: 409,
  PRICE_CHANGED: 409,
  CODE_USED: 409,
  ALREADY_VOIDED: 409,
  ALREADY_DECIDED: 409,
  DRAW_NOT_READY: 409,
  CONFLICT: 409,
  ORDER_STATE: 409,
  ACTIVITY_STATE: 409,
  CERTIFICATE_STATE: 409,
  CORRECTION_STATE: 409,
  TRIP_STATE: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_KEY_REUSED: 422,
  CERTIFICATE_EMPTY: 422,
  CERTIFICATE_TOO_LONG: 422,
  CARD_LOCKED: 423,
  THROTTLED: 429,
  HEADERS_TOO_LARGE: 431,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** Titles are short and stable; `detail` carries the specific message. */
export const ERROR_TITLE = {
  VALIDATION_FAILED: 'Request is not valid',
  IDEMPOTENCY_KEY_MISSING: 'Idempotency-Key header is required',
  INVALID_CODE: 'Volunteer code is not valid',
  CODE_EXPIRED: 'Volunteer code has expired',
  UNAUTHENTICATED: 'Not signed in',
  FORBIDDEN: 'Not allowed',
  NOT_FOUND: 'Not found',
  METHOD_NOT_ALLOWED: 'Method not allowed',
  INSUFFICIENT_POINTS: 'Not enough points',
  OUT_OF_STOCK: 'Out of stock',
  PRICE_CHANGED: 'Price has changed',
  CODE_USED: 'Volunteer code already used',
  ALREADY_VOIDED: 'Already voided',
  ALREADY_DECIDED: 'Already decided',
  DRAW_NOT_READY: 'Draw is not ready',
  CONFLICT: 'Conflicting change',
  ORDER_STATE: 'The order cannot take this step now',
  ACTIVITY_STATE: 'The activity cannot take this now',
  CERTIFICATE_STATE: 'The certificate cannot take this step now',
  TRIP_STATE: 'The trip cannot take this step now',
  CORRECTION_STATE: 'The correction request cannot take this now',
  PAYLOAD_TOO_LARGE: 'Request body too large',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported media type',
  IDEMPOTENCY_KEY_REUSED: 'Idempotency-Key reused with a different request',
  CERTIFICATE_EMPTY: 'No approved service in the period',
  CERTIFICATE_TOO_LONG: 'Too much service for one certificate',
  CARD_LOCKED: 'Card is locked',
  THROTTLED: 'Too many requests',
  HEADERS_TOO_LARGE: 'Request headers too large',
  INTERNAL: 'Internal error',
  UNAVAILABLE: 'Service temporarily unavailable',
} as const satisfies Record<ErrorCode, string>;

export interface FieldError {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly fields: FieldError[] | undefined;
  readonly extra: Record<string, unknown> | undefined;
  /** Response headers the refusal needs (`Allow` on a 405, `Retry-After` on a 429). */
  readonly headers: Record<string, string> | undefined;
  /** A kept refusal replayed under its Idempotency-Key: the first answer's body, verbatim. */
  readonly replayBody: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    detail?: string,
    options: {
      fields?: FieldError[];
      extra?: Record<string, unknown>;
      headers?: Record<string, string>;
      replayBody?: Record<string, unknown>;
      cause?: unknown;
    } = {},
  ) {
    super(detail ?? ERROR_TITLE[code], options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.fields = options.fields;
    this.extra = options.extra;
    this.headers = options.headers;
    this.replayBody = options.replayBody;
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;

export const isErrorCode = (code: string): code is ErrorCode => Object.hasOwn(ERROR_STATUS, code);

/** Programmer errors: a broken invariant inside our own code, never a client's mistake. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`Assertion failed: ${message}`);
}
