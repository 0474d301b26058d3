import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto';

/**
 * Envelope encryption of one short text (a volunteer's ID number): every write makes a fresh
 * AES-256 data key, the text is encrypted with it (AES-256-GCM, node:crypto), and only the data key,
 * wrapped, is kept beside the ciphertext. The wrapping is an X25519 key pair in Parameter Store in AWS by
 * default (writers hold only the public half: they can seal, never open), a KMS key with
 * `-c customerKeys=true`, and a local key file under `npm start` and in the tests. The plain data key
 * is wiped once used.
 *
 * The context (who the text belongs to, what it is for) is bound twice: to the wrapped key (KMS's
 * encryption context, the sealed box's key derivation, the local key's additional data), and by GCM to the
 * ciphertext (additional authenticated data), so a sealed text copied onto another volunteer's
 * item does not open.
 */

/** Bytes of an AES-256 key, of a GCM nonce, and of a GCM tag. */
export const DATA_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const CIPHER = 'aes-256-gcm';

export type SealContext = Readonly<Record<string, string>>;

/** A fresh data key, in the clear (to use once, then wipe) and wrapped (to keep). */
export interface DataKey {
  plaintext: Buffer;
  wrapped: Buffer;
  /** The wrapping key's id (a KMS key ARN, `x25519:…` for the key pair, or `local:…`). */
  keyId: string;
}

/**
 * What makes and unwraps data keys: in AWS an X25519 pair in Parameter Store (`KeyPairDataKeys`) or a KMS
 * key (pii-keys.ts), the local key file under `npm start` and in the tests (`LocalDataKeys`).
 */
export interface DataKeySource {
  generate(context: SealContext): Promise<DataKey>;
  /** The data key of `wrapped`; fails when it was wrapped under another key or context. */
  unwrap(wrapped: Buffer, context: SealContext): Promise<Buffer>;
}

/** What is stored: base64 of the ciphertext, nonce, tag and wrapped key, and the wrapping key's id. */
export interface SealedText {
  ciphertext: string;
  iv: string;
  tag: string;
  wrappedKey: string;
  keyId: string;
}

/** The context as bytes, the same whatever the order of its entries. */
export function contextBytes(context: SealContext): Buffer {
  const lines = Object.keys(context)
    .sort()
    .map((name) => `${name}=${context[name]}`);
  return Buffer.from(lines.join('\n'), 'utf8');
}

