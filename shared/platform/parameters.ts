import { type AwsJsonCaller, type AwsJsonOptions, awsJsonClient } from './aws-json';

/**
 * The product's keys in AWS are SSM Parameter Store parameters, not Secrets Manager secrets or KMS
 * keys of our own: SecureString parameters (standard tier, no monthly charge) encrypted by the
 * account's AWS-managed `aws/ssm` key, which AWS rotates. They are made once, at the first deploy,
 * by the stack's parameter generator (functions/platform/generate-parameter.ts), never by a
 * function that uses them, and each function may read only the ones its route names.
 *
 * A value is read once per process and again after `refreshAfterMs`, so a rotated value reaches
 * warm functions without a deploy; a failed read is not kept.
 *
 * The read is one signed `AmazonSSM.GetParameter` call (aws-json.ts) rather than
 * `@aws-sdk/client-ssm`, whose schema module of every SSM operation would add about 170 KB to every
 * function that reads a parameter.
 */
export interface ParameterReader {
  read(name: string): Promise<string>;
}

/** Re-read values after five minutes, as the signing keys always were. */
export const PARAMETER_REFRESH_MS = 5 * 60 * 1000;

export interface SsmParametersOptions extends Partial<AwsJsonOptions> {
  now?: () => number;
  refreshAfterMs?: number;
}

export class SsmParameters implements ParameterReader {
  private readonly values = new Map<string, { value: Promise<string>; readAtMs: number }>();
  private readonly call: AwsJsonCaller;
  private readonly now: () => number;
  private readonly refreshAfterMs: number;

  constructor(region: string, options: SsmParametersOptions = {}) {
    this.now = options.now ?? Date.now;
    this.refreshAfterMs = options.refreshAfterMs ?? PARAMETER_REFRESH_MS;
    this.call = awsJsonClient({ ...options, region });
  }

  read(name: string): Promise<string> {
    const nowMs = this.now();
    const held = this.values.get(name);
    if (held !== undefined && nowMs - held.readAtMs <= this.refreshAfterMs) return held.value;
    const value = this.fetch(name);
    this.values.set(name, { value, readAtMs: nowMs });
    value.catch(() => {
      if (this.values.get(name)?.value === value) this.values.delete(name);
    });
    return value;
  }

  private async fetch(name: string): Promise<string> {
    const answer = await this.call<{ Parameter?: { Value?: string } }>({
      service: 'ssm',
      target: 'AmazonSSM.GetParameter',
      body: { Name: name, WithDecryption: true },
    });
    const value = answer.Parameter?.Value;
    if (value === undefined || value === '') throw new Error(`The parameter ${name} has no value`);
    return value;
  }
}

const readers = new Map<string, SsmParameters>();

/** One reader per region and process, shared by every key that lives in Parameter Store. */
export function ssmParameters(region: string): SsmParameters {
  let reader = readers.get(region);
  if (reader === undefined) {
    reader = new SsmParameters(region);
    readers.set(region, reader);
  }
  return reader;
}
