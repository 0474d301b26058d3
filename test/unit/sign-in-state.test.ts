import { describe, expect, it } from 'vitest';
import {
  activationRefusal,
  isActivationAddress,
  isActivationCode,
  normalizeDigits,
  pinProblem,
  tokenFromHash,
} from '../../web/src/identity/activation';
import {
  initialState,
  type Problem,
  reduce,
  type SignInEvent,
  type SignInState,
  signInRefusal,
} from '../../web/src/identity/sign-in/state';
import { createRequest, staffStatus, totpSecretOf, updateRequest } from '../../web/src/identity/staff-form';
import type { SignedInUser } from '../../web/src/platform/session';

/**
 * Staff sign-in, a volunteer's phone activation and the office's staff forms, as pure rules:
 * events in, state out; refusals from the server as the screen explains them.
 */
const play = (state: SignInState, ...events: SignInEvent[]): SignInState => events.reduce(reduce, state);

const refused = (code: string | undefined, body: Record<string, unknown> = {}, more: Partial<Problem> = {}) =>
  ({
    type: 'refused',
    problem: { code, status: 401, body, retryAfterSeconds: undefined, message: `general ${code}`, ...more },
  }) as const;

const submit = (totp?: string): SignInEvent => ({
  type: 'submitted',
  username: 'shichuan-counter',
  password: '什川镇爱心超市 柜台 2026',
  totp,
});

const clerk = (mustChangePassword: boolean): SignedInUser => ({
  sub: 'st_1',
  groups: ['counter'],
  storeId: 'shichuan-store',
  mustChangePassword,
});

const PHRASE = '什川的梨花开了 我们一起去看看吧';

