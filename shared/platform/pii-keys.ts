import { hkdfSync, randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type AwsJsonCaller, type AwsJsonOptions, awsJsonClient } from './aws-json';
import type { Config } from './config';
import {
  DATA_KEY_BYTES,
  type DataKey,
  type DataKeySource,
  KeyPairDataKeys,
  LocalDataKeys,
  type SealContext,
} from './envelope';
import { type ParameterReader, ssmParameters } from './parameters';

/**
 * The keys behind volunteers' ID numbers: where data keys are wrapped (envelope.ts) and the key of
 * the numbers' lookup hashes.
 *
 * In AWS, by default, data keys are wrapped by an X25519 key pair in Parameter Store: the functions that
 * write numbers read only its public half (`PII_PUBLIC_KEY_PARAM`), the reveal and the exports its
 * private half too (`PII_PRIVATE_KEY_PARAM`), each granted only that (infra: the route's
 * `idNumbers` flag). With `-c customerKeys=true` they come from the KMS key `PII_KEY_ID`
 * (symmetric, rotating): `GenerateDataKey` for writers, `Decrypt` for the reveal and exports. The
 * lookup key is the SecureString parameter `ID_LOOKUP_PARAM`, read by the writers only. Locally, one
 * random key in a file (`AIXIN_PII_KEY_FILE`, made on first use) gives both, derived apart with HKDF.
 */
export interface PiiKeys {
  dataKeys: DataKeySource;
  /**
   * The HMAC key of the lookup hashes. It is never rotated: a new key would make every stored hash
   * (and so every ID-number uniqueness guard) stale.
   */
  lookupKey(): Promise<Buffer>;
}

/** Where the local key lives when AIXIN_PII_KEY_FILE is unset, under the working directory. */
export const LOCAL_PII_KEY_FILE = '.keys/local-pii-key';
/** Bytes of the local key, and of the keys derived from it. */
const LOCAL_KEY_BYTES = 32;
const LOOKUP_SECRET_LENGTH_MIN = 32;

const derive = (master: Buffer, info: string): Buffer =>
  Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, LOCAL_KEY_BYTES));

/** The local keys from their one master key: wrapping and lookup keys apart, by purpose. */
export function localPiiKeys(master: Buffer): PiiKeys {
  if (master.length !== LOCAL_KEY_BYTES) throw new Error('The local PII key must be 256 bits');
  const lookup = derive(master, 'aixin-points id-number lookup');
  return {
    dataKeys: new LocalDataKeys(derive(master, 'aixin-points pii data-key wrapping')),
    lookupKey: async () => lookup,
  };
}

function readMaster(file: string): Buffer {
  const master = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (master.length !== LOCAL_KEY_BYTES) throw new Error(`${file} does not hold a 256-bit key in base64`);
  return master;
}

/**
 * The local master key kept in `file`, made on first use. Two processes starting at once both end
 * up with the one that reached the disk first (O_EXCL; the loser reads the winner's).
 */
