import { type Principal, ROLES, type Role } from '../principal';

/**
 * API Gateway's JWT authorizer hands claims to the function as strings, so an array claim such as
 * `cognito:groups` arrives as "[admin counter]". Local tokens are turned into the same shape by the
 * local server. This is the one place that reads either shape.
 */
export function parseGroups(value: unknown): Role[] {
  let names: unknown[] = [];
  if (Array.isArray(value)) names = value;
  else if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed.startsWith('[') && trimmed.includes('"')) {
      try {
        const parsed: unknown = JSON.parse(trimmed);
        names = Array.isArray(parsed) ? parsed : [];
      } catch {
        names = [];
      }
    } else {
      names = trimmed
        .replace(/^\[/, '')
        .replace(/\]$/, '')
        .split(/[\s,]+/);
    }
  }
  return names.filter(
    (name): name is Role => typeof name === 'string' && (ROLES as readonly string[]).includes(name),
  );
}

const optionalString = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

/** API Gateway passes every claim as a string ("3"); the local server's tokens arrive the same way. */
function versionOf(value: unknown): number | undefined {
  const version = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isSafeInteger(version) && version > 0 ? version : undefined;
}

export function principalFromClaims(claims: Record<string, unknown>): Principal | undefined {
  const userId = optionalString(claims.sub);
  if (userId === undefined) return undefined;
  return {
    userId,
    roles: new Set(parseGroups(claims['cognito:groups'])),
    volunteerId: optionalString(claims['custom:volunteerId']),
    storeId: optionalString(claims['custom:storeId']),
    orgId: optionalString(claims['custom:orgId']),
    tokenVersion: versionOf(claims.ver),
    ...(claims.pwd_change === undefined ? {} : { mustChangePassword: true }),
  };
}

/** The string form API Gateway uses for array claims, reproduced by the local server. */
export const groupsClaimString = (groups: readonly string[]): string => `[${groups.join(' ')}]`;
