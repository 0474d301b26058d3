/**
 * The local stand-in for API Gateway's HTTP API: it reads the same route table as the CDK stack,
 * checks bearer tokens (RS256, our issuer's keys) where the route says `jwt`, turns each request into a real HTTP API
 * (payload 2.0) event, runs the route's handler module in-process and writes its result back.
 * Anything outside /v1 is served from the static web directory (the built pages, web/dist), and,
 * when asked, the web app's local extras: /config.json and the demo sign-in under /local/.
 */
import { isUtf8 } from 'node:buffer';
import { randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, type Stats } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { dirname, extname, isAbsolute, resolve, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { JWK } from 'jose';
import { AppError } from '../../shared/platform/errors';
import { groupsClaimString } from '../../shared/platform/http/claims';
import type { HttpEvent } from '../../shared/platform/http/endpoint';
import { PROBLEM_CONTENT_TYPE, problemResponse } from '../../shared/platform/http/problem';
import type { RouteDefinition } from '../../shared/routes';
import { localVerifier } from './local-issuer';

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root, against which route entries are resolved. */
export const REPO_ROOT = resolve(here, '..', '..');

/** Read at most this much of a request body; the handlers enforce the contract's smaller limit. */
export const REQUEST_BODY_CAP_BYTES = 1024 * 1024;
const FUNCTION_TIMEOUT_MS = 30_000;
const DEFAULT_REGION = 'local';
const ACCOUNT_ID = '000000000000';
const API_ID = 'local';

type RouteLike = Pick<RouteDefinition, 'id' | 'method' | 'path' | 'entry' | 'auth'>;
type Handler = (event: HttpEvent, context: Context) => Promise<unknown> | unknown;

export interface LocalServerOptions {
  /** The route table (normally ROUTES from shared/routes). */
  routes: readonly RouteLike[];
  /** The issuer's public keys (its JWKS) the gateway checks bearer tokens with, RS256 only. */
  issuerKeys: readonly JWK[];
  /** Static files for everything outside /v1; null serves none. */
  webDir: string | null;
  /** Where route entries are resolved from; default the repository root. */
  rootDir?: string;
  /**
   * Environment for the handlers, copied into process.env before the first handler module is
   * loaded (handlers are in-process, so the environment is the process's).
   */
  env?: Record<string, string | undefined>;
  /** The Lambda context's region and ARN region. */
  region?: string;
  /** Lambda's timeout: a slower handler gets a 503 problem. */
  functionTimeoutMs?: number;
  /** Request body bytes read at most before a 413. */
  bodyCapBytes?: number;
  /** One line per request (method, path, status, time, route); never bodies, queries or tokens. */
  log?: (line: string) => void;
  /** The local web app's extras (never part of the route table, never in AWS). */
  web?: LocalWebOptions;
}

/** A seeded demo user the local sign-in page lists. */
export interface LocalDemoUser {
  sub: string;
  label: string;
  groups: readonly string[];
}

/**
 * What the local server answers besides the API and the static files, for the web pages:
 * `GET /config.json` (in AWS the deployment writes that file), and, when `demo` is given, the
 * local-only demo sign-in: `GET /local/demo-users` lists the seeded demo users and
 * `POST /local/demo-sign-in {sub}` returns a local token for one of them.
 */
export interface LocalWebOptions {
  config: Record<string, unknown>;
  demo?: {
    users: readonly LocalDemoUser[];
    /** Signs a token for the demo user `sub` (undefined when there is no such user). */
    sign: (sub: string) => { token: string; expiresInSeconds: number } | undefined;
  };
}

export interface RouteMatch<R extends RouteLike = RouteLike> {
  route: R;
  pathParameters: Record<string, string>;
  /** API Gateway's route key, e.g. "GET /v1/volunteers/{id}" or "$default". */
  routeKey: string;
}

interface CompiledRoute<R extends RouteLike> {
  route: R;
  segments: string[];
  /** Literal segments count most, then single parameters; a greedy `{name+}` the least. */
  score: number;
  greedy: boolean;
}

const PARAM = /^\{([A-Za-z0-9_]+)(\+?)\}$/;

function compile<R extends RouteLike>(route: R): CompiledRoute<R> {
  const segments = route.path.split('/').slice(1);
  let score = 0;
  let greedy = false;
  for (const segment of segments) {
    const param = PARAM.exec(segment);
    if (param === null) score += 1000;
    else if (param[2] === '+') greedy = true;
    else score += 1;
  }
  return { route, segments, score, greedy };
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function matchPath(
  compiled: CompiledRoute<RouteLike>,
  rawSegments: string[],
): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  const { segments } = compiled;
  for (let index = 0; index < segments.length; index += 1) {
    const template = segments[index] ?? '';
    const param = PARAM.exec(template);
    if (param?.[2] === '+') {
      const rest = rawSegments.slice(index);
      if (rest.length === 0 || rest.every((part) => part === '')) return undefined;
      const value = decodeSegment(rest.join('/'));
      if (value === undefined) return undefined;
      params[param[1] ?? ''] = value;
      return params;
    }
    const raw = rawSegments[index];
    if (raw === undefined) return undefined;
    if (param === null) {
      if (raw !== template) return undefined;
      continue;
    }
    if (raw === '') return undefined;
    const value = decodeSegment(raw);
    if (value === undefined) return undefined;
    params[param[1] ?? ''] = value;
  }
  return rawSegments.length === segments.length ? params : undefined;
}

/**
 * Finds the route API Gateway would choose: the most specific path template that matches, with
 * an exact method before `ANY`; otherwise the `$default` route, if there is one.
 */
export function createRouter<R extends RouteLike>(routes: readonly R[]) {
  const compiled = routes
    .filter((route) => route.path !== '$default')
    .map(compile)
    .sort((a, b) => Number(a.greedy) - Number(b.greedy) || b.score - a.score);
  const fallback = routes.find((route) => route.path === '$default');

  return (method: string, rawPath: string): RouteMatch<R> | undefined => {
    const rawSegments = rawPath.split('/').slice(1);
    let anyMatch: RouteMatch<R> | undefined;
    for (const candidate of compiled) {
      const params = matchPath(candidate, rawSegments);
      if (params === undefined) continue;
      const match = {
        route: candidate.route as R,
        pathParameters: params,
        routeKey: `${candidate.route.method} ${candidate.route.path}`,
      };
      if (candidate.route.method === method) return match;
      if (candidate.route.method === 'ANY') anyMatch ??= match;
    }
    if (anyMatch !== undefined) return anyMatch;
    return fallback === undefined ? undefined : { route: fallback, pathParameters: {}, routeKey: '$default' };
  };
}

const TEXT_TYPE =
  /^(text\/|application\/(json|[\w.+-]+\+json|xml|[\w.+-]+\+xml|javascript|x-www-form-urlencoded|graphql)\b)/i;

/** API Gateway hands text bodies over as they are and everything else base64-encoded. */
const isTextContent = (contentType: string | undefined): boolean =>
  contentType !== undefined && TEXT_TYPE.test(contentType.trim());

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** API Gateway's `requestContext.time`: "12/Mar/2020:19:03:58 +0000". */
function gatewayTime(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(
    date.getUTCHours(),
  )}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

/** API Gateway's request ids look like "JKJaXmPLvHcESHA=". */
const gatewayRequestId = (): string => randomBytes(10).toString('base64');

/** What API Gateway's JWT authorizer hands on: every claim as a string, arrays as "[a b]". */
export function gatewayClaims(claims: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(claims)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) out[name] = groupsClaimString(value.map(String));
    else if (typeof value === 'object') out[name] = JSON.stringify(value);
    else out[name] = String(value);
  }
  return out;
}

