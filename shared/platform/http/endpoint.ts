import { createHash } from 'node:crypto';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import * as z from 'zod/mini';
import '../contract/locale';
import { tokenStillValid } from '../../identity/rules/tokens';
import { canonicalJson } from '../canonical-json';
import { keepRefusal } from '../dynamo/idempotent-write';
import { AppError, type FieldError } from '../errors';
import { type IdempotencyScope, isKeptRefusal, userScope } from '../idempotency';
import { BODY_BYTES_MAX, IDEMPOTENCY_KEY_PATTERN } from '../limits';
import { type MetricsSource, publishMetrics, traceRequests } from '../metrics';
import { logger } from '../observability';
import { hasAnyRole, type Principal } from '../principal';
import type { RouteDefinition } from '../route-definition';
import { builtRuntime, getRuntime } from '../runtime';
import { principalFromClaims } from './claims';
import { problemBody, problemResponse, toAppError } from './problem';

export type HttpEvent = APIGatewayProxyEventV2 & {
  requestContext: APIGatewayProxyEventV2['requestContext'] & {
    authorizer?: { jwt?: { claims?: Record<string, unknown>; scopes?: string[] | null } };
  };
};
export type HttpResult = APIGatewayProxyStructuredResultV2;

const EmptyObject = z.strictObject({});
type EmptyObject = z.infer<typeof EmptyObject>;

export interface Idempotency {
  key: string;
  /** SHA-256 of the route, its parameters and the canonical body: "the same request". */
  fingerprint: string;
}

/**
 * A route's Idempotency-Key, as its entry in the route table says: always there for a route marked
 * `idempotent: true` (the endpoint refuses a request without one), never for any other.
 */
export type IdempotencyOf<R extends RouteDefinition> = R extends { idempotent: true }
  ? Idempotency
  : undefined;

/** What a route's schema for one part parses to; a part without a schema is an empty object. */
type Parsed<R, K extends 'params' | 'query' | 'body'> = R extends { [P in K]: infer S extends z.ZodMiniType }
  ? z.infer<S>
  : EmptyObject;

/** The request a route's handler gets, typed from the route's own entry in the route table. */
export type RequestOf<R extends RouteDefinition> = EndpointRequest<
  Parsed<R, 'params'>,
  Parsed<R, 'query'>,
  Parsed<R, 'body'>,
  IdempotencyOf<R>
>;

export interface EndpointRequest<P, Q, B, I extends Idempotency | undefined = Idempotency | undefined> {
  params: P;
  query: Q;
  body: B;
  principal: Principal;
  idempotency: I;
  requestId: string;
  /** The caller's address as API Gateway saw it (per-client limits on sign-in). */
  client: string;
}

export interface Reply {
  status: number;
  body?: unknown;
  /** A body that is not JSON (a CSV export); its content-type comes in `headers`. */
  text?: string;
  /** A binary body (an XLSX export), sent base64-encoded as API Gateway's HTTP API needs; its content-type comes in `headers`. */
  bytes?: Uint8Array;
  headers?: Record<string, string>;
}

const ANONYMOUS: Principal = { userId: 'anonymous', roles: new Set() };

function zodFields(error: z.core.$ZodError, prefix: string): FieldError[] {
  return error.issues.slice(0, 50).map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter((part) => part !== '').join('.'),
    message: issue.message,
  }));
}

function parsePart<T extends z.ZodMiniType>(schema: T, value: unknown, part: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new AppError('VALIDATION_FAILED', `The request's ${part} is not valid`, {
      fields: zodFields(parsed.error, part),
    });
  }
  return parsed.data;
}

/** JSON, or a JSON-based type (application/problem+json); nothing else is parsed as JSON. */
const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json$/;
const UTF8_DECODER = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * A body is read only as JSON in UTF-8: any other media type, or another charset (GB18030 text
 * read as UTF-8 would be stored as mojibake), is 415; a body without a Content-Type is 415 too.
 * An empty body needs no type (approving a record sends none).
 */
function checkMediaType(event: HttpEvent, hasBody: boolean): void {
  const contentType = header(event, 'content-type');
  if (contentType === undefined || contentType.trim() === '') {
    if (!hasBody) return;
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json (UTF-8)');
  }
  const [mediaType = '', ...parameters] = contentType.split(';').map((part) => part.trim().toLowerCase());
  const charset = parameters
    .map((parameter) => parameter.split('='))
    .find(([name]) => name?.trim() === 'charset')?.[1]
    ?.trim()
    .replace(/^"(.*)"$/, '$1');
  if (
    !JSON_MEDIA_TYPE.test(mediaType) ||
    (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')
  ) {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      `The body must be application/json in UTF-8, not ${contentType.slice(0, 100)}`,
    );
  }
}

