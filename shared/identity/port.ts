import type { JWK } from 'jose';
import type { LockState, StaffRole } from './rules/accounts';
import type { ActivationState, SessionState } from './rules/devices';

/**
 * The issuer's key: in AWS a KMS `RSA_2048` signing key (the private half never leaves KMS), under
 * `npm start` a key file. `sign` gets the JWS signing input and answers the RS256 signature.
 */
export interface TokenSigner {
  /** The `kid` of the tokens it signs and of its public key in the JWKS (read with the key). */
  keyId(): Promise<string>;
  sign(input: Uint8Array): Promise<Uint8Array>;
  /** The public key as a JWK (with `kid`, `alg`, `use`), for the JWKS document. */
  publicJwk(): Promise<JWK>;
}

/** A staff member's account as kept. */
export interface StaffAccount {
  userId: string;
  username: string;
  name: string;
  roles: StaffRole[];
  storeId?: string | undefined;
  orgId?: string | undefined;
  disabled: boolean;
  tokenVersion: number;
  passwordHash: string;
  mustChangePassword: boolean;
  /** Base32 TOTP secret; present once enrolled (admins always). */
  totpSecret?: string | undefined;
  /** Wrong passwords and the lock they led to, kept apart from the account (its guard). */
  lock: LockState;
  createdAt: string;
  updatedAt: string;
}

/** A signed-in device (a volunteer's phone) or staff session, in its owner's partition. */
export interface Session extends SessionState {
  owner: string;
  sessionId: string;
  kind: 'device' | 'staff';
  name?: string | undefined;
  pinHash?: string | undefined;
  createdAt: string;
  lastUsedAt: string;
}

export interface Activation extends ActivationState {
  tokenHash: string;
  code: string;
  volunteerId: string;
  createdBy: string;
  createdAt: string;
}

/** Accounts: staff and volunteers' sign-in state. Each conditional write enforces a rule of rules/. */
export interface AccountStore {
  staffByUsername(username: string): Promise<StaffAccount | undefined>;
  staff(userId: string): Promise<StaffAccount | undefined>;
  listStaff(): Promise<StaffAccount[]>;
  /**
   * Creates the account and claims its username together, only while the username is free and
   * the store or organisation it names exists.
   */
  createStaff(account: StaffAccount): Promise<'created' | 'username-taken' | 'unknown-store' | 'unknown-org'>;
  /**
   * Replaces the account while it is still at `expectedUpdatedAt` (no lost update) and the store
   * or organisation it names exists.
   */
  replaceStaff(
    account: StaffAccount,
    expectedUpdatedAt: string,
  ): Promise<'replaced' | 'changed-meanwhile' | 'unknown-store' | 'unknown-org'>;
  /** Records a wrong password (and the lock it leads to); never lost to a concurrent success. */
  recordFailure(userId: string, lock: LockState): Promise<void>;
  /** Clears the failure count after a right password. */
  clearFailures(userId: string): Promise<void>;
  /** A volunteer's sign-in state, opened at version 1 by their first activation (a write). */
  volunteerLogin(volunteerId: string): Promise<{ tokenVersion: number }>;
  /** Moves a volunteer's token version on (a device revoked): their other devices refresh. */
  bumpVolunteer(volunteerId: string): Promise<void>;
  /** The token version and disabled flag of the account a token names (`st_…` or `vo_…`). */
  accessOf(subject: string): Promise<{ tokenVersion: number; disabled: boolean } | undefined>;
}

export interface SessionStore {
  create(session: Session): Promise<void>;
  get(owner: string, sessionId: string): Promise<Session | undefined>;
  /**
   * Replaces the secret and extends the session, only while `canRefresh` holds for the presented
   * secret: the current one (which then becomes the previous one, for the grace), or the previous
   * one within the grace (which leaves the grace where it was, so it cannot be stretched).
   */
  rotate(
    session: Session,
    presented: { hash: string; which: 'current' | 'previous' },
    next: { secretHash: string; expiresAt: string; at: string },
  ): Promise<boolean>;
  /** Counts a wrong PIN; at the limit the session is revoked. */
  recordPinFailure(session: Session, revoke: boolean, at: string): Promise<void>;
  revoke(owner: string, sessionId: string, at: string): Promise<boolean>;
  list(owner: string): Promise<Session[]>;
}

export interface ActivationStore {
  /** Writes the activation and claims its code, only while `canClaimCode`; false when the code is held. */
  create(activation: Activation): Promise<boolean>;
  byToken(tokenHash: string): Promise<Activation | undefined>;
  byCode(code: string): Promise<Activation | undefined>;
  /** Marks it used, only while `canUseActivation`; false when it was used or has expired. */
  use(tokenHash: string, at: string): Promise<boolean>;
}

/** Counts failed attempts per client (address) in fixed windows. */
export interface AttemptLimiter {
  /** Throws THROTTLED when the client has no attempt left in the window. */
  check(limit: 'sign-in' | 'activation', client: string): Promise<void>;
  /** Counts one failed attempt. */
  fail(limit: 'sign-in' | 'activation', client: string): Promise<void>;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
}

/** The people the identity use cases look up: whom a coordinator may act for. */
export interface VolunteerDirectory {
  /** A volunteer's organisation, or undefined when there is no such volunteer. */
  scopeOf(volunteerId: string): Promise<{ volunteerId: string; orgId?: string | undefined } | undefined>;
  orgIsWithin(orgId: string, ancestorId: string): Promise<boolean>;
}

export interface IdentityDeps {
  accounts: AccountStore;
  volunteers: VolunteerDirectory;
  sessions: SessionStore;
  activations: ActivationStore;
  limiter: AttemptLimiter;
  passwords: PasswordHasher;
  signer: TokenSigner;
  /** This deployment's issuer (`aixin-local`, or the API's `/v1/auth` URL in AWS). */
  issuer: string;
  random: (bytes: number) => Uint8Array;
  now: () => Date;
}

/**
 * A sign-in vouched for by another party, exchanged for our own tokens (designed for WeChat, not
 * built: docs/sign-in.md, "WeChat later"). The client gets a one-time code from the party (a WeChat
 * Mini Program's `wx.login()`), the server exchanges it for the person's stable id there (WeChat's
 * `code2Session` answers `openid`, and `unionid` when the app is bound to an Open Platform
 * account), and an account linked to that id by the office or by an already signed-in person is
 * signed in with the same `openSession` as every other sign-in. The party's own keys (WeChat's
 * `session_key`) never leave the server and are never stored.
 */
export interface ExternalIdentityProvider {
  /** The party's name in link items and logs: `wechat`. */
  readonly provider: string;
  /** The person's stable id at the party for a one-time code, or undefined when the code is refused. */
  exchange(code: string): Promise<{ subject: string; unionId?: string | undefined } | undefined>;
}

/** Which of our accounts an outside identity signs in as (one link per outside id). */
export interface ExternalLinkStore {
  /** The account linked to the party's subject, if any. */
  accountOf(provider: string, subject: string): Promise<string | undefined>;
  /** Links once: false when the outside id is already linked to an account. */
  link(provider: string, subject: string, accountSubject: string, at: string): Promise<boolean>;
  unlink(provider: string, subject: string): Promise<void>;
}
