import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomInt } from 'node:crypto';
import { request } from 'node:https';
import { x25519KeyId } from './envelope';

/**
 * The stack's parameter generator: a CloudFormation custom resource that makes one of the
 * product's keys (parameters.ts) at the first deploy, writes it to Parameter Store, and never
 * changes it afterwards. CloudFormation cannot make a SecureString parameter itself, and a key
 * must not be written into the template, so a function of the stack draws it.
 *
 * - `secret`: 64 random letters and digits (an HMAC key: cursors and volunteer codes, the ID
 *   numbers' lookup hashes), a SecureString.
 * - `rsa`: an RSA private key (PKCS #8 PEM) as a SecureString, and its public key (SPKI PEM) as a
 *   plain String parameter beside it; the answer carries the key's RFC 7638 thumbprint, which the
 *   token signer uses as its `kid`.
 * - `x25519`: the same for an X25519 key pair (the ID numbers' sealed boxes, envelope.ts); the
 *   answer carries the SHA-256 of the raw public key.
 *
 * A parameter that already exists is kept as it is (`Overwrite: false`): a redeploy, a replaced
 * custom resource or an operator who put the old value there first (docs/deploy.md) never loses a
 * key. Deleting the resource deletes nothing: like the table, the keys outlive the stack.
 */
export type ParameterKind = 'secret' | 'rsa' | 'x25519';

export interface ParameterRequest {
  /** The SecureString's name, `/aixin-points/<stage>/<purpose>`. */
  name: string;
  kind: ParameterKind;
  description: string;
  /** `rsa` and `x25519`: where the public key goes; `rsa` only: the modulus in bits. */
  publicName?: string;
  modulusBits?: number;
}

