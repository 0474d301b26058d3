import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { base64url, importJWK, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { TOKEN_ALGORITHM } from '../../shared/identity/rules/tokens';
import { ParameterSigner } from '../../shared/identity/store/parameter-signer';
import { signToken } from '../../shared/identity/use-cases/token-codec';
import {
  answerEvent,
  type CustomResourceEvent,
  ensureParameter,
  type ParameterStore,
  randomSecret,
  rsaThumbprint,
  x25519Id,
} from '../../shared/platform/parameter-generator';
import type { ParameterReader } from '../../shared/platform/parameters';

/** Parameter Store as the generator sees it, in memory: what was put, and with which type. */
function memoryStore(initial: Record<string, string> = {}) {
  const values = new Map<string, { value: string; secure: boolean }>(
    Object.entries(initial).map(([name, value]) => [name, { value, secure: true }]),
  );
  const store: ParameterStore = {
    async create(name, value, secure) {
      if (values.has(name)) return false;
      values.set(name, { value, secure });
      return true;
    },
    async replace(name, value) {
      values.set(name, { value, secure: false });
    },
    async read(name) {
      const found = values.get(name);
      if (found === undefined) throw new Error(`no ${name}`);
      return found.value;
    },
  };
  return { store, values };
}

const pem = () =>
  generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ format: 'pem', type: 'pkcs8' })
    .toString();

const event = (overrides: Partial<CustomResourceEvent>): CustomResourceEvent => ({
  RequestType: 'Create',
  ResponseURL: 'https://cloudformation-answers.example/put',
  StackId: 'stack',
  RequestId: 'request',
  LogicalResourceId: 'TokenKey',
  ResourceProperties: {
    Name: '/aixin-points/prod/token-key',
    Kind: 'rsa',
    PublicName: '/aixin-points/prod/token-key-public',
  },
  ...overrides,
});

