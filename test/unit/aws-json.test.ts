import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KmsSigner } from '../../shared/identity/store/kms-signer';
import { AWS_JSON_TRIES, AwsJsonError, awsJsonClient, serviceEndpoint } from '../../shared/platform/aws-json';
import { openText, sealText } from '../../shared/platform/envelope';
import { SsmParameters } from '../../shared/platform/parameters';
import { KmsDataKeys } from '../../shared/platform/pii-keys';

/**
 * The signed JSON calls to Parameter Store and KMS, against a local HTTP server that answers as
 * those APIs do (there is no local SSM or KMS to run): what is sent (the target, the body, a
 * Signature V4 header for the service and region), what is retried, and what is refused.
 */
interface Seen {
  target: string;
  authorization: string;
  body: Record<string, unknown>;
}

let server: Server;
let endpoint: string;
let seen: Seen[] = [];
/** What the server answers next, in order; the last one repeats. */
let answers: { status: number; body: Record<string, unknown> }[] = [];

const credentials = async () => ({
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'secret',
  sessionToken: 'token',
});
const noWait = async () => {};

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

beforeAll(async () => {
  server = createServer(async (request, response) => {
    seen.push({
      target: String(request.headers['x-amz-target']),
      authorization: String(request.headers.authorization),
      body: JSON.parse(await bodyOf(request)) as Record<string, unknown>,
    });
    const answer = answers.length > 1 ? answers.shift() : answers[0];
    response.writeHead(answer?.status ?? 500, { 'content-type': 'application/x-amz-json-1.1' });
    response.end(JSON.stringify(answer?.body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  seen = [];
  answers = [];
});

describe('a signed JSON call', () => {
  it('names the regional endpoint, in the China partition too', () => {
    expect(serviceEndpoint('ssm', 'us-east-1')).toBe('https://ssm.us-east-1.amazonaws.com');
    expect(serviceEndpoint('kms', 'cn-northwest-1')).toBe('https://kms.cn-northwest-1.amazonaws.com.cn');
  });

  it('reads a parameter with one GetParameter, signed for ssm in its region, and keeps it for five minutes', async () => {
    answers = [{ status: 200, body: { Parameter: { Name: '/p', Value: 'the-value' } } }];
    let now = 1_000;
    const reader = new SsmParameters('cn-northwest-1', {
      endpoint,
      credentials,
      sleep: noWait,
      now: () => now,
    });
    expect(await reader.read('/aixin-points/prod/signing-secret')).toBe('the-value');
    expect(await reader.read('/aixin-points/prod/signing-secret')).toBe('the-value');
    expect(seen).toHaveLength(1);
    expect(seen[0]?.target).toBe('AmazonSSM.GetParameter');
    expect(seen[0]?.body).toEqual({ Name: '/aixin-points/prod/signing-secret', WithDecryption: true });
    expect(seen[0]?.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/cn-northwest-1\/ssm\/aws4_request, SignedHeaders=[^,]*x-amz-target[^,]*, Signature=[0-9a-f]{64}$/,
    );
    now += 5 * 60 * 1000 + 1;
    await reader.read('/aixin-points/prod/signing-secret');
    expect(seen).toHaveLength(2);
  });

  it('retries throttling and server errors, then answers', async () => {
    answers = [
      { status: 400, body: { __type: 'ThrottlingException', message: 'Rate exceeded' } },
      { status: 500, body: { __type: 'InternalServerError' } },
      { status: 200, body: { Parameter: { Value: 'v' } } },
    ];
    const reader = new SsmParameters('us-east-1', { endpoint, credentials, sleep: noWait });
    expect(await reader.read('/p')).toBe('v');
    expect(seen).toHaveLength(AWS_JSON_TRIES);
  });

  it('gives up after its tries, and does not keep the failure', async () => {
    answers = [{ status: 400, body: { __type: 'ThrottlingException' } }];
    const reader = new SsmParameters('us-east-1', { endpoint, credentials, sleep: noWait });
    await expect(reader.read('/p')).rejects.toThrow(/ThrottlingException/);
    expect(seen).toHaveLength(AWS_JSON_TRIES);
    answers = [{ status: 200, body: { Parameter: { Value: 'later' } } }];
    expect(await reader.read('/p')).toBe('later');
  });

  it('does not retry what a retry cannot mend: a missing parameter is refused at once', async () => {
    answers = [{ status: 400, body: { __type: 'com.amazonaws.ssm#ParameterNotFound' } }];
    const call = awsJsonClient({ region: 'us-east-1', endpoint, credentials, sleep: noWait });
    const failure = await call({
      service: 'ssm',
      target: 'AmazonSSM.GetParameter',
      body: { Name: '/x' },
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AwsJsonError);
    expect(failure).toMatchObject({ type: 'ParameterNotFound', status: 400 });
    expect(seen).toHaveLength(1);
  });
});

describe('KMS by signed JSON calls (-c customerKeys=true)', () => {
  it('makes and opens data keys bound to the context, naming the configured key both ways', async () => {
    const plaintext = Buffer.alloc(32, 7);
    answers = [
      {
        status: 200,
        body: { Plaintext: plaintext.toString('base64'), CiphertextBlob: 'YmxvYg==', KeyId: 'arn:key' },
      },
      { status: 200, body: { Plaintext: plaintext.toString('base64') } },
    ];
    const keys = new KmsDataKeys('arn:key', 'us-east-1', { endpoint, credentials, sleep: noWait });
    const context = { purpose: 'volunteer-id-number', volunteerId: 'v1' };
    const sealed = await sealText(keys, '62012219851103118X', context);
    expect(await openText(keys, sealed, context)).toBe('62012219851103118X');
    expect(seen.map((call) => call.target)).toEqual(['TrentService.GenerateDataKey', 'TrentService.Decrypt']);
    expect(seen[0]?.body).toEqual({ KeyId: 'arn:key', KeySpec: 'AES_256', EncryptionContext: context });
    expect(seen[1]?.body).toEqual({
      CiphertextBlob: 'YmxvYg==',
      KeyId: 'arn:key',
      EncryptionContext: context,
    });
    expect(seen[0]?.authorization).toContain('/us-east-1/kms/aws4_request');
  });

  it('signs tokens with Sign (RSASSA_PKCS1_V1_5_SHA_256 over the raw input) under the key id', async () => {
    answers = [{ status: 200, body: { Signature: Buffer.from([1, 2, 3]).toString('base64') } }];
    const signer = new KmsSigner(
      awsJsonClient({ region: 'us-east-1', endpoint, credentials, sleep: noWait }),
      'key-1',
    );
    expect([...(await signer.sign(new TextEncoder().encode('header.claims')))]).toEqual([1, 2, 3]);
    expect(await signer.keyId()).toBe('key-1');
    expect(seen[0]).toMatchObject({
      target: 'TrentService.Sign',
      body: {
        KeyId: 'key-1',
        Message: Buffer.from('header.claims').toString('base64'),
        MessageType: 'RAW',
        SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256',
      },
    });
  });
});
