import { describe, expect, it } from 'vitest';
import { CODE_TTL_SECONDS } from '../../shared/platform/limits';
import { parseSigningSecret, signToken } from '../../shared/platform/signed-token';
import {
  cardNumberFrom,
  hashPin,
  isCardNumber,
  isGuessablePin,
  issueVolunteerCode,
  normaliseCardNumber,
  pinMatches,
  readVolunteerCode,
  VOLUNTEER_CODE_PURPOSE,
} from '../../shared/stores/rules/volunteer-code';

const keys = parseSigningSecret('a-test-signing-secret-of-some-length');
const NOW = new Date('2026-11-02T02:00:00.000Z');
const CODE_ID = 'AAECAwQFBgcICQoL';

describe('volunteer codes', () => {
  it('round-trips volunteer, code id and expiry, and stays short enough for a sparse QR code', () => {
    const issued = issueVolunteerCode('vABCDEFGHIJKLMNOP', CODE_ID, NOW, keys);

    expect(issued.code.length).toBeLessThan(160);
    expect(issued.expiresAt).toBe(new Date(NOW.getTime() + CODE_TTL_SECONDS * 1000).toISOString());
    expect(readVolunteerCode(issued.code, keys, NOW)).toEqual({
      status: 'valid',
      volunteerId: 'vABCDEFGHIJKLMNOP',
      codeId: CODE_ID,
      expiresAt: issued.expiresAt,
    });
  });

  it('expires at the stated second and says whose it was', () => {
    const { code, expiresAt } = issueVolunteerCode('v1', CODE_ID, NOW, keys);

    expect(readVolunteerCode(code, keys, new Date(Date.parse(expiresAt) - 1)).status).toBe('valid');
    expect(readVolunteerCode(code, keys, new Date(expiresAt))).toMatchObject({
      status: 'expired',
      volunteerId: 'v1',
    });
  });

  it('refuses tampering, other keys, other purposes and malformed payloads', () => {
    const { code } = issueVolunteerCode('v1', CODE_ID, NOW, keys);
    const [keyId, body, signature] = code.split('.') as [string, string, string];
    const otherBody = Buffer.from(JSON.stringify({ v: 'v2', c: CODE_ID, e: 9e9 })).toString('base64url');
    const stranger = parseSigningSecret('someone-elses-signing-secret');

    expect(readVolunteerCode(`${keyId}.${otherBody}.${signature}`, keys, NOW).status).toBe('invalid');
    expect(readVolunteerCode(`${keyId}.${body}`, keys, NOW).status).toBe('invalid');
    expect(readVolunteerCode(issueVolunteerCode('v1', CODE_ID, NOW, stranger).code, keys, NOW).status).toBe(
      'invalid',
    );
    expect(
      readVolunteerCode(signToken({ v: 'v1', c: CODE_ID, e: 9e9 }, keys, 'ledger-cursor'), keys, NOW),
    ).toEqual({ status: 'invalid' });
    expect(
      readVolunteerCode(signToken({ v: 'v1', c: 'short', e: 9e9 }, keys, VOLUNTEER_CODE_PURPOSE), keys, NOW),
    ).toEqual({ status: 'invalid' });
    expect(readVolunteerCode('not a code', keys, NOW)).toEqual({ status: 'invalid' });
  });

  it('keeps codes made with the previous key valid during a key rotation', () => {
    const before = parseSigningSecret(
      JSON.stringify({ current: 'k1', keys: { k1: 'first-secret-0123456789' } }),
    );
    const during = parseSigningSecret(
      JSON.stringify({
        current: 'k2',
        keys: { k1: 'first-secret-0123456789', k2: 'second-secret-012345678' },
      }),
    );
    const { code } = issueVolunteerCode('v1', CODE_ID, NOW, before);

    expect(readVolunteerCode(code, during, NOW).status).toBe('valid');
    expect(issueVolunteerCode('v1', CODE_ID, NOW, during).code.startsWith('k2.')).toBe(true);
  });
});

describe('printed cards', () => {
  it('makes 12-digit numbers with a Luhn check digit that catches a mistyped digit', () => {
    const number = cardNumberFrom(Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]));
    const mistyped = `${number.slice(0, 3)}${(Number(number[3]) + 1) % 10}${number.slice(4)}`;

    expect(number).toMatch(/^[1-9]\d{11}$/);
    expect(isCardNumber(number)).toBe(true);
    expect(isCardNumber(mistyped)).toBe(false);
    expect(isCardNumber('79927398713')).toBe(false);
    expect(normaliseCardNumber('1234 5678-9012')).toBe('123456789012');
  });

  it('calls repeated digits and runs guessable, and other PINs not', () => {
    for (const pin of ['0000', '1234', '98765', '111111']) expect(isGuessablePin(pin)).toBe(true);
    for (const pin of ['1357', '2580', '0917', '482913']) expect(isGuessablePin(pin)).toBe(false);
  });

  it('hashes a PIN with its salt and checks it in constant time', async () => {
    const salt = Buffer.alloc(16, 3);
    const hash = await hashPin('2580', salt);

    expect(hash).not.toContain('2580');
    expect(await pinMatches('2580', salt, hash)).toBe(true);
    expect(await pinMatches('2581', salt, hash)).toBe(false);
    expect(await pinMatches('2580', Buffer.alloc(16, 4), hash)).toBe(false);
  });
});
