import type { RouteDefinition } from '../../routes';

type RouteShape = Pick<RouteDefinition, 'method' | 'path'>;

/**
 * True when a request path fits a route's path template: the same number of segments, literal
 * segments equal, each `{param}` one non-empty segment, a `{param+}` the non-empty rest.
 */
export function pathFits(template: string, rawPath: string): boolean {
  if (template === '$default') return false;
  const wanted = template.split('/');
  const given = rawPath.split('/');
  for (let index = 0; index < wanted.length; index += 1) {
    const segment = wanted[index] ?? '';
    if (/^\{\w+\+\}$/.test(segment)) return given.slice(index).some((part) => part !== '');
    const part = given[index];
    if (part === undefined) return false;
    if (/^\{\w+\}$/.test(segment)) {
      if (part === '') return false;
    } else if (part !== segment) {
      return false;
    }
  }
  return given.length === wanted.length;
}

/**
 * The methods the route table serves at a path, sorted; empty when no route has that path. A
 * request that reached the catch-all with a path in this list used the wrong method: 405 + Allow.
 */
export function allowedMethods(routes: readonly RouteShape[], rawPath: string): string[] {
  const methods = new Set<string>();
  for (const route of routes) {
    if (route.method !== 'ANY' && pathFits(route.path, rawPath)) methods.add(route.method);
  }
  return [...methods].sort();
}
