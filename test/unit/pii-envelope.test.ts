import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { idNumberContext, idNumberVault } from '../../shared/people/store/id-number-vault';
import { parseConfig } from '../../shared/platform/config';
import {
  KeyPairDataKeys,
  LocalDataKeys,
  openText,
  type SealedText,
  sealText,
} from '../../shared/platform/envelope';
import { x25519Id } from '../../shared/platform/parameter-generator';
import type { ParameterReader } from '../../shared/platform/parameters';
import { KmsDataKeys, localMasterKey, localPiiKeys, piiKeys } from '../../shared/platform/pii-keys';
import { ROUTE_DEFINITIONS } from '../../shared/routes';

/** A fixed local master key: the tests' own, so every run seals under the same wrapping key. */
const MASTER = Buffer.alloc(32, 7);
const NUMBER = '62012219851103118X';

const flipFirstByte = (base64: string): string => {
  const bytes = Buffer.from(base64, 'base64');
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  return bytes.toString('base64');
};

describe('the envelope with the local key', () => {
  it('opens what it sealed, and keeps only ciphertext, nonce, tag, wrapped key and key id', async () => {
    // Prepare
    const keys = localPiiKeys(MASTER);
    const context = idNumberContext('vabc');
    // Act
    const sealed = await sealText(keys.dataKeys, NUMBER, context);
    const opened = await openText(keys.dataKeys, sealed, context);
    // Assess
    expect(opened).toBe(NUMBER);
    expect(Object.keys(sealed).sort()).toEqual(['ciphertext', 'iv', 'keyId', 'tag', 'wrappedKey']);
    expect(JSON.stringify(sealed)).not.toContain(NUMBER);
    expect(JSON.stringify(sealed)).not.toContain(NUMBER.slice(6, 14));
    expect(sealed.keyId).toMatch(/^local:[0-9a-f]{16}$/);
  });

  it('makes a fresh data key and nonce for every seal of the same number', async () => {
    const keys = localPiiKeys(MASTER);
    const context = idNumberContext('vabc');

    const first = await sealText(keys.dataKeys, NUMBER, context);
    const second = await sealText(keys.dataKeys, NUMBER, context);

    expect(second.wrappedKey).not.toBe(first.wrappedKey);
    expect(second.iv).not.toBe(first.iv);
    expect(second.ciphertext).not.toBe(first.ciphertext);
  });

  it.each(['ciphertext', 'tag', 'iv', 'wrappedKey'] as const)(
    'refuses to open a sealed text whose %s was changed',
    async (part) => {
      const keys = localPiiKeys(MASTER);
      const context = idNumberContext('vabc');
      const sealed = await sealText(keys.dataKeys, NUMBER, context);
      const tampered: SealedText = { ...sealed, [part]: flipFirstByte(sealed[part]) };

      await expect(openText(keys.dataKeys, tampered, context)).rejects.toThrow();
    },
  );

  it("refuses a sealed text moved to another volunteer's item, or opened under another key", async () => {
    const keys = localPiiKeys(MASTER);
    const sealed = await sealText(keys.dataKeys, NUMBER, idNumberContext('vabc'));
    const otherKeys = localPiiKeys(Buffer.alloc(32, 8));

    await expect(openText(keys.dataKeys, sealed, idNumberContext('vother'))).rejects.toThrow();
    await expect(openText(otherKeys.dataKeys, sealed, idNumberContext('vabc'))).rejects.toThrow();
  });

  it('refuses a data key that is not 256 bits, and a wrapping key that is not either', async () => {
    const short = {
      generate: async () => ({ plaintext: randomBytes(16), wrapped: randomBytes(60), keyId: 'k' }),
      unwrap: async () => randomBytes(16),
    };

    await expect(sealText(short, NUMBER, idNumberContext('v'))).rejects.toThrow(/256 bits/);
    expect(() => new LocalDataKeys(randomBytes(16))).toThrow(/256 bits/);
  });
});

