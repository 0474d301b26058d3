import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
} from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { JWK } from 'jose';
import type { TokenSigner } from '../port';
import { TOKEN_ALGORITHM } from '../rules/tokens';

/** RSA modulus size of the local key, as KMS's `RSA_2048` key spec in AWS. */
const LOCAL_KEY_BITS = 2048;

/** The RFC 7638 thumbprint of an RSA public key: SHA-256 over {e, kty, n} in that order. */
function thumbprint(jwk: JsonWebKey): string {
  const canonical = JSON.stringify({ e: jwk.e, kty: 'RSA', n: jwk.n });
  return createHash('sha256').update(canonical).digest('base64url');
}

/**
 * The issuer's key under `npm start`, in the tests and the bench: an RSA private key (PKCS #8
 * PEM). It signs synchronously, so a test can make a token in one line.
 */
export class LocalKeySigner implements TokenSigner {
  /** The key's RFC 7638 thumbprint: the `kid` of its tokens. */
  readonly kid: string;
  private readonly publicKey: JsonWebKey;

  constructor(private readonly privateKey: KeyObject) {
    if (privateKey.asymmetricKeyType !== 'rsa') throw new Error('The local signing key must be an RSA key');
    this.publicKey = createPublicKey(privateKey).export({ format: 'jwk' });
    this.kid = thumbprint(this.publicKey);
  }

  static fromPem(pem: string): LocalKeySigner {
    return new LocalKeySigner(createPrivateKey(pem));
  }

  /** A new random key (tests that want a key nobody else has). */
  static generate(): LocalKeySigner {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: LOCAL_KEY_BITS });
    return new LocalKeySigner(privateKey);
  }

  async keyId(): Promise<string> {
    return this.kid;
  }

  signSync(input: Uint8Array): Uint8Array {
    return sign('sha256', input, this.privateKey);
  }

  async sign(input: Uint8Array): Promise<Uint8Array> {
    return this.signSync(input);
  }

  async publicJwk(): Promise<JWK> {
    return this.publicJwkSync();
  }

  publicJwkSync(): JWK {
    return {
      kty: 'RSA',
      n: this.publicKey.n,
      e: this.publicKey.e,
      kid: this.kid,
      alg: TOKEN_ALGORITHM,
      use: 'sig',
    };
  }

  pem(): string {
    return this.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  }
}

/**
 * The local key kept in `file`, made on first use. Two processes starting at once (the server and
 * `npm run token`) both end up with the one that reached the disk first: the file is created with
 * O_EXCL and the loser reads the winner's.
 */
export function localSignerFromFile(file: string): LocalKeySigner {
  try {
    return LocalKeySigner.fromPem(readFileSync(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const made = LocalKeySigner.generate();
  mkdirSync(dirname(file), { recursive: true });
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      return LocalKeySigner.fromPem(readFileSync(file, 'utf8'));
    throw error;
  }
  try {
    writeSync(fd, made.pem());
  } finally {
    closeSync(fd);
  }
  return made;
}
