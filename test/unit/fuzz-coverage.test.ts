import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import type { RouteSchemas } from '../../shared/routes';
import { ROUTE_DEFINITIONS } from '../../shared/routes';
import { SAMPLES } from '../support/api-county';
import { jsonSchemaOf, valueFor } from '../support/fuzz-values';

/**
 * The generated fuzz and the authorization matrix reach every route only if each route has a
 * sample request and schemas the generator can walk: a route added without them fails here.
 */
describe('every route can be fuzzed', () => {
  it.each(ROUTE_DEFINITIONS.map((route) => [route.id, route] as const))('%s', (id, route) => {
    expect(SAMPLES[id as keyof typeof SAMPLES], id).toBeTypeOf('function');
    const schemas: RouteSchemas = route;
    for (const schema of [schemas.params, schemas.query, schemas.body]) {
      if (schema === undefined) continue;
      const generated = fc.sample(valueFor(jsonSchemaOf(schema as z.ZodMiniType)), { numRuns: 20, seed: 1 });
      expect(generated).toHaveLength(20);
      // Most generated values parse as JSON text, as the fuzz sends them.
      expect(generated.filter((value) => JSON.stringify(value) !== undefined).length).toBeGreaterThan(10);
    }
  });
});
