import { describe, expect, it } from 'vitest';
import { ROLES } from '../../shared/platform/principal';
import { ROUTE_DEFINITIONS } from '../../shared/routes';

/**
 * The role guard in shared/platform/http/endpoint.ts admits a caller only if the route table names one of
 * the caller's roles. These checks keep the table itself honest, for every route added later.
 */
describe('route table: who may call what', () => {
  it.each(ROUTE_DEFINITIONS.filter((route) => route.auth === 'jwt').map((route) => [route.id, route]))(
    '%s needs a token and names the roles it admits (never "anyone")',
    (_id, route) => {
      expect(Array.isArray(route.roles)).toBe(true);
      const roles = route.roles as readonly string[];
      expect(roles.length).toBeGreaterThan(0);
      for (const role of roles) expect(ROLES as readonly string[]).toContain(role);
      expect(new Set(roles).size).toBe(roles.length);
    },
  );

  it('public routes are exactly the health check, the OpenAPI document and the $default 404', () => {
    const publicRoutes = ROUTE_DEFINITIONS.filter((route) => route.auth === 'public').map((route) =>
      route.path === '$default' ? '$default' : `${route.method} ${route.path}`,
    );
    expect(publicRoutes.sort()).toEqual(['$default', 'GET /v1/health', 'GET /v1/openapi.json'].sort());
  });

  it('public routes admit anyone and hold no table write, scan or signing key', () => {
    for (const route of ROUTE_DEFINITIONS.filter((candidate) => candidate.auth === 'public')) {
      expect(route.roles, route.id).toBe('anyone');
      expect(route.table, route.id).toEqual([]);
      expect(route.signingKey, route.id).not.toBe(true);
    }
  });

  it('every route has a unique id and a unique method and path', () => {
    const ids = ROUTE_DEFINITIONS.map((route) => route.id);
    const keys = ROUTE_DEFINITIONS.map((route) => `${route.method} ${route.path}`);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('per-route throttles are positive whole numbers with a burst at least the rate', () => {
    for (const route of ROUTE_DEFINITIONS) {
      if (route.throttle === undefined) continue;
      expect(Number.isInteger(route.throttle.rate) && route.throttle.rate > 0, route.id).toBe(true);
      expect(Number.isInteger(route.throttle.burst), route.id).toBe(true);
      expect(route.throttle.burst, route.id).toBeGreaterThanOrEqual(route.throttle.rate);
    }
  });
});
