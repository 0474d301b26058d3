import {
  PASSWORD_LENGTH_MAX,
  PASSWORD_LENGTH_MIN_SINGLE_FACTOR,
  PASSWORD_LENGTH_MIN_WITH_TOTP,
  type PasswordProblem,
  passwordProblem,
} from '../../../../shared/identity/rules/passwords';
import type { SignedInUser } from '../../platform/session';

/**
 * Staff sign-in as data: username and password (and, for an admin, the authenticator's 6-digit
 * code, asked once the server says so), then, when an admin set the password, the member's own
 * new password before anything else. No DOM, network or clock here: the answers arrive as events
 * made at the edge (effects.ts), and every refusal becomes a `Refusal` the screen explains.
 *
 * Passwords never enter the state: events carry them to the rule that checks a new one, and the
 * edge reads them from the form when it sends.
 */

/** An error as the edge heard it, as plain data. */
export interface Problem {
  /** The contract's code, or undefined when no answer came (the network). */
  readonly code: string | undefined;
  readonly status: number | undefined;
  readonly body: Readonly<Record<string, unknown>>;
  readonly retryAfterSeconds: number | undefined;
  /** The general sentence for it (describeError), for refusals without their own words. */
  readonly message: string;
}

/** Why signing in did not work, in the terms the screen explains. */
export type Refusal =
  /** Wrong username, password or code (the server does not say which). */
  | { readonly kind: 'wrong' }
  /** An admin's account: the authenticator's code is needed too. */
  | { readonly kind: 'totp-required' }
  /** Five wrong passwords: the account waits until `until` (ISO) or for `seconds`. */
  | { readonly kind: 'locked'; readonly until: string | undefined; readonly seconds: number | undefined }
  /** Too many failures from this device (all usernames). */
  | { readonly kind: 'throttled'; readonly seconds: number | undefined }
  | { readonly kind: 'username-format' }
  | { readonly kind: 'network' }
  | { readonly kind: 'other'; readonly message: string };

/** Why a new password was not taken. */
export type PasswordRefusal =
  | { readonly kind: PasswordProblem; readonly length?: number }
  | { readonly kind: 'mismatch' }
  | { readonly kind: 'same' }
  | { readonly kind: 'wrong-current' }
  | { readonly kind: 'network' }
  | { readonly kind: 'other'; readonly message: string };

export type Step =
  | { readonly step: 'credentials' }
  /** The member signed in with a password an admin set, and chooses their own. */
  | {
      readonly step: 'new-password';
      readonly username: string;
      readonly admin: boolean;
      /** Whether the current password must be typed again (it is not in memory after a reload). */
      readonly askCurrent: boolean;
    }
  | { readonly step: 'done' };

export interface SignInState {
  readonly step: Step;
  /** The 6-digit code field is shown (the server asked for it, or an earlier try needed it). */
  readonly needTotp: boolean;
  readonly sending: boolean;
  readonly refusal: Refusal | undefined;
  readonly passwordRefusal: PasswordRefusal | undefined;
  /** The new password was taken (shown before the page moves on). */
  readonly changed: boolean;
}

export type SignInEvent =
  | {
      readonly type: 'submitted';
      readonly username: string;
      readonly password: string;
      readonly totp: string | undefined;
    }
  | { readonly type: 'refused'; readonly problem: Problem }
  | { readonly type: 'signedIn'; readonly username: string; readonly user: SignedInUser }
  /** The page opened on a session that still has to change its password (after a reload). */
  | { readonly type: 'changeNeeded'; readonly username: string; readonly user: SignedInUser }
  | {
      readonly type: 'newPasswordSubmitted';
      readonly password: string;
      readonly repeat: string;
      readonly current: string | undefined;
    }
  | { readonly type: 'passwordRefused'; readonly problem: Problem }
  | { readonly type: 'passwordChanged' };

export const initialState: SignInState = {
  step: { step: 'credentials' },
  needTotp: false,
  sending: false,
  refusal: undefined,
  passwordRefusal: undefined,
  changed: false,
};

/** The shortest password the member may choose (admins have a second factor). */
export const passwordMinimum = (admin: boolean): number =>
  admin ? PASSWORD_LENGTH_MIN_WITH_TOTP : PASSWORD_LENGTH_MIN_SINGLE_FACTOR;
export { PASSWORD_LENGTH_MAX };

/** Characters as the server counts them (code points, after NFKC). */
export const passwordLength = (password: string): number => [...password.normalize('NFKC')].length;

const seconds = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;