/** The body's bytes as text: invalid UTF-8 is refused, never silently replaced. */
function bodyText(event: HttpEvent): string {
  const raw = event.body ?? '';
  if (!event.isBase64Encoded) return raw;
  const bytes = Buffer.from(raw, 'base64');
  if (bytes.length > BODY_BYTES_MAX) {
    throw new AppError('PAYLOAD_TOO_LARGE', `The body must be at most ${BODY_BYTES_MAX} bytes`);
  }
  try {
    return UTF8_DECODER.decode(bytes);
  } catch {
    throw new AppError('VALIDATION_FAILED', 'The body is not valid UTF-8', {
      fields: [{ path: 'body', message: 'not valid UTF-8' }],
    });
  }
}

function readBody(event: HttpEvent): unknown {
  const text = bodyText(event);
  if (Buffer.byteLength(text, 'utf8') > BODY_BYTES_MAX) {
    throw new AppError('PAYLOAD_TOO_LARGE', `The body must be at most ${BODY_BYTES_MAX} bytes`);
  }
  checkMediaType(event, text.trim() !== '');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError('VALIDATION_FAILED', 'The body is not valid JSON', {
      fields: [{ path: 'body', message: 'malformed JSON' }],
    });
  }
}

function header(event: HttpEvent, name: string): string | undefined {
  const headers = event.headers ?? {};
  const direct = headers[name];
  if (direct !== undefined) return direct;
  const found = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
  return found?.[1];
}

export function authenticate(event: HttpEvent): Principal | undefined {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  return claims === undefined ? undefined : principalFromClaims(claims);
}

/**
 * Runs a points- or stock-moving request whose refusal is a first answer too: a refusal the
 * business gives (see KEPT_REFUSAL_STATUSES) is kept under the request's Idempotency-Key, so the
 * same key and body get it again, verbatim, and move nothing even once the request would succeed.
 * Replays of kept refusals come from the use cases' own marker reads, as replays of successes do.
 */
async function runKeepingRefusals(
  run: () => Promise<Reply>,
  idempotency: IdempotencyScope,
  requestId: string | undefined,
): Promise<Reply> {
  try {
    return await run();
  } catch (error) {
    if (!isKeptRefusal(error)) throw error;
    const response = problemResponse(error, requestId);
    const stored = {
      status: error.status,
      body: problemBody(error, requestId),
      ...(response.headers?.['retry-after'] === undefined
        ? {}
        : { headers: { 'retry-after': String(response.headers['retry-after']) } }),
    };
    const kept = await keepRefusal(getRuntime(), idempotency, stored);
    if (kept?.kind === 'answered') {
      return {
        status: kept.result.status,
        body: kept.result.body,
        headers: { 'idempotent-replayed': 'true' },
      };
    }
    if (kept === undefined) logger.warn('refusal not kept: the table stayed busy', { code: error.code });
    throw error;
  }
}

/**
 * A token that carries its account's version is good only while the account is still at that
 * version and not disabled: a role change, a disabled account or a revoked device refuses every
 * older token from the next request on (one consistent read of the account's small state item).
 */
async function assertTokenCurrent(principal: Principal): Promise<void> {
  if (principal.tokenVersion === undefined) return;
  const access = await getRuntime().accountAccess(principal.userId);
  if (!tokenStillValid({ ver: principal.tokenVersion }, access))
    throw new AppError(
      'UNAUTHENTICATED',
      '登录已失效，请重新登录 (this sign-in has been revoked; sign in again)',
      {
        headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
      },
    );
}

/**
 * Builds the Lambda handler of one route entry: authentication and role guard, strict zod parsing
 * of path, query and body with the schemas in the entry, the Idempotency-Key header the entry asks
 * for, and one error mapping to problem+json. The function passed in parses nothing and catches
 * nothing.
 */
