import type {
  CreateStaffRequest,
  StaffMember,
  UpdateStaffRequest,
} from '../../../shared/identity/contract/identity';
import { type PasswordProblem, passwordProblem } from '../../../shared/identity/rules/passwords';

/**
 * The office's staff forms, pure: the request a filled-in form makes (or why it cannot be sent
 * yet), a member's state as one word, and the TOTP secret inside an otpauth URI. The server
 * checks the same rules; these only save a round trip and say it in plain words.
 */
export const STAFF_ROLES = ['counter', 'coordinator', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface StaffFormValues {
  username: string;
  name: string;
  roles: readonly string[];
  storeId: string;
  orgId: string;
  password: string;
}

export type StaffFormProblem =
  | 'need-username'
  | 'need-name'
  | 'need-role'
  | 'need-store'
  | 'need-org'
  | PasswordProblem;

const USERNAME = /^[A-Za-z0-9._-]{3,32}$/;

const rolesOf = (roles: readonly string[]): StaffRole[] => STAFF_ROLES.filter((role) => roles.includes(role));

/** Where a role set needs a store or an organisation (a clerk works at one store, a coordinator for one organisation). */
function scopeProblem(
  roles: readonly StaffRole[],
  storeId: string,
  orgId: string,
): StaffFormProblem | undefined {
  if (roles.length === 0) return 'need-role';
  if (roles.includes('counter') && storeId === '') return 'need-store';
  if (roles.includes('coordinator') && orgId === '') return 'need-org';
  return undefined;
}

/** The password rule for a first password the office sets (admins have a second factor). */
export function firstPasswordProblem(
  password: string,
  username: string,
  roles: readonly string[],
): PasswordProblem | undefined {
  return passwordProblem(password, { username, secondFactor: roles.includes('admin') });
}

export function createRequest(
  values: StaffFormValues,
): { ok: true; request: CreateStaffRequest } | { ok: false; problem: StaffFormProblem } {
  const username = values.username.trim();
  const name = values.name.trim();
  const roles = rolesOf(values.roles);
  if (!USERNAME.test(username)) return { ok: false, problem: 'need-username' };
  if (name === '') return { ok: false, problem: 'need-name' };
  const scope = scopeProblem(roles, values.storeId, values.orgId);
  if (scope !== undefined) return { ok: false, problem: scope };
  const password = firstPasswordProblem(values.password, username, roles);
  if (password !== undefined) return { ok: false, problem: password };
  return {
    ok: true,
    request: {
      username,
      name,
      roles,
      ...(roles.includes('counter') ? { storeId: values.storeId } : {}),
      ...(roles.includes('coordinator') ? { orgId: values.orgId } : {}),
      password: values.password,
    },
  };
}

/** A change of name, roles and scope; a store or organisation the roles no longer need is removed. */
export function updateRequest(
  values: Pick<StaffFormValues, 'name' | 'roles' | 'storeId' | 'orgId'>,
): { ok: true; request: UpdateStaffRequest } | { ok: false; problem: StaffFormProblem } {
  const name = values.name.trim();
  const roles = rolesOf(values.roles);
  if (name === '') return { ok: false, problem: 'need-name' };
  const scope = scopeProblem(roles, values.storeId, values.orgId);
  if (scope !== undefined) return { ok: false, problem: scope };
  return {
    ok: true,
    request: {
      name,
      roles,
      storeId: roles.includes('counter') ? values.storeId : null,
      orgId: roles.includes('coordinator') ? values.orgId : null,
    },
  };
}

export type StaffStatus = 'disabled' | 'locked' | 'must-change' | 'active';

/** What matters most about a member now: disabled, locked out, yet to choose a password, or fine. */
export function staffStatus(
  member: Pick<StaffMember, 'disabled' | 'lockedUntil' | 'mustChangePassword'>,
  nowIso: string,
): StaffStatus {
  if (member.disabled) return 'disabled';
  if (member.lockedUntil !== undefined && member.lockedUntil > nowIso) return 'locked';
  if (member.mustChangePassword) return 'must-change';
  return 'active';
}

/** The base32 secret of an otpauth:// URI, in groups of four for typing by hand; undefined if none. */
export function totpSecretOf(uri: string): string | undefined {
  const match = /[?&]secret=([A-Z2-7]+)/i.exec(uri);
  if (match?.[1] === undefined) return undefined;
  return match[1].toUpperCase().replace(/(.{4})(?=.)/g, '$1 ');
}
