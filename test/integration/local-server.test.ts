import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signLocalToken } from '../../scripts/local/local-issuer';
import { createLocalServer, REPO_ROOT } from '../../scripts/local/server';
import { ROUTES } from '../../shared/routes';
import { STRANGER_SIGNER, TEST_SIGNER } from '../support/test-issuer';
import { freshTable } from './support';

const ISSUER_KEYS = [TEST_SIGNER.publicJwkSync()];
const ECHO = 'test/integration/fixtures/echo-event.ts';
const NOT_FOUND = 'functions/platform/not-found.ts';

/** A tiny route table of its own, pointing at the echo fixture. */
const TEST_ROUTES = [
  { id: 'EchoGet', method: 'GET', path: '/v1/echo/{id}', entry: ECHO, auth: 'jwt' },
  { id: 'EchoPost', method: 'POST', path: '/v1/echo/{id}', entry: ECHO, auth: 'public' },
  { id: 'EchoLiteral', method: 'GET', path: '/v1/echo/fixed', entry: ECHO, auth: 'public' },
  { id: 'EchoAny', method: 'ANY', path: '/v1/any/{id}', entry: ECHO, auth: 'public' },
  { id: 'Throws', method: 'GET', path: '/v1/throws', entry: ECHO, auth: 'public' },
  { id: 'Binary', method: 'GET', path: '/v1/binary', entry: ECHO, auth: 'public' },
  { id: 'NotFound', method: 'ANY', path: '$default', entry: NOT_FOUND, auth: 'public' },
] as const;

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
  json: () => Record<string, unknown>;
}

/** A raw HTTP request: unlike fetch, it sends the path exactly as written (no dot-segment cleanup). */
function call(
  server: Server,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Answer> {
  const { port } = server.address() as AddressInfo;
  return new Promise((done, fail) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        const text = body.toString('utf8');
        done({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body,
          text,
          json: () => JSON.parse(text) as Record<string, unknown>,
        });
      });
    });
    req.on('error', fail);
    req.end(options.body);
  });
}

