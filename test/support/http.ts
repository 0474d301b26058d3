import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { groupsClaimString } from '../../shared/platform/http/claims';
import type { HttpEvent, HttpResult } from '../../shared/platform/http/endpoint';
import { checkAgainstOpenApi } from './openapi-responses';

export interface Caller {
  sub: string;
  groups: readonly string[];
  volunteerId?: string;
  storeId?: string;
  orgId?: string;
}

export const callers = {
  admin: { sub: 'admin-1', groups: ['admin'] } as Caller,
  counter: (storeId: string): Caller => ({ sub: `counter-${storeId}`, groups: ['counter'], storeId }),
  volunteer: (volunteerId: string): Caller => ({
    sub: `user-${volunteerId}`,
    groups: ['volunteer'],
    volunteerId,
  }),
  coordinator: (orgId: string): Caller => ({ sub: `coordinator-${orgId}`, groups: ['coordinator'], orgId }),
} as const;

export interface InvokeOptions {
  routeKey: string;
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  caller?: Caller;
}

/** An API Gateway HTTP API (v2) event, claims in the string form the JWT authorizer uses. */
export function httpEvent(options: InvokeOptions): HttpEvent {
  const [method = 'GET', pathTemplate = '/'] = options.routeKey.split(' ');
  const rawPath = pathTemplate.replace(/\{(\w+)\}/g, (_, name: string) => options.params?.[name] ?? name);
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const caller = options.caller;
  return {
    version: '2.0',
    routeKey: options.routeKey,
    rawPath,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    headers: { 'content-type': 'application/json', ...options.headers },
    ...(options.query === undefined ? {} : { queryStringParameters: options.query }),
    ...(options.params === undefined ? {} : { pathParameters: options.params }),
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: false,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: randomUUID(),
      routeKey: options.routeKey,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
      ...(caller === undefined
        ? {}
        : {
            authorizer: {
              jwt: {
                claims: {
                  sub: caller.sub,
                  'cognito:groups': groupsClaimString(caller.groups),
                  ...(caller.volunteerId === undefined ? {} : { 'custom:volunteerId': caller.volunteerId }),
                  ...(caller.storeId === undefined ? {} : { 'custom:storeId': caller.storeId }),
                  ...(caller.orgId === undefined ? {} : { 'custom:orgId': caller.orgId }),
                },
                scopes: null,
              },
            },
          }),
    },
  };
}

const context = (): Context =>
  ({
    awsRequestId: randomUUID(),
    functionName: 'test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:test',
    memoryLimitInMB: '512',
    logGroupName: 'test',
    logStreamName: 'test',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  }) satisfies Context;

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

type Handler = (event: HttpEvent, context: Context) => Promise<HttpResult>;

/** The handler's raw result, for answers that are not JSON (a CSV export). */
export const invokeRaw = (handler: Handler, options: InvokeOptions): Promise<HttpResult> =>
  handler(httpEvent(options), context());

/** Every answer is also checked against the OpenAPI document (test/support/openapi-responses.ts). */
export async function invoke(handler: Handler, options: InvokeOptions): Promise<Answer> {
  const result = await invokeRaw(handler, options);
  const text = typeof result.body === 'string' ? result.body : '';
  const headers = Object.fromEntries(
    Object.entries(result.headers ?? {}).map(([key, value]) => [key.toLowerCase(), String(value)]),
  );
  checkAgainstOpenApi(options.routeKey, result.statusCode ?? 0, headers, text);
  return {
    status: result.statusCode ?? 0,
    headers,
    body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
  };
}
