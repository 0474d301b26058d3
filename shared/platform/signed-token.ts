import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * HMAC-signed tokens for things we hand out and must get back unchanged (history cursors, and
 * volunteer codes later). Several keys may be valid at once so a key can be rotated without
 * breaking tokens already in flight: sign with the current key, verify with any known one.
 */
export interface SigningKeys {
  currentId: string;
  secrets: ReadonlyMap<string, Buffer>;
}

const KEY_ID_PATTERN = /^[A-Za-z0-9]{1,8}$/;

/** Accepts a plain secret, or JSON `{"current":"k2","keys":{"k1":"…","k2":"…"}}` during rotation. */
export function parseSigningSecret(text: string): SigningKeys {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    const parsed = JSON.parse(trimmed) as { current?: unknown; keys?: unknown };
    if (typeof parsed.current !== 'string' || typeof parsed.keys !== 'object' || parsed.keys === null) {
      throw new Error('Signing secret JSON needs "current" and "keys"');
    }
    const secrets = new Map<string, Buffer>();
    for (const [id, secret] of Object.entries(parsed.keys as Record<string, unknown>)) {
      if (!KEY_ID_PATTERN.test(id) || typeof secret !== 'string' || secret.length < 16) {
        throw new Error('Each signing key needs a short alphanumeric id and at least 16 characters');
      }
      secrets.set(id, Buffer.from(secret, 'utf8'));
    }
    if (!secrets.has(parsed.current)) throw new Error('The current signing key is not among the keys');
    return { currentId: parsed.current, secrets };
  }
  if (trimmed.length < 16) throw new Error('The signing secret must have at least 16 characters');
  return { currentId: 'k0', secrets: new Map([['k0', Buffer.from(trimmed, 'utf8')]]) };
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

const mac = (secret: Buffer, purpose: string, text: string): Buffer =>
  createHmac('sha256', secret).update(`${purpose}\n${text}`).digest();

/** `purpose` separates token kinds, so a cursor can never pass as a code or the reverse. */
export function signToken(payload: unknown, keys: SigningKeys, purpose: string): string {
  const secret = keys.secrets.get(keys.currentId);
  if (secret === undefined) throw new Error('No current signing key');
  const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  const signed = `${keys.currentId}.${body}`;
  return `${signed}.${mac(secret, purpose, signed).toString('base64url')}`;
}

export function verifyToken(token: string, keys: SigningKeys, purpose: string): unknown {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [keyId, body, signature] = parts as [string, string, string];
  // One spelling per token: base64url without padding, as signToken writes it. Buffer's decoder
  // skips padding and stray characters, so without this check "sig==" would verify as "sig".
  if (!BASE64URL.test(body) || !BASE64URL.test(signature)) return undefined;
  const secret = keys.secrets.get(keyId);
  if (secret === undefined) return undefined;
  const expected = mac(secret, purpose, `${keyId}.${body}`);
  const given = Buffer.from(signature, 'base64url');
  if (given.toString('base64url') !== signature) return undefined;
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