/** Encrypts `plain` under a fresh data key from `source`. */
export async function sealText(
  source: DataKeySource,
  plain: string,
  context: SealContext,
): Promise<SealedText> {
  const dataKey = await source.generate(context);
  try {
    if (dataKey.plaintext.length !== DATA_KEY_BYTES) throw new Error('A data key must be 256 bits');
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(CIPHER, dataKey.plaintext, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(contextBytes(context));
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return {
      ciphertext: ciphertext.toString('base64'),
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      wrappedKey: dataKey.wrapped.toString('base64'),
      keyId: dataKey.keyId,
    };
  } finally {
    dataKey.plaintext.fill(0);
  }
}

/** Decrypts a sealed text; throws when anything in it, or the context, was changed. */
export async function openText(
  source: DataKeySource,
  sealed: SealedText,
  context: SealContext,
): Promise<string> {
  const key = await source.unwrap(Buffer.from(sealed.wrappedKey, 'base64'), context);
  try {
    const tag = Buffer.from(sealed.tag, 'base64');
    if (tag.length !== TAG_BYTES) throw new Error('The sealed text has no whole tag');
    const decipher = createDecipheriv(CIPHER, key, Buffer.from(sealed.iv, 'base64'), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(contextBytes(context));
    decipher.setAuthTag(tag);
    return Buffer.concat([
      decipher.update(Buffer.from(sealed.ciphertext, 'base64')),
      decipher.final(),
    ]).toString('utf8');
  } finally {
    key.fill(0);
  }
}

/**
 * Data keys wrapped by a local 256-bit key (AES-256-GCM, the context as additional data): the
 * local stand-in for the key pair or the KMS key. Its id names the key by a digest, so a sealed
 * text made under another local key file is told apart from a damaged one.
 */
export class LocalDataKeys implements DataKeySource {
  readonly keyId: string;

  constructor(private readonly wrappingKey: Buffer) {
    if (wrappingKey.length !== DATA_KEY_BYTES) throw new Error('The local wrapping key must be 256 bits');
    this.keyId = `local:${createHash('sha256').update(wrappingKey).digest('hex').slice(0, 16)}`;
  }

  async generate(context: SealContext): Promise<DataKey> {
    const plaintext = randomBytes(DATA_KEY_BYTES);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(CIPHER, this.wrappingKey, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(contextBytes(context));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return { plaintext, wrapped: Buffer.concat([iv, cipher.getAuthTag(), body]), keyId: this.keyId };
  }

  async unwrap(wrapped: Buffer, context: SealContext): Promise<Buffer> {
    if (wrapped.length !== IV_BYTES + TAG_BYTES + DATA_KEY_BYTES) throw new Error('Not a wrapped data key');
    const decipher = createDecipheriv(CIPHER, this.wrappingKey, wrapped.subarray(0, IV_BYTES), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(contextBytes(context));
    decipher.setAuthTag(wrapped.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(wrapped.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  }
}

/** A key's PEM, or what reads it when first needed (a Parameter Store value in AWS). */
export type PemSource = string | (() => Promise<string>);

const pemOf = (source: PemSource): Promise<string> =>
  typeof source === 'string' ? Promise.resolve(source) : source();

/**
 * What `parse` made of the last PEM it was given, made again only when the text changes: the
 * parameter reader hands the same text until it reads the value anew.
 */
function parsedByText<T>(parse: (pem: string) => T): (pem: string) => T {
  let last: { pem: string; parsed: T } | undefined;
  return (pem) => {
    if (last === undefined || last.pem !== pem) last = { pem, parsed: parse(pem) };
    return last.parsed;
  };
}

const NOT_OPENED =
  'The data key does not open: sealed under another key pair, for another volunteer, or damaged';

/** Bytes of an X25519 public key, raw. */
const X25519_KEY_BYTES = 32;
/** The DER prefix of an X25519 SubjectPublicKeyInfo (RFC 8410): the raw key follows it. */
const X25519_SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');

const rawPublicKey = (key: KeyObject): Buffer => {
  const der = key.export({ format: 'der', type: 'spki' });
  if (
    der.length !== X25519_SPKI_PREFIX.length + X25519_KEY_BYTES ||
    !der.subarray(0, 12).equals(X25519_SPKI_PREFIX)
  )
    throw new Error('Not an X25519 public key');
  return der.subarray(X25519_SPKI_PREFIX.length);
};

const publicKeyFromRaw = (raw: Buffer): KeyObject =>
  createPublicKey({ key: Buffer.concat([X25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });

/** A pair's id: `x25519:` and the start of the SHA-256 of its raw public key (the generator answers the same). */
export const x25519KeyId = (rawPublicKey: Buffer): string =>
  `x25519:${createHash('sha256').update(rawPublicKey).digest('hex').slice(0, 16)}`;

/**
 * The key that wraps one data key: HKDF-SHA-256 over the X25519 shared secret, salted with the
 * ephemeral and the recipient's public keys and bound to the context (RFC 9180's shape: the
 * sender's one-time key and the recipient's key both in the derivation).
 */
function wrappingKey(shared: Buffer, ephemeral: Buffer, recipient: Buffer, context: SealContext): Buffer {
  return Buffer.from(
    hkdfSync('sha256', shared, Buffer.concat([ephemeral, recipient]), contextBytes(context), DATA_KEY_BYTES),
  );
}

/**
 * Data keys sealed to an X25519 public key and opened by its private key (a sealed box: an
 * ephemeral X25519 key per data key, the shared secret through HKDF-SHA-256 with both public keys
 * and the context, the data key under AES-256-GCM with the context as additional data; 128-bit
 * security, and opening costs one X25519 operation, a fraction of a millisecond). A function that
 * writes ID numbers is given the public key only, so it can seal but never open; the reveal and the
 * exports are given the private key. Each is read on first use (the public key on the first seal,
 * the private key on the first open), not at cold start. Its id is `x25519:` and the start of the
 * SHA-256 of the public key, so a text sealed under another pair is told apart from a damaged one.
 *
 * A wrapped key is the ephemeral public key (32 bytes), the GCM nonce (12), tag (16) and the
 * encrypted data key (32).
 */
export class KeyPairDataKeys implements DataKeySource {
  private readonly publicKeyOf = parsedByText((pem) => {
    const key = createPublicKey(pem);
    const raw = rawPublicKey(key);
    return { key, raw, keyId: x25519KeyId(raw) };
  });
  private readonly privateKeyOf = parsedByText((pem) => {
    const key = createPrivateKey(pem);
    return { key, raw: rawPublicKey(createPublicKey(key)) };
  });

  /** `publicPem`: SPKI PEM; `privatePem`: PKCS #8 PEM, only where ID numbers are opened. */
  constructor(
    private readonly publicPem: PemSource,
    private readonly privatePem?: PemSource,
  ) {}

  async generate(context: SealContext): Promise<DataKey> {
    const recipient = this.publicKeyOf(await pemOf(this.publicPem));
    const ephemeral = generateKeyPairSync('x25519');
    const ephemeralRaw = rawPublicKey(ephemeral.publicKey);
    const shared = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: recipient.key });
    const kek = wrappingKey(shared, ephemeralRaw, recipient.raw, context);
    shared.fill(0);
    const plaintext = randomBytes(DATA_KEY_BYTES);
    try {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(CIPHER, kek, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(contextBytes(context));
      const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return {
        plaintext,
        wrapped: Buffer.concat([ephemeralRaw, iv, cipher.getAuthTag(), body]),
        keyId: recipient.keyId,
      };
    } finally {
      kek.fill(0);
    }
  }

  async unwrap(wrapped: Buffer, context: SealContext): Promise<Buffer> {
    if (this.privatePem === undefined)
      throw new Error('This function may seal ID numbers but not open them (it holds no private key)');
    const own = this.privateKeyOf(await pemOf(this.privatePem));
    if (wrapped.length !== X25519_KEY_BYTES + IV_BYTES + TAG_BYTES + DATA_KEY_BYTES)
      throw new Error(NOT_OPENED);
    const ephemeralRaw = wrapped.subarray(0, X25519_KEY_BYTES);
    const iv = wrapped.subarray(X25519_KEY_BYTES, X25519_KEY_BYTES + IV_BYTES);
    const tag = wrapped.subarray(X25519_KEY_BYTES + IV_BYTES, X25519_KEY_BYTES + IV_BYTES + TAG_BYTES);
    const body = wrapped.subarray(X25519_KEY_BYTES + IV_BYTES + TAG_BYTES);
    let kek: Buffer | undefined;
    try {
      const shared = diffieHellman({ privateKey: own.key, publicKey: publicKeyFromRaw(ephemeralRaw) });
      kek = wrappingKey(shared, ephemeralRaw, own.raw, context);
      shared.fill(0);
      const decipher = createDecipheriv(CIPHER, kek, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(contextBytes(context));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]);
    } catch (error) {
      throw new Error(NOT_OPENED, { cause: error });
    } finally {
      kek?.fill(0);
    }
  }
}
