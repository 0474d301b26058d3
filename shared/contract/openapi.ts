import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import { ROUTE_DEFINITIONS, type RouteId } from '../routes';
import { Problem } from './common';
import { ROUTE_SCHEMAS, type RouteSchemas } from './route-schemas';

type Method = 'get' | 'post' | 'put' | 'delete';

/** The OpenAPI 3.1 document, built from the route table and the zod schemas the handlers use. */
export function buildOpenApiDocument() {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  const problem = { content: { 'application/problem+json': { schema: Problem } } };
  for (const route of ROUTE_DEFINITIONS) {
    if (route.method === 'ANY') continue;
    const schemas: RouteSchemas = ROUTE_SCHEMAS[route.id as RouteId];
    const idempotent = route.idempotent === true;
    registry.registerPath({
      method: route.method.toLowerCase() as Method,
      path: route.path,
      operationId: route.id,
      summary: route.summary,
      ...(route.auth === 'jwt' ? { security: [{ [bearer.name]: [] }] } : {}),
      ...(route.roles === 'anyone' ? {} : { description: `Roles: ${route.roles.join(', ')}` }),
      request: {
        ...(schemas.params === undefined ? {} : { params: schemas.params }),
        ...(schemas.query === undefined ? {} : { query: schemas.query }),
        ...(idempotent
          ? { headers: z.object({ 'idempotency-key': z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) }) }
          : {}),
        ...(schemas.body === undefined
          ? {}
          : { body: { required: true, content: { 'application/json': { schema: schemas.body } } } }),
      },
      responses: {
        [String(schemas.responseStatus ?? 200)]: {
          description: 'Success',
          ...(schemas.response === undefined
            ? {}
            : { content: { 'application/json': { schema: schemas.response } } }),
        },
        default: { description: 'A problem (RFC 9457)', ...problem },
      },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Aixin Points API (爱心积分)',
      version: '1.0.0',
      description: 'Points for approved volunteer service, spent at love supermarkets.',
    },
    servers: [{ url: '/' }],
  });
}
