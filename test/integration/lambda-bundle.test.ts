import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_NODE_TARGET, lambdaEsbuildOptions } from '../../infra/bundling';

const ROOT = resolve(import.meta.dirname, '../..');

/** A stand-in DynamoDB endpoint that records each request's headers and answers one item. */
let server: Server;
let endpoint: string;
const seen: IncomingHttpHeaders[] = [];
let dir: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push(request.headers);
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify({ Item: { pk: { S: 'VOL#1' }, balance: { N: '42' } } }));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  const address = server.address();
  endpoint = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  dir = mkdtempSync(join(tmpdir(), 'aixin-bundle-'));
});

afterAll(async () => {
  await new Promise<void>((done) => server.close(() => done()));
  rmSync(dir, { recursive: true, force: true });
});

/** Builds a small entry through our DynamoDB adapter exactly as the CDK app bundles functions. */
async function bundleEntry() {
  const entry = join(dir, 'entry.ts');
  writeFileSync(
    entry,
    `import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '${join(ROOT, 'shared/platform/dynamo/client.ts')}';
const client = createDocumentClient({ region: process.env.AWS_REGION });
const result = await client.send(new GetCommand({ TableName: 'ledger', Key: { pk: 'VOL#1', sk: 'ACCOUNT' } }));
console.log(JSON.stringify(result.Item));
`,
  );
  const outfile = join(dir, 'entry.mjs');
  const result = await build({
    ...lambdaEsbuildOptions(ROOT, { target: LOCAL_NODE_TARGET }),
    entryPoints: [entry],
    outfile,
    nodePaths: [join(ROOT, 'node_modules')],
    metafile: true,
    logLevel: 'silent',
  });
  return { outfile, inputs: Object.keys(result.metafile?.inputs ?? {}) };
}

/** Runs the bundle in a fresh Node process (asynchronously: the stand-in endpoint lives in this one). */
function run(
  file: string,
  env: Record<string, string>,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const home = mkdtempSync(join(dir, 'home-'));
  const child = spawn(process.execPath, [file], {
    // No inherited AWS settings: only what a Lambda execution environment would hold.
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      AWS_REGION: 'cn-northwest-1',
      AWS_ENDPOINT_URL_DYNAMODB: endpoint,
      // As api-function.ts sets for every function.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...env,
    },
    timeout: 20_000,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  return new Promise((done) => child.once('close', (status) => done({ status, stdout, stderr })));
}

describe('the Lambda bundle credentials', () => {
  it('signs with the execution role credentials Lambda puts in the environment', async () => {
    // Prepare
    const { outfile, inputs } = await bundleEntry();
    seen.length = 0;
    // Act
    const result = await run(outfile, {
      AWS_ACCESS_KEY_ID: 'ASIABUNDLETEST',
      AWS_SECRET_ACCESS_KEY: 'secret-for-the-test',
      AWS_SESSION_TOKEN: 'session-token-for-the-test',
    });
    // Assess
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ pk: 'VOL#1', balance: 42 });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=ASIABUNDLETEST\/\d{8}\/cn-northwest-1\/dynamodb\//,
    );
    expect(seen[0]?.['x-amz-security-token']).toBe('session-token-for-the-test');
    // The SDK's other credential sources are not in the bundle at all.
    expect(
      inputs.filter((input) => /credential-provider-(node|ini|sso|process|web-identity)/.test(input)),
    ).toEqual([]);
  });

  it('without credentials in the environment, fails plainly instead of looking elsewhere', async () => {
    const { outfile } = await bundleEntry();
    seen.length = 0;
    const result = await run(outfile, {});
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('CredentialsProviderError');
    expect(seen).toHaveLength(0);
  });
});