/** A refusal of POST /auth/sign-in, as the screen explains it. */
export function signInRefusal(problem: Problem): Refusal {
  if (problem.code === undefined) return { kind: 'network' };
  const reason = problem.body.reason;
  if (problem.code === 'UNAUTHENTICATED' && reason === 'totp-required') return { kind: 'totp-required' };
  if (problem.code === 'UNAUTHENTICATED') return { kind: 'wrong' };
  if (problem.code === 'THROTTLED' && reason === 'account-locked') {
    const until = typeof problem.body.lockedUntil === 'string' ? problem.body.lockedUntil : undefined;
    return { kind: 'locked', until, seconds: problem.retryAfterSeconds };
  }
  if (problem.code === 'THROTTLED')
    return {
      kind: 'throttled',
      seconds: seconds(problem.body.retryAfterSeconds) ?? problem.retryAfterSeconds,
    };
  if (problem.code === 'VALIDATION_FAILED') {
    const errors = Array.isArray(problem.body.errors) ? (problem.body.errors as { path?: unknown }[]) : [];
    if (errors.some((error) => String(error.path ?? '').includes('username')))
      return { kind: 'username-format' };
  }
  return { kind: 'other', message: problem.message };
}

const PASSWORD_PROBLEMS: readonly PasswordProblem[] = ['too-short', 'too-long', 'weak', 'contains-username'];

/** A refusal of POST /auth/password, as the screen explains it. */
export function passwordRefusal(problem: Problem): PasswordRefusal {
  if (problem.code === undefined) return { kind: 'network' };
  if (problem.code === 'VALIDATION_FAILED') {
    const errors = Array.isArray(problem.body.errors)
      ? (problem.body.errors as { path?: unknown; message?: unknown }[])
      : [];
    for (const error of errors) {
      const path = String(error.path ?? '');
      if (path.endsWith('currentPassword')) return { kind: 'wrong-current' };
      if (error.message === 'same as before') return { kind: 'same' };
      const named = PASSWORD_PROBLEMS.find((kind) => kind === error.message);
      if (named !== undefined) return { kind: named };
    }
  }
  return { kind: 'other', message: problem.message };
}

/** The rule the server applies to a new password, checked before it is sent. */
export function checkNewPassword(
  password: string,
  repeat: string,
  context: { username: string; admin: boolean },
): PasswordRefusal | undefined {
  const problem = passwordProblem(password, { username: context.username, secondFactor: context.admin });
  if (problem === 'too-short') return { kind: problem, length: passwordLength(password) };
  if (problem !== undefined) return { kind: problem };
  if (password !== repeat) return { kind: 'mismatch' };
  return undefined;
}

function newPasswordStep(username: string, user: SignedInUser, askCurrent: boolean): Step {
  return { step: 'new-password', username, admin: user.groups.includes('admin'), askCurrent };
}

export function reduce(state: SignInState, event: SignInEvent): SignInState {
  switch (event.type) {
    case 'submitted':
      if (state.sending || state.step.step !== 'credentials') return state;
      return { ...state, sending: true, refusal: undefined };
    case 'refused': {
      if (!state.sending) return state;
      const refusal = signInRefusal(event.problem);
      return {
        ...state,
        sending: false,
        refusal,
        needTotp: state.needTotp || refusal.kind === 'totp-required',
      };
    }
    case 'signedIn':
      return {
        ...state,
        sending: false,
        refusal: undefined,
        step: event.user.mustChangePassword
          ? newPasswordStep(event.username, event.user, false)
          : { step: 'done' },
      };
    case 'changeNeeded':
      return { ...initialState, step: newPasswordStep(event.username, event.user, true) };
    case 'newPasswordSubmitted': {
      const step = state.step;
      if (state.sending || step.step !== 'new-password') return state;
      if (step.askCurrent && (event.current ?? '') === '')
        return { ...state, passwordRefusal: { kind: 'wrong-current' } };
      const refused = checkNewPassword(event.password, event.repeat, step);
      if (refused !== undefined) return { ...state, passwordRefusal: refused };
      return { ...state, sending: true, passwordRefusal: undefined };
    }
    case 'passwordRefused': {
      if (!state.sending || state.step.step !== 'new-password') return state;
      const refusal = passwordRefusal(event.problem);
      // Once the current password was refused, it is asked for (it may have been changed meanwhile).
      const step = refusal.kind === 'wrong-current' ? { ...state.step, askCurrent: true } : state.step;
      return { ...state, sending: false, passwordRefusal: refusal, step };
    }
    case 'passwordChanged':
      if (state.step.step !== 'new-password') return state;
      return { ...state, sending: false, passwordRefusal: undefined, changed: true, step: { step: 'done' } };
  }
}
