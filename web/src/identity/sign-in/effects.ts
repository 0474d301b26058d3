import type { StaffMember, TokenResponse } from '../../../../shared/identity/contract/identity';
import { ApiError, call, callPublic, sessions } from '../../platform/api';
import type { WebConfig } from '../../platform/config';
import { describeError } from '../../platform/errors';
import { type Session, sessionFromTokens } from '../../platform/session';
import type { Problem, SignInEvent, SignInState } from './state';

/**
 * The sign-in's edge: POST /auth/sign-in, and POST /auth/password for the member's own password.
 * A successful sign-in is saved at once (so a reload on the new-password step keeps it); the
 * pages refuse to work until the password is changed (`requireRole`).
 */
export function problemOf(error: unknown): Problem {
  return {
    code: error instanceof ApiError ? error.code : undefined,
    status: error instanceof ApiError ? error.status : undefined,
    body: error instanceof ApiError ? error.body : {},
    retryAfterSeconds: error instanceof ApiError ? error.retryAfterSeconds : undefined,
    message: describeError(error),
  };
}

/** Saves a new session in place of whatever this device had (which is signed out on the server). */
export function adopt(session: Session): void {
  const previous = sessions.read();
  sessions.save(session);
  if (previous?.refreshToken !== undefined && previous.refreshToken !== session.refreshToken) {
    void callPublic(previous.apiBase, 'POST', '/auth/sign-out', {
      refreshToken: previous.refreshToken,
    }).catch(() => undefined);
  }
}

export function signInEffects(
  config: WebConfig,
  dispatch: (event: SignInEvent) => void,
  onDone: (session: Session) => void,
) {
  /** The password typed at sign-in, kept in memory for the new-password step only. */
  let typedPassword: string | undefined;

  async function signIn(username: string, password: string, totp: string | undefined): Promise<void> {
    try {
      const answer = await callPublic<TokenResponse>(config.apiBase, 'POST', '/auth/sign-in', {
        username,
        password,
        ...(totp === undefined ? {} : { totp }),
      });
      const made = sessionFromTokens(answer, { apiBase: config.apiBase, mode: config.mode }, Date.now());
      if (made === undefined) throw new ApiError(502, 'INTERNAL', 'unreadable token answer', {});
      const session: Session = { ...made, username };
      adopt(session);
      typedPassword = answer.user.mustChangePassword ? password : undefined;
      dispatch({ type: 'signedIn', username, user: answer.user });
      if (!answer.user.mustChangePassword) onDone(session);
    } catch (error) {
      dispatch({ type: 'refused', problem: problemOf(error) });
    }
  }

  async function changePassword(current: string, password: string): Promise<void> {
    try {
      await call<StaffMember>('POST', '/auth/password', {
        body: { currentPassword: current, newPassword: password },
      });
      typedPassword = undefined;
      const session = sessions.read();
      if (session === undefined) throw new ApiError(401, 'UNAUTHENTICATED', 'not signed in', {});
      const changed: Session =
        session.user === undefined
          ? session
          : { ...session, user: { ...session.user, mustChangePassword: false } };
      sessions.save(changed);
      dispatch({ type: 'passwordChanged' });
      onDone(changed);
    } catch (error) {
      dispatch({ type: 'passwordRefused', problem: problemOf(error) });
    }
  }

  return {
    follow(event: SignInEvent, before: SignInState, after: SignInState): void {
      if (event.type === 'submitted' && after.sending && !before.sending) {
        void signIn(event.username, event.password, event.totp);
      }
      if (event.type === 'newPasswordSubmitted' && after.sending && !before.sending) {
        const step = after.step;
        const current = step.step === 'new-password' && step.askCurrent ? event.current : typedPassword;
        void changePassword(current ?? '', event.password);
      }
    },
  };
}
