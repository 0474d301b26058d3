/** Who is calling, as far as the rules care. Built from verified token claims at the edge. */
export const ROLES = ['admin', 'coordinator', 'counter', 'volunteer'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  /** The user's id from the token (`sub`). Scopes idempotency keys and records the actor. */
  userId: string;
  roles: ReadonlySet<Role>;
  volunteerId?: string | undefined;
  storeId?: string | undefined;
  orgId?: string | undefined;
  /**
   * The account's token version the token was issued at (`ver`); absent on local developer
   * tokens. The endpoint refuses a token whose account has moved on (shared/identity).
   */
  tokenVersion?: number | undefined;
  /** The member must choose their own password before anything else (the token's `pwd_change`). */
  mustChangePassword?: boolean | undefined;
}

/** The principal used by scheduled jobs (the monthly draw, the audit). */
export const SYSTEM_PRINCIPAL: Principal = { userId: 'system', roles: new Set<Role>(['admin']) };

export const hasRole = (principal: Principal, role: Role): boolean => principal.roles.has(role);
export const hasAnyRole = (principal: Principal, roles: readonly Role[]): boolean =>
  roles.some((role) => principal.roles.has(role));
