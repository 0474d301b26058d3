import { describe, expect, it } from 'vitest';
import { allowedMethods, pathFits } from '../../shared/platform/http/route-match';
import { ROUTE_DEFINITIONS } from '../../shared/routes';

const concrete = (template: string) => template.replace(/\{\w+\}/g, 'x1');

describe('route matching for the catch-all (405 with Allow)', () => {
  it.each(ROUTE_DEFINITIONS.filter((route) => route.path !== '$default').map((route) => [route.id, route]))(
    '%s: its own path lists its method, and nothing lists ANY',
    (_id, route) => {
      const allow = allowedMethods(ROUTE_DEFINITIONS, concrete(route.path));
      expect(allow).toContain(route.method);
      expect(allow).not.toContain('ANY');
    },
  );

  it('fits templates segment by segment: no empty parameters, no extra or missing segments', () => {
    expect(pathFits('/v1/volunteers/{id}', '/v1/volunteers/v1')).toBe(true);
    expect(pathFits('/v1/volunteers/{id}', '/v1/volunteers/')).toBe(false);
    expect(pathFits('/v1/volunteers/{id}', '/v1/volunteers/v1/')).toBe(false);
    expect(pathFits('/v1/volunteers/{id}', '/v1/volunteers')).toBe(false);
    expect(pathFits('/v1/files/{path+}', '/v1/files/a/b')).toBe(true);
    expect(pathFits('/v1/files/{path+}', '/v1/files/')).toBe(false);
    expect(pathFits('$default', '/anything')).toBe(false);
  });

  it('lists every method of a path once, sorted, and none for an unknown path', () => {
    expect(allowedMethods(ROUTE_DEFINITIONS, '/v1/stores/S1')).toEqual(['GET', 'PUT']);
    expect(allowedMethods(ROUTE_DEFINITIONS, '/v1/nothing')).toEqual([]);
  });
});