describe('staff sign-in', () => {
  it('asks for the 6-digit code only when the server says the account needs it, and keeps the field shown', () => {
    // Act
    const asked = play(initialState, submit(), refused('UNAUTHENTICATED', { reason: 'totp-required' }));
    const wrongCode = play(asked, submit('123456'), refused('UNAUTHENTICATED', { reason: 'sign-in-failed' }));

    // Assess
    expect(asked).toMatchObject({ needTotp: true, sending: false, refusal: { kind: 'totp-required' } });
    expect(wrongCode).toMatchObject({ needTotp: true, refusal: { kind: 'wrong' } });
  });

  it('sends one sign-in at a time (a double tap is one request)', () => {
    const once = play(initialState, submit());
    expect(once.sending).toBe(true);
    expect(reduce(once, submit())).toBe(once);
  });

  it('tells a locked account when to come back, and a throttled device how long to wait', () => {
    expect(
      signInRefusal({
        code: 'THROTTLED',
        status: 429,
        body: { reason: 'account-locked', lockedUntil: '2026-05-01T02:15:00Z' },
        retryAfterSeconds: 900,
        message: '',
      }),
    ).toEqual({ kind: 'locked', until: '2026-05-01T02:15:00Z', seconds: 900 });
    expect(
      signInRefusal({ code: 'THROTTLED', status: 429, body: {}, retryAfterSeconds: 240, message: '' }),
    ).toEqual({ kind: 'throttled', seconds: 240 });
    expect(
      signInRefusal({
        code: 'VALIDATION_FAILED',
        status: 400,
        body: { errors: [{ path: 'body.username', message: 'x' }] },
        retryAfterSeconds: undefined,
        message: '',
      }),
    ).toEqual({ kind: 'username-format' });
    expect(
      signInRefusal({
        code: undefined,
        status: undefined,
        body: {},
        retryAfterSeconds: undefined,
        message: '',
      }),
    ).toEqual({ kind: 'network' });
  });

  it('goes on at once when the password is the member’s own', () => {
    const done = play(initialState, submit(), {
      type: 'signedIn',
      username: 'shichuan-counter',
      user: clerk(false),
    });
    expect(done.step).toEqual({ step: 'done' });
  });

  it('makes a member with an admin-set password choose their own, with the rule checked before sending', () => {
    // Prepare
    const asked = play(initialState, submit(), {
      type: 'signedIn',
      username: 'shichuan-counter',
      user: clerk(true),
    });
    const choose = (password: string, repeat = password): SignInEvent => ({
      type: 'newPasswordSubmitted',
      password,
      repeat,
      current: undefined,
    });

    // Act / Assess: too short (15 for a clerk, counted in characters), a typo in the repeat, one with the username
    expect(asked.step).toEqual({
      step: 'new-password',
      username: 'shichuan-counter',
      admin: false,
      askCurrent: false,
    });
    expect(reduce(asked, choose('梨花开了')).passwordRefusal).toEqual({ kind: 'too-short', length: 4 });
    expect(reduce(asked, choose(PHRASE, `${PHRASE}。`)).passwordRefusal).toEqual({ kind: 'mismatch' });
    expect(reduce(asked, choose('my shichuan-counter phrase')).passwordRefusal).toEqual({
      kind: 'contains-username',
    });
    const sending = reduce(asked, choose(PHRASE));
    expect(sending).toMatchObject({ sending: true, passwordRefusal: undefined });
    expect(reduce(sending, { type: 'passwordChanged' })).toMatchObject({
      step: { step: 'done' },
      changed: true,
    });
  });

  it('lets an admin choose 8 characters (they have a second factor)', () => {
    const admin = play(initialState, submit('123456'), {
      type: 'signedIn',
      username: 'gaolan-admin',
      user: { sub: 'st_a', groups: ['admin'], mustChangePassword: true },
    });
    expect(
      reduce(admin, {
        type: 'newPasswordSubmitted',
        password: '兰州 鼓子 2026',
        repeat: '兰州 鼓子 2026',
        current: undefined,
      }).sending,
    ).toBe(true);
  });

  it('asks for the current password after a reload, and again when the server says it was wrong', () => {
    const reloaded = reduce(initialState, {
      type: 'changeNeeded',
      username: 'shichuan-counter',
      user: clerk(true),
    });
    expect(reloaded.step).toMatchObject({ askCurrent: true });
    expect(
      reduce(reloaded, { type: 'newPasswordSubmitted', password: PHRASE, repeat: PHRASE, current: '' })
        .passwordRefusal,
    ).toEqual({ kind: 'wrong-current' });

    const sent = play(
      initialState,
      submit(),
      { type: 'signedIn', username: 'shichuan-counter', user: clerk(true) },
      { type: 'newPasswordSubmitted', password: PHRASE, repeat: PHRASE, current: undefined },
    );
    const wrong = reduce(sent, {
      type: 'passwordRefused',
      problem: {
        code: 'VALIDATION_FAILED',
        status: 400,
        body: { errors: [{ path: 'body.currentPassword', message: 'wrong password' }] },
        retryAfterSeconds: undefined,
        message: '',
      },
    });
    expect(wrong).toMatchObject({
      sending: false,
      passwordRefusal: { kind: 'wrong-current' },
      step: { askCurrent: true },
    });
  });

  it('explains the server’s own password refusals', () => {
    const sent = play(
      initialState,
      submit(),
      { type: 'signedIn', username: 'shichuan-counter', user: clerk(true) },
      { type: 'newPasswordSubmitted', password: PHRASE, repeat: PHRASE, current: undefined },
    );
    const refusal = (message: string) =>
      reduce(sent, {
        type: 'passwordRefused',
        problem: {
          code: 'VALIDATION_FAILED',
          status: 400,
          body: { errors: [{ path: 'body.newPassword', message }] },
          retryAfterSeconds: undefined,
          message: 'general',
        },
      }).passwordRefusal;
    expect(refusal('same as before')).toEqual({ kind: 'same' });
    expect(refusal('weak')).toEqual({ kind: 'weak' });
    expect(refusal('something else')).toEqual({ kind: 'other', message: 'general' });
  });
});

