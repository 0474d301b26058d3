import * as z from 'zod/mini';
import type { RouteSchemas } from '../../routes';
import { ROUTE_DEFINITIONS, type RouteDefinition, type RouteId } from '../../routes';
import { ERROR_STATUS, type ErrorCode } from '../errors';
import { IDEMPOTENCY_KEY_PATTERN } from '../limits';
import { Problem } from './common';
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
  security: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { required: true; content: { 'application/json': { schema: JsonSchema } } };
  responses: Record<string, Response>;
}

interface Response {
  description: string;
  headers?: Record<string, { description: string; schema: JsonSchema }>;
  content?: Record<string, { schema: JsonSchema }>;
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

const REPLAYED_HEADER = {
  description: '`true` when this is the first answer to this Idempotency-Key and body, given again',
  schema: { type: 'string' as const, enum: ['true'] },
};
const RETRY_AFTER_HEADER = {
  description: 'Seconds to wait before trying again',
  schema: { type: 'integer' as const, minimum: 1 },
};

/** Routes that can also answer in another media type than JSON. */
const TEXT_ALTERNATIVES: Partial<Record<RouteId, Record<string, { schema: JsonSchema }>>> = {
  GetMonthlyReport: {
    'text/csv': {
      schema: { type: 'string', description: 'With `format=csv`: the same report as CSV, UTF-8 with a BOM' },
    },
  },
};

/** Refusals a route gives besides those its shape implies (below). */
const EXTRA_REFUSALS: Partial<Record<RouteId, number[]>> = {
  PostScan: [400, 423],
  PostRedemption: [400],
  GetDrawEntrants: [409],
};

/** Statuses a kept refusal may have: replayed with Idempotent-Replayed under the same key. */
const KEPT_STATUSES = new Set([403, 404, 409, 423, 429]);

/** The codes of each status, for the descriptions. */
function codesOf(status: number): string {
  return (Object.entries(ERROR_STATUS) as [ErrorCode, number][])
    .filter(([, each]) => each === status)
    .map(([code]) => `\`${code}\``)
    .join(', ');
}

/**
 * The refusals of one operation, derived from what the route table and its schemas say about it,
 * so a new route is described the day it is added: 400 for anything it parses, 401/403 behind the
 * authorizer, 404 for a path (or a body) naming a resource, 409 for a write, 413/415 for a body, 422 for an
 * Idempotency-Key, and 429 everywhere (API Gateway throttles every route, the counter has limits
 * per caller).
 */
function problemResponses(
  route: RouteDefinition,
  schemas: RouteSchemas,
  problem: Record<string, { schema: JsonSchema }>,
): Record<string, Response> {
  const statuses = new Set<number>(EXTRA_REFUSALS[route.id as RouteId] ?? []);
  const parses = schemas.params !== undefined || schemas.query !== undefined || schemas.body !== undefined;
  if (parses || route.idempotent === true) statuses.add(400);
  if (route.auth === 'jwt') {
    statuses.add(401);
    statuses.add(403);
  }
  // A path naming a resource, or a body naming a volunteer the caller may not know of.
  if (schemas.params !== undefined || route.scope === 'body-volunteer') statuses.add(404);
  if ((route.method === 'POST' || route.method === 'PUT') && route.table.includes('write')) statuses.add(409);
  if (schemas.body !== undefined) {
    statuses.add(413);
    statuses.add(415);
  }
  if (route.idempotent === true) statuses.add(422);
  statuses.add(429);
  return Object.fromEntries(
    [...statuses]
      .sort((a, b) => a - b)
      .map((status) => {
        const headers = {
          ...(status === 429 ? { 'Retry-After': RETRY_AFTER_HEADER } : {}),
          ...(route.idempotent === true && KEPT_STATUSES.has(status)
            ? { 'Idempotent-Replayed': REPLAYED_HEADER }
            : {}),
        };
        const response: Response = {
          description: `A problem: ${codesOf(status)}`,
          ...(Object.keys(headers).length === 0 ? {} : { headers }),
          content: problem,
        };
        return [String(status), response];
      }),
  );
}

/** The OpenAPI 3.1 document, built from the route table and the zod schemas the handlers use. */
export function buildOpenApiDocument(): OpenApiDocument {
  const routes = ROUTE_DEFINITIONS.filter((route) => route.method !== 'ANY');
  const used: z.core.$ZodType[] = [Problem];
  for (const route of routes) {
    const schemas: RouteSchemas = route;
    for (const schema of [schemas.params, schemas.query, schemas.body, schemas.response]) {
      if (schema !== undefined) used.push(schema);
    }
  }
  const described = describeSchemas(used);
  const problem = { 'application/problem+json': { schema: described.of(Problem) } };

  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) {
    const schemas: RouteSchemas = route;
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
      security: route.auth === 'jwt' ? [{ [BEARER]: [] }] : [],
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
          ...(route.idempotent === true ? { headers: { 'Idempotent-Replayed': REPLAYED_HEADER } } : {}),
          ...(schemas.response === undefined
            ? {}
            : {
                content: {
                  'application/json': { schema: described.of(schemas.response) },
                  ...(TEXT_ALTERNATIVES[route.id as RouteId] ?? {}),
                },
              }),
        },
        ...(schemas.continues === true && schemas.response !== undefined
          ? {
              '202': {
                description:
                  'Still under way: how far it got. Send the same request with the same Idempotency-Key again.',
                headers: { 'Retry-After': RETRY_AFTER_HEADER },
                content: { 'application/json': { schema: described.of(schemas.response) } },
              },
            }
          : {}),
        ...problemResponses(route, schemas, problem),
        default: { description: 'A problem (RFC 9457)', content: problem },
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
