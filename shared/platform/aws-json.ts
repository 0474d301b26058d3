import { createHash, createHmac } from 'node:crypto';
import { fromEnv } from '@aws-sdk/credential-provider-env';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, SourceData } from '@smithy/types';

/**
 * One signed call to an AWS JSON 1.1 API (`X-Amz-Target: <Service>.<Operation>`, a JSON body):
 * what the product asks of Parameter Store (GetParameter) and, with `-c customerKeys=true`, of KMS
 * (GenerateDataKey, Decrypt, Sign, GetPublicKey). It uses the Signature V4 signer the DynamoDB
 * client already bundles and the Lambda credentials in the environment, instead of
 * `@aws-sdk/client-ssm` and `@aws-sdk/client-kms`, whose one schema module of every operation would
 * add 70 to 170 KB to each function that makes such a call (bench/cold-start.ts: with them the
 * bundles' median ratio to a bare DocumentClient went from 0.9 to 1.7, past the 1.3 target).
 *
 * Throttling and server errors are retried a few times with a growing pause; every try gives up
 * after a few seconds, so a cold start never hangs on it.
 */
export interface AwsJsonCall {
  /** The signing name and endpoint prefix: `ssm`, `kms`. */
  service: string;
  /** `AmazonSSM.GetParameter`, `TrentService.Decrypt`. */
  target: string;
  body: Record<string, unknown>;
}

export interface AwsJsonOptions {
  region: string;
  /** Where the calls go; the service's regional endpoint by default (a test names its own server). */
  endpoint?: string | undefined;
  credentials?: (() => Promise<AwsCredentialIdentity>) | undefined;
  sleep?: ((ms: number) => Promise<void>) | undefined;
}

export const AWS_JSON_TRIES = 3;
const RETRY_BASE_MS = 100;
const TRY_TIMEOUT_MS = 3_000;

/** `https://<service>.<region>.amazonaws.com`, `.amazonaws.com.cn` in the China regions. */
export const serviceEndpoint = (service: string, region: string): string =>
  `https://${service}.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;

const bytesOf = (data: SourceData): Uint8Array | string =>
  typeof data === 'string'
    ? data
    : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);

/** SHA-256 and HMAC-SHA-256 for the signer, from node:crypto (the SDK's own hash-node, in a few lines). */
class NodeSha256 {
  private readonly hash;

  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytesOf(secret));
  }

  update(data: SourceData): void {
    this.hash.update(bytesOf(data));
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

/** An error answer: `__type` names it (ParameterNotFound, ThrottlingException, InvalidCiphertextException, ...). */
export class AwsJsonError extends Error {
  constructor(
    readonly type: string,
    readonly status: number,
    target: string,
  ) {
    super(`${target} answered ${status} ${type}`);
  }

  get retryable(): boolean {
    return this.status >= 500 || /Throttl|TooManyRequests|RequestLimitExceeded|LimitExceeded/.test(this.type);
  }
}

/** A caller for one region (and service endpoint), signing with one signer per service. */
export function awsJsonClient(options: AwsJsonOptions) {
  const signers = new Map<string, SignatureV4>();
  const credentials = options.credentials ?? fromEnv();
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const signerFor = (service: string): SignatureV4 => {
    let signer = signers.get(service);
    if (signer === undefined) {
      signer = new SignatureV4({ service, region: options.region, credentials, sha256: NodeSha256 });
      signers.set(service, signer);
    }
    return signer;
  };

  async function once<T>(call: AwsJsonCall): Promise<T> {
    const endpoint = new URL(options.endpoint ?? serviceEndpoint(call.service, options.region));
    const body = JSON.stringify(call.body);
    const signed = await signerFor(call.service).sign({
      method: 'POST',
      protocol: endpoint.protocol,
      hostname: endpoint.hostname,
      ...(endpoint.port === '' ? {} : { port: Number(endpoint.port) }),
      path: '/',
      query: {},
      headers: {
        host: endpoint.host,
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': call.target,
      },
      body,
    });
    const answer = await fetch(endpoint, {
      method: 'POST',
      headers: signed.headers,
      body,
      signal: AbortSignal.timeout(TRY_TIMEOUT_MS),
    });
    const parsed = (await answer.json().catch(() => ({}))) as Record<string, unknown>;
    if (!answer.ok) {
      const type =
        String(parsed.__type ?? 'Unknown')
          .split('#')
          .pop() ?? 'Unknown';
      throw new AwsJsonError(type, answer.status, call.target);
    }
    return parsed as T;
  }

  return async function call<T>(request: AwsJsonCall): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await once<T>(request);
      } catch (error) {
        const retryable = !(error instanceof AwsJsonError) || error.retryable;
        if (!retryable || attempt >= AWS_JSON_TRIES) throw error;
        await sleep(RETRY_BASE_MS * 2 ** (attempt - 1));
      }
    }
  };
}

export type AwsJsonCaller = ReturnType<typeof awsJsonClient>;