describe('the parameter generator', () => {
  it('draws a 64-character secret from letters and digits, different each time', () => {
    const drawn = [randomSecret(), randomSecret()];
    for (const secret of drawn) expect(secret).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(drawn[0]).not.toBe(drawn[1]);
  });

  it('makes a secret as a SecureString, and keeps one that is already there', async () => {
    const { store, values } = memoryStore({ '/aixin-points/prod/id-lookup-key': 'kept-value-from-before' });
    await ensureParameter(store, {
      name: '/aixin-points/prod/signing-secret',
      kind: 'secret',
      description: 'd',
    });
    await ensureParameter(store, {
      name: '/aixin-points/prod/id-lookup-key',
      kind: 'secret',
      description: 'd',
    });
    expect(values.get('/aixin-points/prod/signing-secret')).toMatchObject({ secure: true });
    expect(values.get('/aixin-points/prod/signing-secret')?.value).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(values.get('/aixin-points/prod/id-lookup-key')?.value).toBe('kept-value-from-before');
  });

  it('makes an RSA key pair: the private key secure, the public key plain, and answers its thumbprint', async () => {
    const { store, values } = memoryStore();
    const made = await ensureParameter(store, {
      name: '/k',
      kind: 'rsa',
      description: 'd',
      publicName: '/k-public',
      modulusBits: 3072,
    });
    const privatePem = values.get('/k')?.value ?? '';
    const publicPem = values.get('/k-public')?.value ?? '';
    expect(values.get('/k')?.secure).toBe(true);
    expect(values.get('/k-public')?.secure).toBe(false);
    expect(createPublicKey(privatePem).asymmetricKeyDetails?.modulusLength).toBe(3072);
    expect(createPublicKey(privatePem).export({ format: 'pem', type: 'spki' })).toBe(publicPem);
    expect(made.keyId).toBe(rsaThumbprint(publicPem));
  });

  it('makes an X25519 key pair for the ID numbers: the private key secure, the public key plain, and answers its id', async () => {
    const { store, values } = memoryStore();
    const made = await ensureParameter(store, {
      name: '/p',
      kind: 'x25519',
      description: 'd',
      publicName: '/p-public',
    });
    const privatePem = values.get('/p')?.value ?? '';
    const publicPem = values.get('/p-public')?.value ?? '';
    expect([values.get('/p')?.secure, values.get('/p-public')?.secure]).toEqual([true, false]);
    expect(createPublicKey(privatePem).asymmetricKeyType).toBe('x25519');
    expect(createPublicKey(privatePem).export({ format: 'pem', type: 'spki' })).toBe(publicPem);
    expect(made.keyId).toBe(x25519Id(publicPem));
    expect(made.keyId).toMatch(/^x25519:[0-9a-f]{16}$/);
  });

  it('keeps an RSA key that is already there, and gives its public key and thumbprint, not a new one', async () => {
    const kept = pem();
    const { store, values } = memoryStore({ '/aixin-points/prod/token-key': kept });
    const answer = await answerEvent(store, event({}));
    const publicPem = createPublicKey(kept).export({ format: 'pem', type: 'spki' }).toString();
    expect(values.get('/aixin-points/prod/token-key')?.value).toBe(kept);
    expect(values.get('/aixin-points/prod/token-key-public')?.value).toBe(publicPem);
    expect(answer).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: '/aixin-points/prod/token-key',
      Data: { Name: '/aixin-points/prod/token-key', KeyId: rsaThumbprint(publicPem) },
    });
  });

  it('deletes nothing when CloudFormation deletes the resource: the keys outlive the stack', async () => {
    const { store, values } = memoryStore({ '/aixin-points/prod/token-key': 'x' });
    const answer = await answerEvent(
      store,
      event({ RequestType: 'Delete', PhysicalResourceId: '/aixin-points/prod/token-key' }),
    );
    expect(answer).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: '/aixin-points/prod/token-key' });
    expect([...values.keys()]).toEqual(['/aixin-points/prod/token-key']);
  });

  it.each([
    ['a name that is not a parameter path', { Name: 'no-slash', Kind: 'secret' }],
    ['an unknown kind', { Name: '/p', Kind: 'aes' }],
    ['an RSA key without its public parameter', { Name: '/p', Kind: 'rsa' }],
    ['an RSA modulus it does not make', { Name: '/p', Kind: 'rsa', PublicName: '/q', ModulusBits: 1024 }],
  ])('answers FAILED, with a reason and no value, for %s', async (_name, properties) => {
    const { store, values } = memoryStore();
    const answer = await answerEvent(store, event({ ResourceProperties: properties }));
    expect(answer.Status).toBe('FAILED');
    expect(answer.Reason?.length).toBeGreaterThan(0);
    expect(values.size).toBe(0);
  });
});

describe('the token signer over a parameter', () => {
  /** A reader over values that a test may change, counting reads. */
  function reader(initial: string) {
    const state = { value: initial, reads: 0 };
    const read: ParameterReader = {
      async read() {
        state.reads += 1;
        return state.value;
      },
    };
    return { read, state };
  }

  it('reads nothing until it signs, then signs RS256 tokens its own JWK verifies, under its thumbprint', async () => {
    const key = pem();
    const { read, state } = reader(key);
    const signer = new ParameterSigner(read, '/aixin-points/prod/token-key');
    expect(state.reads).toBe(0);
    const claims = { sub: 'u1', iss: 'issuer', aud: 'aixin-web', exp: 4_000_000_000, iat: 1, jti: 'j' };
    const token = await signToken(signer, claims as never);
    const jwk = await signer.publicJwk();
    const header = JSON.parse(new TextDecoder().decode(base64url.decode(token.split('.')[0] ?? '')));
    const publicPem = createPublicKey(key).export({ format: 'pem', type: 'spki' }).toString();
    expect(header).toMatchObject({ alg: TOKEN_ALGORITHM, kid: rsaThumbprint(publicPem) });
    expect(jwk.kid).toBe(rsaThumbprint(publicPem));
    const verified = await jwtVerify(token, await importJWK(jwk, TOKEN_ALGORITHM));
    expect(verified.payload.sub).toBe('u1');
  });

  it('signs with the new key, under the new kid, once a rotation has put one in the parameter', async () => {
    const { read, state } = reader(pem());
    const signer = new ParameterSigner(read, '/k');
    const before = await signer.keyId();
    state.value = pem();
    const after = await signer.keyId();
    expect(after).not.toBe(before);
    expect((await signer.publicJwk()).kid).toBe(after);
  });
});