async function listen(server: Server): Promise<Server> {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return server;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const tokenFor = (groups: string[], extra: { storeId?: string; volunteerId?: string } = {}) =>
  signLocalToken({ sub: 'tester', groups, ttlSeconds: 300, ...extra }, TEST_SIGNER);

function expectProblem(answer: Answer, status: number, code: string): void {
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toBe('application/problem+json');
  expect(answer.json()).toMatchObject({ status, code });
}

describe('local server with the product route table', () => {
  let server: Server;

  beforeAll(async () => {
    const table = await freshTable('local-server');
    server = await listen(
      createLocalServer({
        routes: ROUTES,
        issuerKeys: ISSUER_KEYS,
        webDir: resolve(REPO_ROOT, 'web'),
        env: {
          STAGE: 'local',
          TABLE_NAME: table.tableName,
          DYNAMODB_ENDPOINT: table.endpoint,
          AWS_REGION: 'local',
        },
      }),
    );
  });

  afterAll(async () => {
    await new Promise((done) => server.close(done));
  });

  it('GET /v1/health answers 200 {status: "ok"}', async () => {
    const answer = await call(server, 'GET', '/v1/health');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(answer.json()).toEqual({ status: 'ok' });
  });

  it('an unknown route is a 404 NOT_FOUND problem; a known path with another method is 405 with Allow', async () => {
    expectProblem(await call(server, 'GET', '/v1/no-such-thing'), 404, 'NOT_FOUND');
    expectProblem(await call(server, 'GET', '/v1'), 404, 'NOT_FOUND');
    expectProblem(await call(server, 'GET', '/v1/volunteers/v1/balance/extra'), 404, 'NOT_FOUND');
    const wrong = await call(server, 'DELETE', '/v1/health');
    expectProblem(wrong, 405, 'METHOD_NOT_ALLOWED');
    expect(wrong.headers.allow).toBe('GET');
    // A volunteer is read (GET) and updated (PUT); PATCH is neither.
    const both = await call(server, 'PATCH', '/v1/volunteers/v1');
    expectProblem(both, 405, 'METHOD_NOT_ALLOWED');
    expect(both.headers.allow).toBe('GET, PUT');
    const stores = await call(server, 'DELETE', '/v1/stores/S1');
    expect([stores.status, stores.headers.allow]).toEqual([405, 'GET, PUT']);
  });

  it('answers headers over Node’s limit with a 431 problem, not a bare status line', async () => {
    const answer = await call(server, 'GET', '/v1/health', { headers: { 'x-filler': 'x'.repeat(20_000) } });
    expectProblem(answer, 431, 'HEADERS_TOO_LARGE');
    expect(answer.json().requestId).toEqual(expect.any(String));
  });

  it('a jwt route without a valid token is a 401 UNAUTHENTICATED problem', async () => {
    const path = '/v1/volunteers/v-1/balance';
    const missing = await call(server, 'GET', path);
    expectProblem(missing, 401, 'UNAUTHENTICATED');
    expect(missing.headers['www-authenticate']).toBe('Bearer');
    expectProblem(
      await call(server, 'GET', path, { headers: bearer('not.a.token') }),
      401,
      'UNAUTHENTICATED',
    );
    const otherKey = signLocalToken({ sub: 'x', groups: ['admin'], ttlSeconds: 60 }, STRANGER_SIGNER);
    expectProblem(await call(server, 'GET', path, { headers: bearer(otherKey) }), 401, 'UNAUTHENTICATED');
    const expired = signLocalToken(
      { sub: 'x', groups: ['admin'], ttlSeconds: 1 },
      TEST_SIGNER,
      1_000_000_000,
    );
    const answer = await call(server, 'GET', path, { headers: bearer(expired) });
    expectProblem(answer, 401, 'UNAUTHENTICATED');
    expect(answer.json().detail).toBe('The bearer token has expired');
  });

  it('GetBalance with a counter token (a role it does not allow) is a 403 FORBIDDEN problem', async () => {
    const counter = tokenFor(['counter'], { storeId: 'S1' });
    const answer = await call(server, 'GET', '/v1/volunteers/v-1/balance', { headers: bearer(counter) });
    expectProblem(answer, 403, 'FORBIDDEN');
  });

  it('GetBalance with an admin token reaches the handler and DynamoDB (no 401/403/500)', async () => {
    const answer = await call(server, 'GET', '/v1/volunteers/v-1/balance', {
      headers: bearer(tokenFor(['admin'])),
    });
    expect([200, 404]).toContain(answer.status);
  });

  it('serves the placeholder page at / and /index.html; an unknown page is 404', async () => {
    for (const path of ['/', '/index.html']) {
      const answer = await call(server, 'GET', path);
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(answer.text).toContain('<title>爱心积分</title>');
    }
    const head = await call(server, 'HEAD', '/');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect((await call(server, 'GET', '/no-such-page.html')).status).toBe(404);
  });

  it('refuses path traversal and dot-files outside /v1', async () => {
    const attempts = [
      '/../package.json',
      '/%2e%2e/package.json',
      '/..%2fpackage.json',
      '/..%5cpackage.json',
      '/web/../../package.json',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/.git/config',
      '/index.html%00.png',
    ];
    for (const path of attempts) {
      const answer = await call(server, 'GET', path);
      expect(answer.status, path).toBe(404);
      expect(answer.text, path).not.toContain('aixin-points@');
      expect(answer.text, path).not.toContain('"devDependencies"');
    }
  });
});

describe('local server: the API Gateway v2 event it builds', () => {
  let server: Server;
  const lines: string[] = [];

  beforeAll(async () => {
    server = await listen(
      createLocalServer({
        routes: TEST_ROUTES,
        issuerKeys: ISSUER_KEYS,
        webDir: null,
        bodyCapBytes: 256 * 1024,
        log: (line) => lines.push(line),
      }),
    );
  });

  afterAll(async () => {
    await new Promise((done) => server.close(done));
  });

  const echo = async (answer: Answer) => {
    expect(answer.status, answer.text).toBe(200);
    return answer.json() as {
      event: APIGatewayProxyEventV2 & {
        requestContext: { authorizer: { jwt: { claims: Record<string, string>; scopes: null } } };
      };
      context: {
        functionName: string;
        awsRequestId: string;
        invokedFunctionArn: string;
        remainingMs: number;
      };
    };
  };

  it('has the route key, raw path and query, decoded path parameters and string claims', async () => {
    const token = tokenFor(['admin', 'counter'], { storeId: 'S1' });
    const answer = await call(server, 'GET', '/v1/echo/a%20b%2Fc?x=1&x=2&y=z%21&flag', {
      headers: { ...bearer(token), 'X-Custom-Header': 'Yes', cookie: 'c1=v1; c2=v2', 'user-agent': 'vitest' },
    });
    const { event, context } = await echo(answer);
    expect(event.version).toBe('2.0');
    expect(event.routeKey).toBe('GET /v1/echo/{id}');
    expect(event.rawPath).toBe('/v1/echo/a%20b%2Fc');
    expect(event.rawQueryString).toBe('x=1&x=2&y=z%21&flag');
    expect(event.queryStringParameters).toEqual({ x: '1,2', y: 'z!', flag: '' });
    expect(event.pathParameters).toEqual({ id: 'a b/c' });
    expect(event.cookies).toEqual(['c1=v1', 'c2=v2']);
    expect(event.headers['x-custom-header']).toBe('Yes');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.isBase64Encoded).toBe(false);
    expect(event.body).toBeUndefined();

    const rc = event.requestContext;
    expect(rc.routeKey).toBe('GET /v1/echo/{id}');
    expect(rc.stage).toBe('$default');
    expect(rc.http).toEqual({
      method: 'GET',
      path: '/v1/echo/a%20b%2Fc',
      protocol: 'HTTP/1.1',
      sourceIp: '127.0.0.1',
      userAgent: 'vitest',
    });
    expect(rc.requestId).toMatch(/^[A-Za-z0-9+/=]{16}$/);
    expect(answer.headers['apigw-requestid']).toBe(rc.requestId);
    expect(rc.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(Math.abs(rc.timeEpoch - Date.now())).toBeLessThan(10_000);
    expect(rc.authorizer.jwt.scopes).toBeNull();
    expect(rc.authorizer.jwt.claims).toMatchObject({
      sub: 'tester',
      'cognito:groups': '[admin counter]',
      'custom:storeId': 'S1',
      iss: 'aixin-local',
      aud: 'aixin-web',
    });
    expect(rc.authorizer.jwt.claims.exp).toMatch(/^\d+$/);

    expect(context.functionName).toBe('EchoGet');
    expect(context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(context.invokedFunctionArn).toMatch(/:function:EchoGet$/);
    expect(context.remainingMs).toBeGreaterThan(25_000);
  });

  it('prefers a literal path over a parameter, and an exact method over ANY', async () => {
    const literal = await echo(await call(server, 'GET', '/v1/echo/fixed'));
    expect(literal.event.routeKey).toBe('GET /v1/echo/fixed');
    expect(literal.event.pathParameters).toBeUndefined();
    const any = await echo(await call(server, 'PATCH', '/v1/any/7'));
    expect(any.event.routeKey).toBe('ANY /v1/any/{id}');
    expect(any.event.requestContext.http.method).toBe('PATCH');
    expect(any.event.requestContext.authorizer).toBeUndefined();
  });

  it('passes text bodies as text and other bodies base64-encoded', async () => {
    const json = await echo(
      await call(server, 'POST', '/v1/echo/1', {
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: '{"name":"谭成华"}',
      }),
    );
    expect(json.event.body).toBe('{"name":"谭成华"}');
    expect(json.event.isBase64Encoded).toBe(false);
    const binary = await echo(
      await call(server, 'POST', '/v1/echo/1', {
        headers: { 'content-type': 'application/octet-stream' },
        body: Buffer.from([0, 1, 2, 255]),
      }),
    );
    expect(binary.event.body).toBe('AAEC/w==');
    expect(binary.event.isBase64Encoded).toBe(true);
  });

  it('passes a JSON body that is not UTF-8 base64-encoded, bytes as they came, for the handler to refuse', async () => {
    const gb18030 = Buffer.concat([
      Buffer.from('{"name":"'),
      Buffer.from([0xca, 0xb2, 0xb4, 0xa8]),
      Buffer.from('"}'),
    ]);
    const answer = await echo(
      await call(server, 'POST', '/v1/echo/1', {
        headers: { 'content-type': 'application/json' },
        body: gb18030,
      }),
    );
    expect(answer.event.isBase64Encoded).toBe(true);
    expect(Buffer.from(String(answer.event.body), 'base64')).toEqual(gb18030);
  });

  it("writes the handler's status, headers, cookies and base64 body", async () => {
    const answer = await call(server, 'GET', '/v1/binary');
    expect(answer.status).toBe(201);
    expect(answer.headers['content-type']).toBe('application/octet-stream');
    expect(answer.headers['x-count']).toBe('3');
    expect(answer.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect([...answer.body]).toEqual([0, 1, 2, 255]);
  });

  it('a handler that throws is a generic 500 INTERNAL problem', async () => {
    const answer = await call(server, 'GET', '/v1/throws');
    expectProblem(answer, 500, 'INTERNAL');
    expect(answer.text).not.toContain('secret internals');
    expect(answer.json().detail).toBe('Internal error');
  });

  it('refuses a body over the cap with 413 PAYLOAD_TOO_LARGE', async () => {
    const answer = await call(server, 'POST', '/v1/echo/1', {
      headers: { 'content-type': 'application/json' },
      body: Buffer.alloc(300 * 1024, 0x20),
    });
    expectProblem(answer, 413, 'PAYLOAD_TOO_LARGE');
    const chunked = await call(server, 'POST', '/v1/echo/1', {
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: Buffer.alloc(300 * 1024, 0x20),
    });
    expectProblem(chunked, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('logs one line per request, without tokens, queries or bodies', async () => {
    const token = tokenFor(['admin']);
    await call(server, 'GET', '/v1/echo/log-me?secret=query-value', { headers: bearer(token) });
    const line = lines.find((entry) => entry.includes('/v1/echo/log-me'));
    expect(line).toMatch(/^GET \/v1\/echo\/log-me 200 \d+ms EchoGet$/);
    const all = lines.join('\n');
    expect(all).not.toContain(token);
    expect(all).not.toContain('query-value');
    expect(all).not.toContain('谭成华');
  });

  it('accepts a token printed by `npm run token`', async () => {
    const keyFile = join(mkdtempSync(join(tmpdir(), 'aixin-key-')), 'issuer.pem');
    writeFileSync(keyFile, TEST_SIGNER.pem(), { mode: 0o600 });
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/token.ts', '--role', 'admin,counter', '--store', 'S9'],
      { cwd: REPO_ROOT, env: { ...process.env, AIXIN_SIGNING_KEY_FILE: keyFile } },
    );
    const token = stdout.trim();
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const { event } = await echo(await call(server, 'GET', '/v1/echo/cli', { headers: bearer(token) }));
    expect(event.requestContext.authorizer.jwt.claims).toMatchObject({
      'cognito:groups': '[admin counter]',
      'custom:storeId': 'S9',
    });
  });

  it('`npm run token` with bad arguments exits 2 with a message', async () => {
    const failure = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/token.ts', '--role', 'boss'],
      {
        cwd: REPO_ROOT,
      },
    ).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 2, stdout: '' });
    expect((failure as { stderr: string }).stderr).toContain('Unknown role "boss"');
  });
});