/** What the generator needs of Parameter Store. */
export interface ParameterStore {
  /** Writes a new parameter; `false` when one of that name already exists (nothing is changed). */
  create(name: string, value: string, secure: boolean, description: string): Promise<boolean>;
  /** Writes or replaces a plain String parameter (only ever a public key derived from its private key). */
  replace(name: string, value: string, description: string): Promise<void>;
  read(name: string): Promise<string>;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const SECRET_LENGTH = 64;
/** RSA moduli the generator makes: 2048 (RS256 tokens, what API Gateway's JWT authorizer checks) or 3072. ID numbers use X25519. */
export const RSA_MODULUS_BITS = [2048, 3072] as const;

/** 64 characters drawn uniformly (crypto.randomInt) from letters and digits: about 381 bits. */
export function randomSecret(length = SECRET_LENGTH): string {
  let out = '';
  for (let index = 0; index < length; index += 1) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/** The RFC 7638 thumbprint of an RSA public key (SHA-256 over {e, kty, n}), base64url. */
export function rsaThumbprint(publicPem: string): string {
  const jwk = createPublicKey(publicPem).export({ format: 'jwk' });
  return createHash('sha256')
    .update(JSON.stringify({ e: jwk.e, kty: 'RSA', n: jwk.n }))
    .digest('base64url');
}

function publicPemOf(privatePem: string): string {
  return createPublicKey(createPrivateKey(privatePem)).export({ format: 'pem', type: 'spki' }).toString();
}

/** Makes the parameter unless it exists; answers its name and, for a key pair, the key's thumbprint. */
export async function ensureParameter(
  store: ParameterStore,
  wanted: ParameterRequest,
): Promise<{ name: string; keyId: string }> {
  if (wanted.kind === 'secret') {
    await store.create(wanted.name, randomSecret(), true, wanted.description);
    return { name: wanted.name, keyId: '' };
  }
  if (wanted.publicName === undefined) throw new Error('A key pair needs the name of its public parameter');
  const made = newPrivatePem(wanted);
  const created = await store.create(wanted.name, made, true, wanted.description);
  // The key that is kept (ours, or the one already there) decides the public half.
  const privatePem = created ? made : await store.read(wanted.name);
  const publicPem = publicPemOf(privatePem);
  await store.replace(wanted.publicName, publicPem, `${wanted.description} (public key)`);
  return { name: wanted.name, keyId: wanted.kind === 'rsa' ? rsaThumbprint(publicPem) : x25519Id(publicPem) };
}

function newPrivatePem(wanted: ParameterRequest): string {
  if (wanted.kind === 'x25519')
    return generateKeyPairSync('x25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const bits = wanted.modulusBits ?? 2048;
  if (!(RSA_MODULUS_BITS as readonly number[]).includes(bits)) throw new Error(`No RSA key of ${bits} bits`);
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

/** An X25519 public key's id, as the envelope names the pair (its raw 32 bytes end the SPKI DER). */
export function x25519Id(publicPem: string): string {
  const der = createPublicKey(publicPem).export({ format: 'der', type: 'spki' });
  return x25519KeyId(der.subarray(der.length - 32));
}

/** The CloudFormation custom resource event, as much of it as the generator reads. */
export interface CustomResourceEvent {
  RequestType: 'Create' | 'Update' | 'Delete';
  ResponseURL: string;
  StackId: string;
  RequestId: string;
  LogicalResourceId: string;
  PhysicalResourceId?: string;
  ResourceProperties: Record<string, unknown>;
}

export interface CustomResourceAnswer {
  Status: 'SUCCESS' | 'FAILED';
  Reason?: string;
  PhysicalResourceId: string;
  StackId: string;
  RequestId: string;
  LogicalResourceId: string;
  Data?: Record<string, string>;
}

function requestOf(properties: Record<string, unknown>): ParameterRequest {
  const { Name, Kind, Description, PublicName, ModulusBits } = properties;
  if (typeof Name !== 'string' || !/^\/[\w./-]{1,1000}$/.test(Name))
    throw new Error('Name must be a parameter path');
  if (Kind !== 'secret' && Kind !== 'rsa' && Kind !== 'x25519')
    throw new Error('Kind must be secret, rsa or x25519');
  return {
    name: Name,
    kind: Kind,
    description: typeof Description === 'string' ? Description.slice(0, 1024) : Name,
    ...(typeof PublicName === 'string' ? { publicName: PublicName } : {}),
    ...(ModulusBits === undefined ? {} : { modulusBits: Number(ModulusBits) }),
  };
}

/**
 * One custom resource event to its answer. Create and Update make the named parameter if it is
 * missing (an Update with a new name makes the new one; CloudFormation then deletes the old
 * resource, which keeps its parameter). Delete keeps everything.
 */
export async function answerEvent(
  store: ParameterStore,
  event: CustomResourceEvent,
): Promise<CustomResourceAnswer> {
  const base = {
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
  };
  try {
    if (event.RequestType === 'Delete') {
      return {
        ...base,
        Status: 'SUCCESS',
        PhysicalResourceId: event.PhysicalResourceId ?? event.LogicalResourceId,
      };
    }
    const made = await ensureParameter(store, requestOf(event.ResourceProperties));
    return {
      ...base,
      Status: 'SUCCESS',
      PhysicalResourceId: made.name,
      Data: { Name: made.name, KeyId: made.keyId },
    };
  } catch (error) {
    return {
      ...base,
      Status: 'FAILED',
      // The reason names what failed, never a value.
      Reason: error instanceof Error ? error.message.slice(0, 500) : 'The parameter could not be made',
      PhysicalResourceId: event.PhysicalResourceId ?? event.LogicalResourceId,
    };
  }
}

/** Sends the answer to CloudFormation's pre-signed S3 URL (a PUT with an empty content type). */
export function sendAnswer(url: string, answer: CustomResourceAnswer): Promise<void> {
  const body = JSON.stringify(answer);
  return new Promise((resolve, reject) => {
    const put = request(
      url,
      {
        method: 'PUT',
        headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) },
        timeout: 10_000,
      },
      (response) => {
        response.resume();
        response.on('end', () =>
          (response.statusCode ?? 500) < 300
            ? resolve()
            : reject(new Error(`CloudFormation answered ${response.statusCode}`)),
        );
      },
    );
    put.on('timeout', () => put.destroy(new Error('CloudFormation did not answer in time')));
    put.on('error', reject);
    put.end(body);
  });
}
