import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PARAMETER_GENERATOR_ENTRY } from '../../infra/constructs/key-parameters';
import { JOB_DEFINITIONS } from '../../shared/jobs';
import { buildOpenApiDocument } from '../../shared/platform/contract/openapi';
import { ROUTE_DEFINITIONS } from '../../shared/routes';

const ROOT = path.resolve(__dirname, '../..');
/** Functions that serve no HTTP route: the scheduled jobs, the stream projector and the stack's parameter generator. */
const NON_ROUTE_ENTRIES = new Set([
  ...JOB_DEFINITIONS.map((job) => job.entry),
  'functions/ledger/project-movements.ts',
  PARAMETER_GENERATOR_ENTRY,
]);

function handlerFiles(): string[] {
  return readdirSync(path.join(ROOT, 'functions'), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)));
}

/**
 * D3, "the route says it": the route table, the handler modules and the OpenAPI document agree.
 * Each entry's module exists and exports the handler built from that very entry (so its schemas,
 * roles and idempotency are the entry's); no handler declares schemas of its own; every handler
 * file is some route's or job's; OpenAPI has exactly the table's operations.
 */
describe('route table, handlers and OpenAPI agree', () => {
  it.each(ROUTE_DEFINITIONS.map((route) => [route.id, route] as const))(
    '%s: its entry exports the handler built from this entry',
    async (id, route) => {
      expect(existsSync(path.join(ROOT, route.entry)), route.entry).toBe(true);
      const module = (await import(path.join(ROOT, route.entry))) as { handler?: { route?: string } };
      expect(module.handler, route.entry).toBeTypeOf('function');
      expect(module.handler?.route).toBe(id);
    },
  );

  it('gives each route its own handler module, and every handler module a route or a job', () => {
    const entries = ROUTE_DEFINITIONS.map((route) => route.entry);
    expect(new Set(entries).size).toBe(entries.length);
    const files = handlerFiles().sort();
    expect(files).toEqual([...entries, ...NON_ROUTE_ENTRIES].sort());
  });

  it('keeps schemas in the route table only: no handler imports a contract module for parsing', () => {
    const withSchemas = handlerFiles().filter((file) => {
      if (NON_ROUTE_ENTRIES.has(file)) return false;
      const source = readFileSync(path.join(ROOT, file), 'utf8');
      return /from '[^']*\/contract\/(?!openapi')[^']*'/.test(source) || /\{\s*route:\s*'/.test(source);
    });
    expect(withSchemas).toEqual([]);
  });

  it('documents exactly the table’s operations in OpenAPI, each under its route id', () => {
    const document = buildOpenApiDocument();
    const documented = Object.entries(document.paths).flatMap(([pathName, operations]) =>
      Object.entries(operations as Record<string, { operationId: string }>).map(
        ([method, operation]) => `${operation.operationId} ${method.toUpperCase()} ${pathName}`,
      ),
    );
    const table = ROUTE_DEFINITIONS.filter((route) => route.method !== 'ANY').map(
      (route) => `${route.id} ${route.method} ${route.path}`,
    );
    expect(documented.sort()).toEqual(table.sort());
  });
});