function queryParameters(rawQueryString: string): Record<string, string> | undefined {
  if (rawQueryString === '') return undefined;
  const out: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    out[name] = out[name] === undefined ? value : `${out[name]},${value}`;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

function sourceIp(request: IncomingMessage): string {
  const address = request.socket.remoteAddress ?? '127.0.0.1';
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}

interface RequestParts {
  method: string;
  rawPath: string;
  rawQueryString: string;
}

function splitUrl(request: IncomingMessage): RequestParts | undefined {
  const url = request.url ?? '/';
  if (!url.startsWith('/')) return undefined;
  const queryAt = url.indexOf('?');
  const rawPath = queryAt === -1 ? url : url.slice(0, queryAt);
  const rawQueryString = queryAt === -1 ? '' : url.slice(queryAt + 1).replace(/#.*$/, '');
  return {
    method: (request.method ?? 'GET').toUpperCase(),
    rawPath: rawPath.replace(/#.*$/, ''),
    rawQueryString,
  };
}

class BodyTooLarge extends Error {}

/** Reads the body, giving up (without buffering more) as soon as it passes `cap` bytes. */
function readBody(request: IncomingMessage, cap: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > cap) return Promise.reject(new BodyTooLarge());
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > cap) {
        request.off('data', onData);
        chunks.length = 0;
        fail(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.once('end', () => done(Buffer.concat(chunks)));
    request.once('error', fail);
  });
}

function lambdaContext(route: RouteLike, region: string, timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  const functionName = route.id;
  const unsupported = () => {
    throw new Error('The callback-style Lambda context methods are not supported');
  };
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:${ACCOUNT_ID}:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `${day}/[$LATEST]${randomBytes(16).toString('hex')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

/** The handler's answer in API Gateway's terms: a bare value becomes a 200 JSON body. */
function normalizeResult(result: unknown): APIGatewayProxyStructuredResultV2 {
  if (typeof result === 'object' && result !== null && 'statusCode' in result) {
    return result as APIGatewayProxyStructuredResultV2;
  }
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: typeof result === 'string' ? result : JSON.stringify(result ?? null),
  };
}

const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

/**
 * Maps a URL path onto a file under `webDir`, or undefined: every segment is decoded and must be
 * a plain name (no "..", no dot-files, no slashes or NULs smuggled in), and the real path must
 * still lie inside the real web directory (no symlink escapes).
 */
async function staticFile(
  webDir: string,
  rawPath: string,
): Promise<{ path: string; stats: Stats } | undefined> {
  const names: string[] = [];
  for (const raw of rawPath.split('/').slice(1)) {
    const name = decodeSegment(raw);
    if (name === undefined) return undefined;
    if (name === '') continue;
    if (name.startsWith('.') || /[/\\\0]/.test(name)) return undefined;
    names.push(name);
  }
  if (rawPath.endsWith('/') || names.length === 0) names.push('index.html');
  try {
    const root = await realpath(webDir);
    let path = await realpath(resolve(root, ...names));
    if (!path.startsWith(root + sep)) return undefined;
    let stats = await stat(path);
    if (stats.isDirectory()) {
      path = await realpath(resolve(path, 'index.html'));
      if (!path.startsWith(root + sep)) return undefined;
      stats = await stat(path);
    }
    return stats.isFile() ? { path, stats } : undefined;
  } catch {
    return undefined;
  }
}

function isApiPath(rawPath: string): boolean {
  return rawPath === '/v1' || rawPath.startsWith('/v1/');
}

/**
 * A request Node could not parse never reaches a handler: Node answers it with a bare status line.
 * Where the socket is still writable, answer problem+json instead, as API Gateway answers its own
 * refusals: 431 for headers over Node's limit (16 KiB by default), 400 for anything else.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const appError =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? new AppError('HEADERS_TOO_LARGE', 'The request headers are too large')
      : new AppError('VALIDATION_FAILED', 'The request could not be read as HTTP');
  const requestId = gatewayRequestId();
  const problem = problemResponse(appError, requestId);
  const body = Buffer.from(problem.body ?? '', 'utf8');
  const head = [
    `HTTP/1.1 ${appError.status} ${appError.status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}`,
    `content-type: ${PROBLEM_CONTENT_TYPE}`,
    'cache-control: no-store',
    `content-length: ${body.length}`,
    `apigw-requestid: ${requestId}`,
    'connection: close',
    '',
    '',
  ].join('\r\n');
  socket.end(Buffer.concat([Buffer.from(head, 'latin1'), body]));
}

type Claims = Record<string, string> | undefined;

/** One request in flight: what every step of answering it needs. */
interface Exchange {
  request: IncomingMessage;
  response: ServerResponse;
  parts: RequestParts;
  requestId: string;
  started: Date;
  /** Which part answers (a route id, `static`, `local-web`), for the log; `-` until known. */
  routeId: string;
}

/** The request's headers as API Gateway passes them: repeated values joined, cookies apart. */
function gatewayHeaders(request: IncomingMessage): { headers: Record<string, string>; cookies: string[] } {
  const headers: Record<string, string> = {};
  for (const [name, values] of Object.entries(request.headersDistinct)) {
    if (name === 'cookie' || values === undefined) continue;
    headers[name] = values.join(',');
  }
  const cookies = (request.headersDistinct.cookie ?? [])
    .flatMap((value) => value.split(';'))
    .map((cookie) => cookie.trim())
    .filter((cookie) => cookie !== '');
  headers['x-forwarded-for'] = sourceIp(request);
  headers['x-forwarded-port'] = String(request.socket.localPort ?? 0);
  headers['x-forwarded-proto'] = 'http';
  return { headers, cookies };
}

/** The HTTP API (payload 2.0) event API Gateway would give the route's function. */
function gatewayEvent(exchange: Exchange, match: RouteMatch, claims: Claims, body: Buffer): HttpEvent {
  const { request, parts, requestId, started } = exchange;
  const { headers, cookies } = gatewayHeaders(request);
  const host = (headers.host ?? 'localhost').replace(/:\d+$/, '');
  // Bytes that are not UTF-8 go on base64-encoded, so the handler sees them as they came and
  // refuses them, instead of reading text in which they were already replaced by U+FFFD.
  const text = isTextContent(headers['content-type']) && isUtf8(body);
  const hasBody = body.length > 0;
  const query = queryParameters(parts.rawQueryString);
  return {
    version: '2.0',
    routeKey: match.routeKey,
    rawPath: parts.rawPath,
    rawQueryString: parts.rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(query === undefined ? {} : { queryStringParameters: query }),
    ...(Object.keys(match.pathParameters).length > 0 ? { pathParameters: match.pathParameters } : {}),
    requestContext: {
      accountId: ACCOUNT_ID,
      apiId: API_ID,
      ...(claims === undefined ? {} : { authorizer: { jwt: { claims, scopes: null } } }),
      domainName: host,
      domainPrefix: host.split('.')[0] ?? host,
      http: {
        method: parts.method,
        path: parts.rawPath,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: sourceIp(request),
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: match.routeKey,
      stage: '$default',
      time: gatewayTime(started),
      timeEpoch: started.getTime(),
    },
    ...(hasBody ? { body: text ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: hasBody && !text,
  } as HttpEvent;
}

/** A refusal the gateway itself answers, before any function runs. */
interface GatewayRefusal {
  error: AppError;
  headers?: Record<string, string>;
}

/** The JWT authorizer: the caller's claims, or why the gateway refuses (401). */
async function authorizeBearer(
  authorization: string | undefined,
  verify: ReturnType<typeof localVerifier>,
): Promise<{ claims: Claims } | GatewayRefusal> {
  const bearer = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(authorization ?? '');
  if (bearer === null) {
    return {
      error: new AppError('UNAUTHENTICATED', 'A bearer token is required'),
      headers: { 'www-authenticate': 'Bearer' },
    };
  }
  const verified = await verify(bearer[1] ?? '');
  if (!verified.ok) {
    const detail =
      verified.reason === 'expired' ? 'The bearer token has expired' : 'The bearer token is not valid';
    return {
      error: new AppError('UNAUTHENTICATED', detail),
      headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
    };
  }
  return { claims: gatewayClaims(verified.claims) };
}

/** Tokens whose signature was checked, remembered until they expire (a busy counter sends one token all day). */
const VERIFIED_TOKENS_MAX = 1000;

/**
 * The gateway's check, remembering tokens that passed until their `exp` (a token's signature
 * cannot change, and API Gateway's own check costs the functions nothing): the local stack then
 * spends its CPU where AWS would, in the functions. Refusals are never remembered.
 */
function rememberingVerifier(verify: ReturnType<typeof localVerifier>): ReturnType<typeof localVerifier> {
  const passed = new Map<string, { claims: Record<string, unknown>; expMs: number }>();
  return async (token, nowSeconds) => {
    const nowMs = nowSeconds === undefined ? Date.now() : nowSeconds * 1000;
    const known = passed.get(token);
    if (known !== undefined && known.expMs > nowMs) return { ok: true, claims: known.claims };
    const checked = await verify(token, nowSeconds);
    if (checked.ok && typeof checked.claims.exp === 'number') {
      if (passed.size >= VERIFIED_TOKENS_MAX) passed.clear();
      passed.set(token, { claims: checked.claims, expMs: checked.claims.exp * 1000 });
    }
    return checked;
  };
}

/** What answering a request came to, for the access log. */
interface Answered {
  status: number;
  routeId: string;
}

/**
 * Creates (does not start) the local HTTP server. Call `listen` on the result; `close` it to stop.
 */
export function createLocalServer(options: LocalServerOptions): Server {
  const rootDir = options.rootDir ?? REPO_ROOT;
  const region = options.region ?? options.env?.AWS_REGION ?? process.env.AWS_REGION ?? DEFAULT_REGION;
  const timeoutMs = options.functionTimeoutMs ?? FUNCTION_TIMEOUT_MS;
  const bodyCap = options.bodyCapBytes ?? REQUEST_BODY_CAP_BYTES;
  const log = options.log ?? (() => {});
  const route = createRouter(options.routes);
  const handlers = new Map<string, Promise<Handler>>();
  if (options.issuerKeys.length === 0) throw new Error('issuerKeys must hold at least one key');
  const verifyToken = rememberingVerifier(localVerifier(options.issuerKeys));

  if (options.env !== undefined) {
    for (const [name, value] of Object.entries(options.env)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }

  function loadHandler(entry: string): Promise<Handler> {
    let loading = handlers.get(entry);
    if (loading === undefined) {
      const file = isAbsolute(entry) ? entry : resolve(rootDir, entry);
      loading = import(pathToFileURL(file).href).then((module: { handler?: unknown }) => {
        if (typeof module.handler !== 'function') throw new Error(`${entry} does not export a handler`);
        return module.handler as Handler;
      });
      // A module that failed to load (a file still being written) is tried again next time.
      loading.catch(() => handlers.delete(entry));
      handlers.set(entry, loading);
    }
    return loading;
  }

  function send(
    response: ServerResponse,
    result: APIGatewayProxyStructuredResultV2,
    requestId: string,
    method: string,
  ): void {
    const headers: Record<string, string | string[]> = { 'apigw-requestid': requestId };
    for (const [name, value] of Object.entries(result.headers ?? {})) {
      headers[name.toLowerCase()] = String(value);
    }
    if (result.cookies !== undefined && result.cookies.length > 0) headers['set-cookie'] = result.cookies;
    const raw = result.body ?? '';
    const body = result.isBase64Encoded === true ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
    headers['content-length'] = String(body.length);
    headers['content-type'] ??= 'application/json';
    response.writeHead(result.statusCode ?? 200, headers);
    response.end(method === 'HEAD' ? undefined : body);
  }

  function sendProblem(
    response: ServerResponse,
    error: AppError,
    requestId: string,
    method: string,
    extraHeaders: Record<string, string> = {},
  ): void {
    const problem = problemResponse(error, requestId);
    send(response, { ...problem, headers: { ...problem.headers, ...extraHeaders } }, requestId, method);
  }

  async function invoke(exchange: Exchange, match: RouteMatch, claims: Claims, body: Buffer) {
    const event = gatewayEvent(exchange, match, claims, body);
    const handler = await loadHandler(match.route.entry);
    const context = lambdaContext(match.route, region, timeoutMs);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, fail) => {
      timer = setTimeout(() => fail(new AppError('UNAVAILABLE', 'The function timed out')), timeoutMs);
    });
    try {
      return normalizeResult(await Promise.race([Promise.resolve(handler(event, context)), timedOut]));
    } finally {
      clearTimeout(timer);
    }
  }

  async function serveStatic(
    response: ServerResponse,
    parts: RequestParts,
    requestId: string,
  ): Promise<number> {
    if (parts.method !== 'GET' && parts.method !== 'HEAD') {
      sendProblem(response, new AppError('NOT_FOUND', 'No such page'), requestId, parts.method);
      return 404;
    }
    const file = options.webDir === null ? undefined : await staticFile(options.webDir, parts.rawPath);
    if (file === undefined) {
      sendProblem(response, new AppError('NOT_FOUND', 'No such page'), requestId, parts.method);
      return 404;
    }
    const type = STATIC_TYPES[extname(file.path).toLowerCase()] ?? 'application/octet-stream';
    response.writeHead(200, {
      'content-type': type,
      'content-length': String(file.stats.size),
      'cache-control': type.startsWith('text/html') ? 'no-cache' : 'public, max-age=60',
      'x-content-type-options': 'nosniff',
    });
    if (parts.method === 'HEAD') {
      response.end();
      return 200;
    }
    await new Promise<void>((done) => {
      const stream = createReadStream(file.path);
      stream.once('error', () => {
        response.destroy();
        done();
      });
      stream.once('end', () => done());
      stream.pipe(response);
    });
    return 200;
  }

  function sendJson(response: ServerResponse, status: number, value: unknown, method: string): void {
    const body = Buffer.from(JSON.stringify(value), 'utf8');
    response.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(body.length),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    response.end(method === 'HEAD' ? undefined : body);
  }

  /** The local web extras; undefined when the path is not one of them. */
  async function serveLocalWeb(
    web: LocalWebOptions,
    request: IncomingMessage,
    response: ServerResponse,
    parts: RequestParts,
    requestId: string,
  ): Promise<number | undefined> {
    const reading = parts.method === 'GET' || parts.method === 'HEAD';
    if (parts.rawPath === '/config.json' && reading) {
      sendJson(response, 200, web.config, parts.method);
      return 200;
    }
    if (web.demo === undefined || !parts.rawPath.startsWith('/local/')) return undefined;
    if (parts.rawPath === '/local/demo-users' && reading) {
      const users = web.demo.users.map(({ sub, label, groups }) => ({ sub, label, groups }));
      sendJson(response, 200, { users }, parts.method);
      return 200;
    }
    if (parts.rawPath === '/local/demo-sign-in' && parts.method === 'POST') {
      let sub: unknown;
      try {
        const body = await readBody(request, 4096);
        sub = (JSON.parse(body.toString('utf8')) as { sub?: unknown }).sub;
      } catch {
        sub = undefined;
      }
      const signed = typeof sub === 'string' ? web.demo.sign(sub) : undefined;
      if (signed === undefined) {
        sendProblem(response, new AppError('NOT_FOUND', 'No such demo user'), requestId, parts.method);
        return 404;
      }
      sendJson(response, 200, { token: signed.token, expiresIn: signed.expiresInSeconds }, parts.method);
      return 200;
    }
    return undefined;
  }

  function refuse(exchange: Exchange, routeId: string, refusal: GatewayRefusal): Answered {
    sendProblem(exchange.response, refusal.error, exchange.requestId, exchange.parts.method, refusal.headers);
    return { status: refusal.error.status, routeId };
  }

  /** The body, or undefined once a 413 has been answered for one over the cap. */
  async function readCappedBody(exchange: Exchange, routeId: string): Promise<Buffer | Answered> {
    try {
      return await readBody(exchange.request, bodyCap);
    } catch (error) {
      if (!(error instanceof BodyTooLarge)) throw error;
      return refuse(exchange, routeId, {
        error: new AppError('PAYLOAD_TOO_LARGE', `The body must be at most ${bodyCap} bytes`),
        headers: { connection: 'close' },
      });
    }
  }

  /** An API route as API Gateway runs it: the authorizer, the body cap, then the function. */
  async function answerRoute(exchange: Exchange, match: RouteMatch): Promise<Answered> {
    const routeId = match.route.id;
    exchange.routeId = routeId;
    let claims: Claims;
    if (match.route.auth === 'jwt') {
      const authorized = await authorizeBearer(exchange.request.headers.authorization, verifyToken);
      if ('error' in authorized) return refuse(exchange, routeId, authorized);
      claims = authorized.claims;
    }
    const body = await readCappedBody(exchange, routeId);
    if (!Buffer.isBuffer(body)) return body;
    const result = await invoke(exchange, match, claims, body);
    send(exchange.response, result, exchange.requestId, exchange.parts.method);
    return { status: result.statusCode ?? 200, routeId };
  }

  /** Which part of the local stack answers: the web extras, a page, an API route, or nobody. */
  async function answer(exchange: Exchange): Promise<Answered> {
    const { parts } = exchange;
    if (options.web !== undefined && !isApiPath(parts.rawPath)) {
      const served = await serveLocalWeb(
        options.web,
        exchange.request,
        exchange.response,
        parts,
        exchange.requestId,
      );
      if (served !== undefined) return { status: served, routeId: 'local-web' };
    }
    const match = route(parts.method, parts.rawPath);
    const explicit = match !== undefined && match.routeKey !== '$default';
    if (!isApiPath(parts.rawPath) && !explicit) {
      exchange.routeId = 'static';
      return { status: await serveStatic(exchange.response, parts, exchange.requestId), routeId: 'static' };
    }
    if (match === undefined)
      return refuse(exchange, '-', { error: new AppError('NOT_FOUND', 'No such route') });
    return answerRoute(exchange, match);
  }

  /** One request: answered, and logged; a handler that throws, times out or does not load is a 5xx. */
  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const started = new Date();
    const requestId = gatewayRequestId();
    const parts = splitUrl(request);
    const exchange =
      parts === undefined ? undefined : { request, response, parts, requestId, started, routeId: '-' };
    let answered: Answered = { status: 500, routeId: '-' };
    try {
      if (exchange === undefined) {
        sendProblem(response, new AppError('NOT_FOUND', 'No such route'), requestId, 'GET');
        answered = { status: 404, routeId: '-' };
        return;
      }
      answered = await answer(exchange);
    } catch (error) {
      const appError =
        error instanceof AppError && error.code === 'UNAVAILABLE' ? error : new AppError('INTERNAL');
      const routeId = exchange?.routeId ?? '-';
      answered = { status: appError.status, routeId };
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : typeof error;
      log(`  ${routeId} failed: ${reason}`);
      if (!response.headersSent) sendProblem(response, appError, requestId, parts?.method ?? 'GET');
      else response.destroy();
    } finally {
      log(
        `${parts?.method ?? '?'} ${parts?.rawPath ?? '?'} ${answered.status} ${Date.now() - started.getTime()}ms ${answered.routeId}`,
      );
    }
  }

  const server = createServer((request, response) => {
    void handle(request, response);
  });
  // Node's own limits stay, but a request should not hang a local server forever.
  server.requestTimeout = 60_000;
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) =>
    answerClientError(error, socket),
  );
  return server;
}