export function localMasterKey(file: string): Buffer {
  try {
    return readMaster(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const made = randomBytes(LOCAL_KEY_BYTES);
  mkdirSync(dirname(file), { recursive: true });
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readMaster(file);
    throw error;
  }
  try {
    writeSync(fd, `${made.toString('base64')}\n`);
  } finally {
    closeSync(fd);
  }
  return made;
}

/**
 * Data keys from KMS (`-c customerKeys=true`), by signed JSON calls (aws-json.ts). Decrypt names the
 * configured key, never one read from the data: a sealed text cannot send this function to another key.
 */
export class KmsDataKeys implements DataKeySource {
  private readonly call: AwsJsonCaller;

  constructor(
    private readonly keyId: string,
    region: string,
    options: Partial<AwsJsonOptions> = {},
  ) {
    this.call = awsJsonClient({ ...options, region });
  }

  async generate(context: SealContext): Promise<DataKey> {
    const answer = await this.call<{ Plaintext?: string; CiphertextBlob?: string; KeyId?: string }>({
      service: 'kms',
      target: 'TrentService.GenerateDataKey',
      body: { KeyId: this.keyId, KeySpec: 'AES_256', EncryptionContext: { ...context } },
    });
    if (answer.Plaintext === undefined || answer.CiphertextBlob === undefined)
      throw new Error('KMS answered without a data key');
    const plaintext = Buffer.from(answer.Plaintext, 'base64');
    if (plaintext.length !== DATA_KEY_BYTES) throw new Error('KMS answered a data key that is not 256 bits');
    return {
      plaintext,
      wrapped: Buffer.from(answer.CiphertextBlob, 'base64'),
      keyId: answer.KeyId ?? this.keyId,
    };
  }

  async unwrap(wrapped: Buffer, context: SealContext): Promise<Buffer> {
    const answer = await this.call<{ Plaintext?: string }>({
      service: 'kms',
      target: 'TrentService.Decrypt',
      body: {
        CiphertextBlob: wrapped.toString('base64'),
        KeyId: this.keyId,
        EncryptionContext: { ...context },
      },
    });
    if (answer.Plaintext === undefined) throw new Error('KMS answered without the data key');
    return Buffer.from(answer.Plaintext, 'base64');
  }
}

async function readLookupKey(config: Config, reader: ParameterReader): Promise<Buffer> {
  if (config.ID_LOOKUP_PARAM === undefined) throw new Error('ID_LOOKUP_PARAM is not configured');
  const secret = (await reader.read(config.ID_LOOKUP_PARAM)).trim();
  if (secret.length < LOOKUP_SECRET_LENGTH_MIN) throw new Error('The ID lookup key is too short');
  return Buffer.from(secret, 'utf8');
}

/** Read once per process; a failed read is not kept. */
function rememberedOnce(load: () => Promise<Buffer>): () => Promise<Buffer> {
  let loaded: Promise<Buffer> | undefined;
  return () => {
    if (loaded === undefined) {
      loaded = load();
      loaded.catch(() => {
        loaded = undefined;
      });
    }
    return loaded;
  };
}

function build(config: Config, reader: ParameterReader): PiiKeys {
  const lookupKey = rememberedOnce(() => readLookupKey(config, reader));
  if (config.PII_KEY_ID !== undefined) {
    return { dataKeys: new KmsDataKeys(config.PII_KEY_ID, config.AWS_REGION), lookupKey };
  }
  const { PII_PUBLIC_KEY_PARAM: publicName, PII_PRIVATE_KEY_PARAM: privateName } = config;
  if (publicName !== undefined) {
    return {
      dataKeys: new KeyPairDataKeys(
        () => reader.read(publicName),
        privateName === undefined ? undefined : () => reader.read(privateName),
      ),
      lookupKey,
    };
  }
  if (config.STAGE === 'local') {
    const file = resolve(config.AIXIN_PII_KEY_FILE ?? LOCAL_PII_KEY_FILE);
    let keys: PiiKeys | undefined;
    const local = () => {
      keys ??= localPiiKeys(localMasterKey(file));
      return keys;
    };
    return {
      dataKeys: {
        generate: (context) => local().dataKeys.generate(context),
        unwrap: (wrapped, context) => local().dataKeys.unwrap(wrapped, context),
      },
      lookupKey: () => local().lookupKey(),
    };
  }
  const missing = () =>
    Promise.reject(new Error('No PII key: set PII_PUBLIC_KEY_PARAM or PII_KEY_ID (and ID_LOOKUP_PARAM)'));
  return { dataKeys: { generate: missing, unwrap: missing }, lookupKey: missing };
}

const built = new WeakMap<Config, PiiKeys>();

/**
 * The PII keys the configuration names, built once per configuration. Nothing is read until a
 * number is sealed, opened or looked up, so the functions that never do need no key at all.
 */
export function piiKeys(config: Config, reader?: ParameterReader): PiiKeys {
  // A reader handed in (the tests) makes a set of its own; the process's is built once.
  if (reader !== undefined) return build(config, reader);
  let keys = built.get(config);
  if (keys === undefined) {
    keys = build(config, ssmParameters(config.AWS_REGION));
    built.set(config, keys);
  }
  return keys;
}
