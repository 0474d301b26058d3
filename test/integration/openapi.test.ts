import { lintFromString, loadConfig } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { handler as getOpenApi } from '../../functions/platform/get-openapi';
import { REPO_ROOT } from '../../scripts/local/server';
import type { RouteSchemas } from '../../shared/routes';
import { ROUTE_DEFINITIONS } from '../../shared/routes';
import { invoke } from '../support/http';

interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  [keyword: string]: unknown;
}
interface Parameter {
  name: string;
  in: string;
  required: boolean;
  schema: JsonSchema;
}
interface Operation {
  operationId: string;
  summary: string;
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, unknown> };
}

const ROUTES = ROUTE_DEFINITIONS.filter((candidate) => candidate.method !== 'ANY');

async function openApiDocument(): Promise<Document> {
  const answer = await invoke(getOpenApi, { routeKey: 'GET /v1/openapi.json' });
  expect(answer.status).toBe(200);
  return answer.body as unknown as Document;
}

/** Every value under `key` anywhere in the document. */
function valuesOf(value: unknown, key: string): unknown[] {
  if (Array.isArray(value)) return value.flatMap((item) => valuesOf(item, key));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([name, inner]) => [
    ...(name === key ? [inner] : []),
    ...valuesOf(inner, key),
  ]);
}

const operationOf = (document: Document, id: string): Operation => {
  const route = ROUTES.find((candidate) => candidate.id === id);
  const operation = route && document.paths[route.path]?.[route.method.toLowerCase()];
  if (operation === undefined) throw new Error(`no operation ${id}`);
  return operation;
};

