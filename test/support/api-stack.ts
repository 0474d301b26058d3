import { request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LOCAL_JWT_AUDIENCE, LOCAL_JWT_ISSUER } from '../../scripts/local/local-issuer';
import { createLocalServer } from '../../scripts/local/server';
import { compactToken, signingInput } from '../../shared/identity/use-cases/token-codec';
import { ROUTE_DEFINITIONS } from '../../shared/routes';
import { STRANGER_SIGNER, TEST_SIGNER, TEST_SIGNER_FILE } from './test-issuer';

/**
 * The whole API in this process, as `npm start` serves it: the local server over real HTTP on
 * loopback, the product's route table and handlers, DynamoDB Local behind them. Requests go out
 * byte for byte as written (raw paths, any header, any body), so tests see what a client sees.
 */

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: () => Record<string, unknown>;
}

export interface CallOptions {
  token?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  json?: unknown;
}

export interface ApiStack {
  call(method: string, path: string, options?: CallOptions): Promise<HttpAnswer>;
  close(): Promise<void>;
}

export async function startApiStack(env: Record<string, string>): Promise<ApiStack> {
  const server: Server = createLocalServer({
    routes: ROUTE_DEFINITIONS,
    issuerKeys: [TEST_SIGNER.publicJwkSync()],
    webDir: null,
    env: {
      STAGE: 'local',
      AWS_REGION: 'local',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      AIXIN_SIGNING_KEY_FILE: TEST_SIGNER_FILE,
      ...env,
    },
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  const call = (method: string, path: string, options: CallOptions = {}): Promise<HttpAnswer> =>
    new Promise((done, fail) => {
      const body = options.json === undefined ? options.body : JSON.stringify(options.json);
      const headers: Record<string, string> = {
        ...(options.json === undefined ? {} : { 'content-type': 'application/json' }),
        ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
        ...options.headers,
      };
      const sent = httpRequest({ host: '127.0.0.1', port, method, path, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          done({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text,
            json: () => JSON.parse(text) as Record<string, unknown>,
          });
        });
      });
      sent.on('error', fail);
      sent.end(body);
    });
  return { call, close: () => new Promise((done) => server.close(() => done())) };
}

/** A caller as the token describes them. */
export interface TokenCaller {
  sub: string;
  groups: readonly string[];
  volunteerId?: string;
  storeId?: string;
  orgId?: string;
}

/** What can be wrong with a token, for the token-level cells of the authorization matrix. */
export type TokenFlaw = 'expired' | 'wrong-issuer' | 'wrong-audience' | 'alg-none' | 'wrong-key';

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A token for the stack, signed as the local issuer signs (one place to change when the issuer
 * changes), or with one flaw that every protected route must refuse with 401.
 */
export function stackToken(caller: TokenCaller, flaw?: TokenFlaw): string {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    sub: caller.sub,
    'cognito:groups': [...caller.groups],
    ...(caller.volunteerId === undefined ? {} : { 'custom:volunteerId': caller.volunteerId }),
    ...(caller.storeId === undefined ? {} : { 'custom:storeId': caller.storeId }),
    ...(caller.orgId === undefined ? {} : { 'custom:orgId': caller.orgId }),
    iss: flaw === 'wrong-issuer' ? 'https://issuer.example.invalid' : LOCAL_JWT_ISSUER,
    aud: flaw === 'wrong-audience' ? 'another-app' : LOCAL_JWT_AUDIENCE,
    token_use: 'access',
    jti: `stack-${now}`,
    iat: flaw === 'expired' ? now - 7200 : now,
    nbf: flaw === 'expired' ? now - 7200 : now,
    exp: flaw === 'expired' ? now - 3600 : now + 900,
  };
  if (flaw === 'alg-none') return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`;
  const signer = flaw === 'wrong-key' ? STRANGER_SIGNER : TEST_SIGNER;
  const input = signingInput(TEST_SIGNER.kid, claims as Parameters<typeof signingInput>[1]);
  return compactToken(input, signer.signSync(new TextEncoder().encode(input)));
}