export function endpoint<R extends RouteDefinition>(
  route: R,
  run: (request: RequestOf<R>) => Promise<Reply>,
) {
  const paramsSchema: z.ZodMiniType = route.params ?? EmptyObject;
  const querySchema: z.ZodMiniType = route.query ?? EmptyObject;
  const bodySchema: z.ZodMiniType = route.body ?? EmptyObject;

  const core = async (event: HttpEvent, context: Context): Promise<HttpResult> => {
    const startedMs = Date.now();
    const requestId = event.requestContext.requestId ?? context.awsRequestId;
    logger.appendKeys({ route: route.id });
    let principal = ANONYMOUS;
    if (route.auth === 'jwt') {
      const authenticated = authenticate(event);
      if (authenticated === undefined)
        throw new AppError('UNAUTHENTICATED', 'A valid bearer token is required');
      await assertTokenCurrent(authenticated);
      if (authenticated.mustChangePassword === true && route.whilePasswordPending !== true)
        throw new AppError('FORBIDDEN', '请先设置自己的密码 (choose your own password first)', {
          extra: { reason: 'password-change-required' },
        });
      principal = authenticated;
    }
    if (route.roles !== 'anyone' && !hasAnyRole(principal, route.roles)) {
      throw new AppError('FORBIDDEN', 'Your role may not use this route');
    }
    const params = parsePart(paramsSchema, event.pathParameters ?? {}, 'path');
    const query = parsePart(querySchema, event.queryStringParameters ?? {}, 'query');
    const rawBody = event.requestContext.http.method === 'GET' ? {} : readBody(event);
    const body = parsePart(bodySchema, rawBody, 'body');

    let idempotency: Idempotency | undefined;
    if (route.idempotent === true) {
      const key = header(event, 'idempotency-key');
      if (key === undefined || key === '') {
        throw new AppError('IDEMPOTENCY_KEY_MISSING', 'Send an Idempotency-Key header with this request');
      }
      if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
        throw new AppError(
          'VALIDATION_FAILED',
          'Idempotency-Key must be 1-64 characters of A-Z a-z 0-9 _ -',
          {
            fields: [{ path: 'headers.idempotency-key', message: 'invalid format' }],
          },
        );
      }
      const fingerprint = createHash('sha256')
        .update(`${route.id}\n${canonicalJson(params)}\n${canonicalJson(body)}`)
        .digest('hex');
      idempotency = { key, fingerprint };
    }

    // The route table decided above whether a key is there; IdempotencyOf<R> says the same to the compiler.
    // The route's schemas parsed each part above; RequestOf<R> says the same to the compiler.
    const client = event.requestContext.http.sourceIp ?? 'unknown';
    const request = { params, query, body, principal, idempotency, requestId, client } as RequestOf<R>;
    const reply =
      idempotency === undefined
        ? await run(request)
        : await runKeepingRefusals(
            () => run(request),
            { scope: userScope(principal.userId), ...idempotency },
            event.requestContext.requestId,
          );
    logger.info('request handled', { status: reply.status, durationMs: Date.now() - startedMs });
    return {
      statusCode: reply.status,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
        ...reply.headers,
      },
      body:
        reply.bytes !== undefined
          ? Buffer.from(reply.bytes).toString('base64')
          : (reply.text ?? (reply.body === undefined ? '' : JSON.stringify(reply.body))),
      ...(reply.bytes === undefined ? {} : { isBase64Encoded: true }),
    };
  };

  // The route it serves travels with the handler, so a test can tie each entry to its module.
  return Object.assign(withProblems(core), { route: route.id });
}

/**
 * The middy chain every handler shares: X-Ray tracing (never the response), the runtime's metrics
 * (`metricsOf`) flushed after every request, Powertools context for the logger, and one error
 * mapping from AppError (or anything unexpected) to problem+json. The error mapping runs first
 * among the error hooks, so tracing sees the status that was answered. How many requests
 * succeeded, were refused or failed is API Gateway's own count (2xx/4xx/5xx), not a metric of ours.
 */
export function withProblems(
  core: (event: HttpEvent, context: Context) => Promise<HttpResult>,
  metricsOf: MetricsSource = () => builtRuntime()?.metrics,
) {
  return middy<HttpEvent, HttpResult>()
    .use(traceRequests())
    .use(publishMetrics(metricsOf))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use({
      onError: async (request) => {
        const error = toAppError(request.error);
        const requestId = request.event.requestContext?.requestId;
        if (error.status >= 500) {
          const cause = error.cause ?? request.error;
          logger.error('request failed', {
            code: error.code,
            errorName: cause instanceof Error ? cause.name : typeof cause,
            errorMessage: cause instanceof Error ? cause.message : undefined,
            stack: cause instanceof Error ? cause.stack : undefined,
          });
        } else {
          logger.info('request refused', { status: error.status, code: error.code });
        }
        request.response = problemResponse(error, requestId);
      },
    })
    .handler(core);
}

export type { EmptyObject };