describe('GET /v1/openapi.json', () => {
  it('is an OpenAPI 3.1 document with every route of the route table', async () => {
    const document = await openApiDocument();

    expect(document.openapi).toBe('3.1.0');
    for (const route of ROUTES) {
      expect(document.paths[route.path]?.[route.method.toLowerCase()]?.operationId, route.id).toBe(route.id);
    }
  });

  it('refers only to components it has, and has only components it refers to', async () => {
    const document = await openApiDocument();
    const refs = new Set(valuesOf(document, '$ref'));
    const components = Object.keys(document.components.schemas);

    expect(
      [...refs].filter((ref) => typeof ref !== 'string' || !ref.startsWith('#/components/schemas/')),
    ).toEqual([]);
    expect([...refs].map((ref) => String(ref).slice('#/components/schemas/'.length)).sort()).toEqual(
      components.sort(),
    );
    expect(components).toEqual(
      expect.arrayContaining(['Problem', 'AdjustmentRequest', 'LedgerEntry', 'Draw']),
    );
    expect(valuesOf(document, '$schema')).toEqual([]);
    expect(valuesOf(document, '$id')).toEqual([]);
  });

  it('gives each operation its path parameters, security, header, body and responses', async () => {
    const document = await openApiDocument();

    for (const route of ROUTES) {
      const operation = operationOf(document, route.id);
      const schemas: RouteSchemas = route;
      const inPath = (operation.parameters ?? []).filter((parameter) => parameter.in === 'path');
      const templated = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      expect(inPath.map((parameter) => parameter.name).sort(), route.id).toEqual(templated.sort());
      expect(
        inPath.every((parameter) => parameter.required),
        route.id,
      ).toBe(true);
      expect(operation.security, route.id).toEqual(route.auth === 'jwt' ? [{ bearer: [] }] : []);
      const key = operation.parameters?.find((parameter) => parameter.in === 'header');
      expect(key, route.id).toEqual(
        route.idempotent === true
          ? { name: 'idempotency-key', in: 'header', required: true, schema: expect.any(Object) }
          : undefined,
      );
      expect(operation.requestBody?.required, route.id).toBe(schemas.body === undefined ? undefined : true);
      const success = String(schemas.responseStatus ?? 200);
      const refusals = Object.keys(operation.responses).filter((status) => /^4\d\d$/.test(status));
      expect(Object.keys(operation.responses), route.id).toEqual(
        expect.arrayContaining([success, 'default', '429']),
      );
      expect(refusals.includes('401') && refusals.includes('403'), route.id).toBe(route.auth === 'jwt');
      expect(refusals.includes('422'), route.id).toBe(route.idempotent === true);
      expect(refusals.includes('415'), route.id).toBe(schemas.body !== undefined);
      for (const status of refusals) {
        expect(operation.responses[status]?.content, `${route.id} ${status}`).toEqual({
          'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
        });
      }
      expect(operation.responses[success]?.content === undefined, route.id).toBe(
        schemas.response === undefined,
      );
      expect(operation.responses.default?.content, route.id).toEqual({
        'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
      });
    }
    expect(document.components.securitySchemes.bearer).toEqual({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
  });

  it('describes the request fields as the handlers check them', async () => {
    const document = await openApiDocument();
    const { schemas } = document.components;

    const adjustment = operationOf(document, 'PostAdjustment');
    expect(adjustment.requestBody?.content['application/json']?.schema).toEqual({
      $ref: '#/components/schemas/AdjustmentRequest',
    });
    expect(adjustment.parameters?.find((parameter) => parameter.name === 'idempotency-key')?.schema).toEqual({
      type: 'string',
      pattern: '^[A-Za-z0-9_-]{1,64}$',
    });
    expect(schemas.AdjustmentRequest).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: ['direction', 'points', 'reason'],
      properties: {
        direction: { enum: ['credit', 'debit'] },
        points: { type: 'integer', minimum: 1 },
        reason: { type: 'string', minLength: 1 },
      },
    });
    expect(schemas.AdjustmentResponse?.properties?.entry).toEqual({
      $ref: '#/components/schemas/LedgerEntry',
    });

    expect(operationOf(document, 'ListServiceRecords').parameters).toEqual([
      {
        name: 'status',
        in: 'query',
        required: false,
        schema: expect.objectContaining({ default: 'pending', enum: expect.arrayContaining(['pending']) }),
      },
      {
        name: 'limit',
        in: 'query',
        required: false,
        schema: expect.objectContaining({ type: 'integer', minimum: 1, maximum: 100, default: 20 }),
      },
      { name: 'cursor', in: 'query', required: false, schema: expect.objectContaining({ type: 'string' }) },
    ]);
    expect(
      operationOf(document, 'GetMonthlyReport').parameters?.map((parameter) => parameter.required),
    ).toEqual([true, false]);

    const minHours = schemas.DrawRequest?.properties?.minHours;
    expect(minHours).toMatchObject({ type: 'number', minimum: 0, default: 0, multipleOf: 0.25 });
    expect(schemas.DrawRequest?.required).toEqual(['winners', 'prizePoints']);
    expect(schemas.Draw).toEqual({
      anyOf: [{ $ref: '#/components/schemas/CommittedDraw' }, { $ref: '#/components/schemas/DrawnDraw' }],
    });
    expect(schemas.RegisterVolunteerRequest?.properties?.phone).toMatchObject({
      type: 'string',
      description: expect.stringContaining('mainland mobile number'),
    });
    expect(schemas.LedgerPage?.properties?.nextCursor).toEqual({ type: ['string', 'null'] });
    expect(schemas.Problem?.required).toEqual(['type', 'title', 'status', 'detail', 'code']);
  });

  it('lints clean with Redocly’s recommended rules: no error, no warning', async () => {
    const document = await openApiDocument();
    const config = await loadConfig({ configPath: `${REPO_ROOT}/redocly.yaml` });
    const problems = await lintFromString({
      source: JSON.stringify(document),
      absoluteRef: 'openapi.json',
      config,
    });

    expect(
      problems.map(
        (problem) =>
          `${problem.severity} ${problem.ruleId}: ${problem.message} at ${problem.location[0]?.pointer}`,
      ),
    ).toEqual([]);
  });

  it('describes the headers a refusal and a replay carry, and the CSV form of the monthly report', async () => {
    const document = await openApiDocument();
    const redemption = document.paths['/v1/stores/{storeId}/redemptions']?.post as unknown as {
      responses: Record<string, { headers?: Record<string, unknown> }>;
    };
    expect(Object.keys(redemption.responses['201']?.headers ?? {})).toEqual(['Idempotent-Replayed']);
    expect(Object.keys(redemption.responses['409']?.headers ?? {})).toEqual(['Idempotent-Replayed']);
    expect(Object.keys(redemption.responses['429']?.headers ?? {}).sort()).toEqual([
      'Idempotent-Replayed',
      'Retry-After',
    ]);
    const report = operationOf(document, 'GetMonthlyReport');
    expect(Object.keys(report.responses['200']?.content ?? {})).toEqual(['application/json', 'text/csv']);
    expect(Object.keys(document.components.schemas.Problem?.properties ?? {})).toEqual(
      expect.arrayContaining(['requestId', 'errors', 'existingId', 'retryAfterSeconds', 'cap', 'limit']),
    );
  });
});