describe("a volunteer's phone activation", () => {
  const TOKEN = 'aB3_-aB3_-aB3_-aB3_-aB3_-aB3_-aB3_-aB3_-aB3';

  it('finds the QR link’s token after #, and the activation screen at /activate or /?activate', () => {
    expect(tokenFromHash(`#${TOKEN}`)).toBe(TOKEN);
    expect(tokenFromHash('#short')).toBeUndefined();
    expect(tokenFromHash('')).toBeUndefined();
    expect(isActivationAddress('/activate', '')).toBe(true);
    expect(isActivationAddress('/activate/', '')).toBe(true);
    expect(isActivationAddress('/activate/index.html', '')).toBe(true);
    expect(isActivationAddress('/', '?activate')).toBe(true);
    expect(isActivationAddress('/', '?next=%2Fcounter.html')).toBe(false);
  });

  it('takes a code typed with full-width digits or spaces', () => {
    expect(normalizeDigits('１２３ ４５６')).toBe('123456');
    expect(normalizeDigits('123-456')).toBe('123456');
    expect(isActivationCode(normalizeDigits('１２３ ４５６'))).toBe(true);
    expect(isActivationCode('12345')).toBe(false);
  });

  it('takes no PIN, or 4–6 digits typed the same twice', () => {
    expect(pinProblem('', '')).toBeUndefined();
    expect(pinProblem('2580', '2580')).toBeUndefined();
    expect(pinProblem('258', '258')).toBe('format');
    expect(pinProblem('2580', '2581')).toBe('mismatch');
  });

  it('explains a refused activation', () => {
    const problem = (code: string | undefined, body: Record<string, unknown> = {}): Problem => ({
      code,
      status: 401,
      body,
      retryAfterSeconds: 300,
      message: 'general',
    });
    expect(activationRefusal(problem('UNAUTHENTICATED', { reason: 'activation-invalid' }))).toEqual({
      kind: 'invalid',
    });
    expect(activationRefusal(problem('THROTTLED'))).toEqual({ kind: 'throttled', seconds: 300 });
    expect(activationRefusal(problem(undefined))).toEqual({ kind: 'network' });
    expect(
      activationRefusal(
        problem('VALIDATION_FAILED', { errors: [{ path: 'body.deviceName', message: 'x' }] }),
      ),
    ).toEqual({ kind: 'device-name' });
  });
});

describe("the office's staff forms", () => {
  const form = {
    username: 'lianhe-counter',
    name: '连搭镇爱心超市柜台',
    roles: ['counter'],
    storeId: 'lianda-store',
    orgId: '',
    password: '连搭镇爱心超市 柜台 2026',
  };

  it('makes a clerk with their store only, and refuses a clerk without one', () => {
    expect(createRequest(form)).toEqual({
      ok: true,
      request: {
        username: 'lianhe-counter',
        name: '连搭镇爱心超市柜台',
        roles: ['counter'],
        storeId: 'lianda-store',
        password: '连搭镇爱心超市 柜台 2026',
      },
    });
    expect(createRequest({ ...form, storeId: '' })).toEqual({ ok: false, problem: 'need-store' });
    expect(createRequest({ ...form, roles: ['coordinator'] })).toEqual({ ok: false, problem: 'need-org' });
    expect(createRequest({ ...form, roles: [] })).toEqual({ ok: false, problem: 'need-role' });
    expect(createRequest({ ...form, username: 'a b' })).toEqual({ ok: false, problem: 'need-username' });
    expect(createRequest({ ...form, password: 'short one' })).toEqual({ ok: false, problem: 'too-short' });
    expect(createRequest({ ...form, roles: ['admin'], password: 'short one' }).ok).toBe(true);
  });

  it('removes the store a member no longer needs when their role changes', () => {
    expect(
      updateRequest({
        name: ' 什川镇协调员 ',
        roles: ['coordinator'],
        storeId: 'shichuan-store',
        orgId: 'shichuan',
      }),
    ).toEqual({
      ok: true,
      request: { name: '什川镇协调员', roles: ['coordinator'], storeId: null, orgId: 'shichuan' },
    });
  });

  it('says what matters most about a member', () => {
    const now = '2026-05-01T02:00:00Z';
    expect(staffStatus({ disabled: true, mustChangePassword: true }, now)).toBe('disabled');
    expect(
      staffStatus({ disabled: false, lockedUntil: '2026-05-01T02:10:00Z', mustChangePassword: false }, now),
    ).toBe('locked');
    expect(
      staffStatus({ disabled: false, lockedUntil: '2026-05-01T01:10:00Z', mustChangePassword: true }, now),
    ).toBe('must-change');
    expect(staffStatus({ disabled: false, mustChangePassword: false }, now)).toBe('active');
  });

  it('shows an admin’s TOTP secret in groups of four', () => {
    expect(
      totpSecretOf(
        'otpauth://totp/%E7%88%B1:gaolan-admin?issuer=x&secret=JBSWY3DPEHPK3PXPJBSW&algorithm=SHA1',
      ),
    ).toBe('JBSW Y3DP EHPK 3PXP JBSW');
    expect(totpSecretOf('otpauth://totp/x')).toBeUndefined();
  });
});
