import { describe, expect, it } from 'vitest';
import { handler as getOpenApi } from '../../functions/system/get-openapi';
import { ROUTE_DEFINITIONS } from '../../shared/routes';
import { invoke } from '../support/http';

describe('GET /v1/openapi.json', () => {
  it('is an OpenAPI 3.1 document with every route of the route table', async () => {
    const answer = await invoke(getOpenApi, { routeKey: 'GET /v1/openapi.json' });
    const paths = answer.body.paths as Record<string, Record<string, { operationId: string }>>;

    expect(answer.status).toBe(200);
    expect(answer.body.openapi).toBe('3.1.0');
    for (const route of ROUTE_DEFINITIONS.filter((candidate) => candidate.method !== 'ANY')) {
      const openApiPath = route.path;
      expect(paths[openApiPath]?.[route.method.toLowerCase()]?.operationId, route.id).toBe(route.id);
    }
  });
});