describe('the ID-number vault', () => {
  it('hashes a number the same way every time, apart from the wrapping key, and only by that number', async () => {
    const vault = idNumberVault(localPiiKeys(MASTER));

    const once = await vault.lookupOf(NUMBER);
    const again = await vault.lookupOf(NUMBER);
    const other = await vault.lookupOf('620122196005120316');
    const underOtherKey = await idNumberVault(localPiiKeys(Buffer.alloc(32, 8))).lookupOf(NUMBER);

    expect(again).toBe(once);
    expect(once).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(other).not.toBe(once);
    expect(underOtherKey).not.toBe(once);
  });

  it('seals and opens a number for one volunteer', async () => {
    const vault = idNumberVault(localPiiKeys(MASTER));

    const sealed = await vault.seal(NUMBER, 'vabc');

    expect(await vault.open(sealed, 'vabc')).toBe(NUMBER);
    await expect(vault.open(sealed, 'vdef')).rejects.toThrow();
  });
});

describe('the local key file', () => {
  it('is made once, readable by its owner only, and the same key afterwards', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'aixin-pii-')), 'keys', 'pii');

    const made = localMasterKey(file);
    const read = localMasterKey(file);

    expect(read.equals(made)).toBe(true);
    expect(made).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(made.toString('base64'));
  });

  it('is what the local configuration seals with; another stage without PII_KEY_ID has no key at all', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'aixin-pii-')), 'pii');
    const local = piiKeys(parseConfig({ STAGE: 'local', AIXIN_PII_KEY_FILE: file }));
    const sealed = await sealText(local.dataKeys, NUMBER, idNumberContext('v1'));
    const fromFile = localPiiKeys(localMasterKey(file));

    expect(await openText(fromFile.dataKeys, sealed, idNumberContext('v1'))).toBe(NUMBER);
    await expect(piiKeys(parseConfig({ STAGE: 'dev' })).lookupKey()).rejects.toThrow(
      /PII_PUBLIC_KEY_PARAM or PII_KEY_ID/,
    );
    expect(() => parseConfig({ STAGE: 'prod', AIXIN_PII_KEY_FILE: file })).toThrow(/local-only/);
  });
});

