import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const AREAS = [
  'ledger',
  'people',
  'earning',
  'stores',
  'draws',
  'reports',
  'identity',
  'orders',
  'activities',
  'messages',
  'records',
  'trips',
  'donations',
] as const;
const ROOMS = new Set(['contract', 'rules', 'use-cases', 'store', 'port.ts', 'routes.ts']);

/** Imports a use case must not have: the SDK, a store, the DynamoDB plumbing, the runtime. */
const FORBIDDEN =
  /from '(@aws-sdk\/[^']*|[^']*\/store\/[^']*|[^']*platform\/dynamo\/[^']*|[^']*platform\/runtime)'/g;
/** Imports pure rules must not have: anything with I/O. */
const IMPURE =
  /from '(@aws-sdk\/[^']*|[^']*\/(store|use-cases)\/[^']*|[^']*platform\/(dynamo\/[^']*|runtime|config))'/g;

const filesIn = (dir: string): string[] => {
  try {
    return readdirSync(path.join(ROOT, dir))
      .filter((name) => name.endsWith('.ts'))
      .map((name) => `${dir}/${name}`);
  } catch {
    return [];
  }
};
const importsMatching = (file: string, pattern: RegExp): string[] =>
  [...readFileSync(path.join(ROOT, file), 'utf8').matchAll(pattern)].map((match) => match[1] ?? '');

describe('the house: one room per area, use cases behind ports', () => {
  it.each(AREAS)('%s holds only contract, rules, use cases, its store, its port and its routes', (area) => {
    const rooms = readdirSync(path.join(ROOT, 'shared', area));
    expect(rooms.filter((room) => !ROOMS.has(room))).toEqual([]);
    expect(rooms).toContain('routes.ts');
  });

  it.each(AREAS)('%s: no use case imports the SDK, a store, the DynamoDB plumbing or the runtime', (area) => {
    const useCases = filesIn(`shared/${area}/use-cases`);
    expect(useCases.length, area).toBeGreaterThan(0);
    for (const file of useCases) expect(importsMatching(file, FORBIDDEN), file).toEqual([]);
  });

  it.each(AREAS)('%s: its rules are pure (no SDK, store, use case, runtime or config)', (area) => {
    for (const file of filesIn(`shared/${area}/rules`))
      expect(importsMatching(file, IMPURE), file).toEqual([]);
  });

  it('keeps the port of a moved area free of the SDK', () => {
    for (const area of AREAS) {
      const port = `shared/${area}/port.ts`;
      expect(filesIn(`shared/${area}`), area).toContain(port);
      expect(importsMatching(port, FORBIDDEN), port).toEqual([]);
    }
    expect(filesIn('shared/earning')).toContain('shared/earning/port.ts');
  });

  it('lets pages take request and response types from the shared contract, types only', () => {
    const webFiles = (dir: string): string[] =>
      readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory()
          ? webFiles(`${dir}/${entry.name}`)
          : entry.name.endsWith('.ts')
            ? [`${dir}/${entry.name}`]
            : [],
      );
    const files = webFiles('web/src');
    const typed = files.filter(
      (file) => importsMatching(file, /from '([^']*\/shared\/[^']*\/contract\/[^']*)'/g).length > 0,
    );
    // The office sections, the passbook and the counter all read answers typed by the contract.
    expect(typed.length).toBeGreaterThanOrEqual(10);
    for (const file of files) {
      const text = readFileSync(path.join(ROOT, file), 'utf8');
      const valueImports = [...text.matchAll(/^import (?!type )[^;]*?from '([^']*\/shared\/[^']*)'/gms)]
        .map((match) => match[1] ?? '')
        // Pure rules (the import's column rules, CSV reading) are shared on purpose; nothing else is.
        .filter((source) => !/\/shared\/([a-z]+\/rules\/|platform\/csv$)/.test(source));
      expect(valueImports, `${file}: contract types come in with \`import type\` (no zod in a page)`).toEqual(
        [],
      );
    }
  });
});
