import * as z from 'zod/mini';
import { IDEMPOTENCY_KEY_PATTERN } from '../domain/limits';
import { ROUTE_DEFINITIONS, type RouteId } from '../routes';
import { Problem } from './common';
import { ROUTE_SCHEMAS, type RouteSchemas } from './route-schemas';
import { QUERY_INT_DEFAULTS } from './text';

type JsonSchema = z.core.JSONSchema.BaseSchema;

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: JsonSchema;
}

interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { required: true; content: { 'application/json': { schema: JsonSchema } } };
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>;
}

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  components: {
    securitySchemes: Record<string, { type: 'http'; scheme: 'bearer'; bearerFormat: 'JWT' }>;
    schemas: Record<string, JsonSchema>;
  };
  paths: Record<string, Record<string, Operation>>;
}

const COMPONENTS = '#/components/schemas/';
const BEARER = 'bearer';

/**
 * JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) of the given schemas, from one
 * `z.toJSONSchema` pass: a schema registered with an `id` becomes a component that every use
 * refers to with `$ref`; any other schema is written out in full where it is used. Request and
 * response schemas are both described as input, that is as the JSON on the wire: defaults make a
 * field optional, and an object that is not strict allows fields it does not list.
 */
function describeSchemas(used: readonly z.core.$ZodType[]) {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of z.globalRegistry._idmap) registry.add(schema, { id });
  const inlineKeys = new Map<z.core.$ZodType, string>();
  for (const schema of used) {
    if (z.globalRegistry.get(schema)?.id !== undefined || inlineKeys.has(schema)) continue;
    const key = `(inline ${inlineKeys.size})`;
    inlineKeys.set(schema, key);
    registry.add(schema, { id: key });
  }
  const { schemas } = z.toJSONSchema(registry, {
    io: 'input',
    uri: (id) => `${COMPONENTS}${id}`,
    override: (context) => {
      const fallback = QUERY_INT_DEFAULTS.get(context.zodSchema);
      if (fallback !== undefined) context.jsonSchema.default = fallback;
    },
  });
  const all = new Map<string, JsonSchema>();
  for (const [key, payload] of Object.entries(schemas)) {
    if (key === '__shared') throw new Error('A schema could not be given a component of its own');
    const { $schema: _dialect, $id: _id, ...json } = payload as JsonSchema;
    all.set(key, json);
  }
  const inlineRefs = [...inlineKeys.values()].map((key) => `${COMPONENTS}${key}`);
  const text = JSON.stringify([...all.values()]);
  const nested = inlineRefs.find((ref) => text.includes(JSON.stringify(ref)));
  if (nested !== undefined) throw new Error(`A schema without an id is also used inside another: ${nested}`);

  return {
    /** The `$ref` of a component, or the schema itself. */
    of(schema: z.core.$ZodType): JsonSchema {
      const id = z.globalRegistry.get(schema)?.id;
      if (id !== undefined) return { $ref: `${COMPONENTS}${id}` };
      const json = all.get(inlineKeys.get(schema) ?? '');
      if (json === undefined) throw new Error('A schema was not described');
      return json;
    },
    /** The components reachable from the document's paths, and only those. */
    components(paths: unknown): Record<string, JsonSchema> {
      const reached = new Set<string>();
      const visit = (value: unknown): void => {
        if (Array.isArray(value)) {
          for (const item of value) visit(item);
        } else if (typeof value === 'object' && value !== null) {
          for (const [key, inner] of Object.entries(value)) {
            if (key === '$ref' && typeof inner === 'string' && inner.startsWith(COMPONENTS)) {
              const id = inner.slice(COMPONENTS.length);
              if (!reached.has(id)) {
                reached.add(id);
                visit(all.get(id));
              }
            } else {
              visit(inner);
            }
          }
        }
      };
      visit(paths);
      return Object.fromEntries(
        [...reached].sort().map((id) => {
          const json = all.get(id);
          if (json === undefined) throw new Error(`No component ${id}`);
          return [id, json];
        }),
      );
    },
  };
}

/** One parameter for each property of a path or query schema (a strict object). */
function parametersOf(objectSchema: JsonSchema, where: 'path' | 'query'): Parameter[] {
  const required = new Set(objectSchema.required ?? []);
  return Object.entries(objectSchema.properties ?? {}).map(([name, schema]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: schema as JsonSchema,
  }));
}

/** The OpenAPI 3.1 document, built from the route table and the zod schemas the handlers use. */
export function buildOpenApiDocument(): OpenApiDocument {
  const routes = ROUTE_DEFINITIONS.filter((route) => route.method !== 'ANY');
  const used: z.core.$ZodType[] = [Problem];
  for (const route of routes) {
    const schemas: RouteSchemas = ROUTE_SCHEMAS[route.id as RouteId];
    for (const schema of [schemas.params, schemas.query, schemas.body, schemas.response]) {
      if (schema !== undefined) used.push(schema);
    }
  }
  const described = describeSchemas(used);
  const problem = { content: { 'application/problem+json': { schema: described.of(Problem) } } };

  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) {
    const schemas: RouteSchemas = ROUTE_SCHEMAS[route.id as RouteId];
    const parameters = [
      ...(schemas.params === undefined ? [] : parametersOf(described.of(schemas.params), 'path')),
      ...(schemas.query === undefined ? [] : parametersOf(described.of(schemas.query), 'query')),
      ...(route.idempotent === true
        ? [
            {
              name: 'idempotency-key',
              in: 'header' as const,
              required: true,
              schema: { type: 'string' as const, pattern: IDEMPOTENCY_KEY_PATTERN.source },
            },
          ]
        : []),
    ];
    const operation: Operation = {
      operationId: route.id,
      summary: route.summary,
      ...(route.roles === 'anyone' ? {} : { description: `Roles: ${route.roles.join(', ')}` }),
      ...(route.auth === 'jwt' ? { security: [{ [BEARER]: [] }] } : {}),
      ...(parameters.length === 0 ? {} : { parameters }),
      ...(schemas.body === undefined
        ? {}
        : {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: described.of(schemas.body) } },
            },
          }),
      responses: {
        [String(schemas.responseStatus ?? 200)]: {
          description: 'Success',
          ...(schemas.response === undefined
            ? {}
            : { content: { 'application/json': { schema: described.of(schemas.response) } } }),
        },
        default: { description: 'A problem (RFC 9457)', ...problem },
      },
    };
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Aixin Points API (爱心积分)',
      version: '1.0.0',
      description: 'Points for approved volunteer service, spent at love supermarkets.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { [BEARER]: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: described.components(paths),
    },
    paths,
  };
}