/** A fresh X25519 pair as Parameter Store holds it (SPKI and PKCS #8 PEM). */
function keyPair() {
  const { publicKey, privateKey } = generateKeyPairSync('x25519');
  return {
    publicPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}

/** Parameter Store in memory, counting the reads of each name. */
function parameterStore(values: Record<string, string>) {
  const reads: string[] = [];
  const reader: ParameterReader = {
    async read(name) {
      reads.push(name);
      const value = values[name];
      if (value === undefined) throw new Error(`no ${name}`);
      return value;
    },
  };
  return { reader, reads };
}

describe('ID numbers under an X25519 key pair in Parameter Store (the default in AWS)', () => {
  const pair = keyPair();
  const writer = new KeyPairDataKeys(async () => pair.publicPem);
  const opener = new KeyPairDataKeys(
    async () => pair.publicPem,
    async () => pair.privatePem,
  );

  it('opens with the private key what was sealed with the public one, under the same context only', async () => {
    const sealed = await sealText(writer, NUMBER, idNumberContext('v1'));
    expect(sealed.keyId).toMatch(/^x25519:[0-9a-f]{16}$/);
    expect(await openText(opener, sealed, idNumberContext('v1'))).toBe(NUMBER);
    await expect(openText(opener, sealed, idNumberContext('v2'))).rejects.toThrow();
  });

  it("refuses a wrapped key moved onto another volunteer's sealed number", async () => {
    const mine = await sealText(writer, NUMBER, idNumberContext('v1'));
    const theirs = await sealText(writer, '110101199003077777', idNumberContext('v2'));
    await expect(
      openText(opener, { ...theirs, wrappedKey: mine.wrappedKey }, idNumberContext('v2')),
    ).rejects.toThrow();
  });

  it.each([
    ['the ephemeral public key', 0],
    ['the nonce', 32],
    ['the tag', 44],
    ['the sealed data key', 60],
  ])('refuses a wrapped key with one bit of %s changed', async (_part, at) => {
    const sealed = await sealText(writer, NUMBER, idNumberContext('v1'));
    const wrapped = Buffer.from(sealed.wrappedKey, 'base64');
    expect(wrapped).toHaveLength(32 + 12 + 16 + 32);
    wrapped[at] = (wrapped[at] ?? 0) ^ 1;
    await expect(
      openText(opener, { ...sealed, wrappedKey: wrapped.toString('base64') }, idNumberContext('v1')),
    ).rejects.toThrow(/does not open/);
    await expect(
      openText(
        opener,
        { ...sealed, wrappedKey: wrapped.subarray(1).toString('base64') },
        idNumberContext('v1'),
      ),
    ).rejects.toThrow(/does not open/);
  });

  it('lets a writer seal but never open: it holds no private key', async () => {
    const sealed = await sealText(writer, NUMBER, idNumberContext('v1'));
    await expect(openText(writer, sealed, idNumberContext('v1'))).rejects.toThrow(
      /seal ID numbers but not open/,
    );
  });

  it('names each pair by its own id, so a text sealed under another pair is told apart', async () => {
    const other = new KeyPairDataKeys(async () => keyPair().publicPem);
    const [a, b] = await Promise.all([
      sealText(writer, NUMBER, idNumberContext('v1')),
      sealText(other, NUMBER, idNumberContext('v1')),
    ]);
    expect(a.keyId).not.toBe(b.keyId);
    await expect(openText(opener, b, idNumberContext('v1'))).rejects.toThrow();
  });

  it('reads the parameters the configuration names, lazily: the public key to seal, the private one only to open', async () => {
    const { reader, reads } = parameterStore({
      '/aixin-points/prod/pii-key-public': pair.publicPem,
      '/aixin-points/prod/pii-key': pair.privatePem,
      '/aixin-points/prod/id-lookup-key': 'L'.repeat(64),
    });
    const config = parseConfig({
      STAGE: 'prod',
      PII_PUBLIC_KEY_PARAM: '/aixin-points/prod/pii-key-public',
      PII_PRIVATE_KEY_PARAM: '/aixin-points/prod/pii-key',
      ID_LOOKUP_PARAM: '/aixin-points/prod/id-lookup-key',
    });
    const keys = piiKeys(config, reader);
    expect(reads).toEqual([]);
    const sealed = await sealText(keys.dataKeys, NUMBER, idNumberContext('v1'));
    expect(reads).toEqual(['/aixin-points/prod/pii-key-public']);
    expect(await openText(keys.dataKeys, sealed, idNumberContext('v1'))).toBe(NUMBER);
    expect(reads).toEqual(['/aixin-points/prod/pii-key-public', '/aixin-points/prod/pii-key']);
    expect((await keys.lookupKey()).toString('utf8')).toBe('L'.repeat(64));
  });

  it('reads neither key when made, the public one on the first seal, the private one only on the first open', async () => {
    const reads = { public: 0, private: 0 };
    const keys = new KeyPairDataKeys(
      async () => {
        reads.public += 1;
        return pair.publicPem;
      },
      async () => {
        reads.private += 1;
        return pair.privatePem;
      },
    );
    expect(reads).toEqual({ public: 0, private: 0 });

    const sealed = await sealText(keys, NUMBER, idNumberContext('v1'));
    expect(reads).toEqual({ public: 1, private: 0 });
    expect(await openText(keys, sealed, idNumberContext('v1'))).toBe(NUMBER);
    expect(reads).toEqual({ public: 1, private: 1 });
    expect(sealed.keyId).toBe(x25519Id(pair.publicPem));
  });

  it('takes the keys themselves as well as their readers, and says why a wrapped key does not open', async () => {
    const keys = new KeyPairDataKeys(pair.publicPem, pair.privatePem);
    const sealed = await sealText(keys, NUMBER, idNumberContext('v1'));
    expect(sealed.keyId).toBe(x25519Id(pair.publicPem));
    expect(await openText(opener, sealed, idNumberContext('v1'))).toBe(NUMBER);
    await expect(openText(keys, sealed, idNumberContext('v2'))).rejects.toThrow(/does not open/);
  });

  it('gives a writer configuration (no private key parameter) a source that cannot open, and refuses a short lookup key', async () => {
    const { reader } = parameterStore({ '/p': pair.publicPem, '/l': 'short' });
    const keys = piiKeys(
      parseConfig({ STAGE: 'prod', PII_PUBLIC_KEY_PARAM: '/p', ID_LOOKUP_PARAM: '/l' }),
      reader,
    );
    const sealed = await sealText(keys.dataKeys, NUMBER, idNumberContext('v1'));
    await expect(openText(keys.dataKeys, sealed, idNumberContext('v1'))).rejects.toThrow(/not open/);
    await expect(keys.lookupKey()).rejects.toThrow(/too short/);
  });

  it('wraps with the KMS key when the configuration names one (-c customerKeys=true), the lookup key still a parameter', async () => {
    const { reader, reads } = parameterStore({ '/p': pair.publicPem, '/l': ` ${'L'.repeat(40)}\n` });
    const keys = piiKeys(
      parseConfig({
        STAGE: 'prod',
        PII_KEY_ID: 'arn:aws-cn:kms:cn-northwest-1:111122223333:key/pii',
        PII_PUBLIC_KEY_PARAM: '/p',
        ID_LOOKUP_PARAM: '/l',
      }),
      reader,
    );
    expect(keys.dataKeys).toBeInstanceOf(KmsDataKeys);
    expect(reads).toEqual([]);
    expect((await keys.lookupKey()).toString('utf8')).toBe('L'.repeat(40));
    await keys.lookupKey();
    expect(reads).toEqual(['/l']);
  });

  it('has no lookup key without ID_LOOKUP_PARAM, and reads nothing to say so', async () => {
    const { reader, reads } = parameterStore({ '/p': pair.publicPem });
    const keys = piiKeys(parseConfig({ STAGE: 'prod', PII_PUBLIC_KEY_PARAM: '/p' }), reader);
    expect(keys.dataKeys).toBeInstanceOf(KeyPairDataKeys);
    await expect(keys.lookupKey()).rejects.toThrow(/ID_LOOKUP_PARAM is not configured/);
    expect(reads).toEqual([]);
  });
});

const ROOT = resolve(import.meta.dirname, '../..');
const PII_KEYS = resolve(ROOT, 'shared/platform/pii-keys.ts');

/**
 * The repository modules a module loads at run time, followed through: static imports and
 * `import()`, not `import type` (erased by the compiler). Packages are not followed.
 */
function loadedModules(entry: string): Set<string> {
  const seen = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    const specifiers = [
      ...text.matchAll(/^import (?!type )[^;]*? from '(\.[^']+)';/gms),
      ...text.matchAll(/^export [^;]*? from '(\.[^']+)';/gms),
      ...text.matchAll(/import\('(\.[^']+)'\)/g),
    ].map((match) => match[1] as string);
    for (const specifier of specifiers) {
      const base = resolve(dirname(file), specifier.replace(/\.js$/, ''));
      const found = [`${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate));
      if (found !== undefined) pending.push(found);
    }
  }
  return seen;
}

describe('who carries the PII keys', () => {
  it.each(ROUTE_DEFINITIONS.map((route) => [route.id, route] as const))(
    '%s: its handler loads the PII keys exactly when its route says idNumbers (what infra grants)',
    (_id, route) => {
      const loaded = loadedModules(resolve(ROOT, route.entry));

      expect(loaded.has(PII_KEYS)).toBe(route.idNumbers !== undefined);
    },
  );
});
