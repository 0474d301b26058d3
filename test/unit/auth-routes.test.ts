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

  /**
   * Routes anyone may call, each for a reason: the health check, the API's own description, the
   * 404 for every other path; the issuer's discovery and keys (API Gateway's authorizer reads them),
   * and sign-in itself; the project catalogue and a resident's own request (群众点单), who has no
   * account and follows it with its number and phone digits; and a certificate's check, which
   * whoever holds the paper (a school, an employer) opens from its QR code.
   */
  const PUBLIC = [
    '$default',
    'GET /v1/health',
    'GET /v1/openapi.json',
    'GET /v1/auth/.well-known/openid-configuration',
    'GET /v1/auth/jwks.json',
    'POST /v1/auth/sign-in',
    'POST /v1/auth/refresh',
    'POST /v1/auth/sign-out',
    'POST /v1/auth/activate',
    'GET /v1/projects',
    'GET /v1/places',
    'GET /v1/projects/{projectId}',
    'POST /v1/orders',
    'GET /v1/order-tracking',
    'POST /v1/order-tracking/cancel',
    'POST /v1/order-tracking/rating',
    'GET /v1/certificates/{certificateId}/verification',
    // 公示: the month's public notice (公益事业捐赠法 第二十二条), nothing personal in it.
    'GET /v1/disclosure',
  ];

  it('public routes are exactly the ones listed, each with its reason', () => {
    const publicRoutes = ROUTE_DEFINITIONS.filter((route) => route.auth === 'public').map((route) =>
      route.path === '$default' ? '$default' : `${route.method} ${route.path}`,
    );
    expect(publicRoutes.sort()).toEqual([...PUBLIC].sort());
  });

  it('public routes admit anyone, never scan or hold the signing key, and those that write are throttled', () => {
    for (const route of ROUTE_DEFINITIONS.filter((candidate) => candidate.auth === 'public')) {
      expect(route.roles, route.id).toBe('anyone');
      expect(route.table, route.id).not.toContain('scan');
      expect(route.signingKey, route.id).not.toBe(true);
      if (route.table.includes('write')) expect(route.throttle, route.id).toBeDefined();
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
