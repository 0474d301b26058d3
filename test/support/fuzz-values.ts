import fc from 'fast-check';
import * as z from 'zod/mini';

/**
 * Values for the generated fuzz, drawn from a route's own schemas (their JSON Schema, as the
 * OpenAPI document is built), mixed with the hostile values a careless or malicious client sends.
 */
export type JsonSchema = z.core.JSONSchema.BaseSchema;

/** Values that have broken parsers before: wrong types, edges of numbers, dates and text. */
export const HOSTILE: readonly unknown[] = [
  null,
  true,
  0,
  -0,
  -1,
  1.5,
  2 ** 53,
  -(2 ** 53),
  1e308,
  Number.MIN_VALUE,
  '',
  ' ',
  '0',
  '0x10',
  '1e1',
  ' 5',
  '-1',
  'NaN',
  'Infinity',
  '2026-00-10',
  '2026-13-01',
  '2026-01-32',
  '2026-02-30',
  '9999-99-99',
  '2026-12',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udc00y',
  '\u202etxt.exe',
  '\u200b\u200b',
  '\ufeff',
  '\ufffd\ufffd',
  '谭成华',
  '👨‍👩‍👧',
  '../../etc/passwd',
  '%00',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  `\${jndi:ldap://x}`,
  'x'.repeat(70_000),
  '谭'.repeat(600),
  [],
  [null],
  {},
  { __proto__: { polluted: true } },
  { constructor: { prototype: { polluted: true } } },
];

export const hostile = (): fc.Arbitrary<unknown> => fc.constantFrom(...HOSTILE);

/** Strings as a client might type them, including ill-formed UTF-16 and control characters. */
export const anyText = (maxLength = 80): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ maxLength }),
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: 'grapheme', maxLength }),
  );

function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const name = ref.replace(/^#\/\$defs\//, '');
  const defs = (root.$defs ?? {}) as Record<string, JsonSchema>;
  return defs[name] ?? {};
}

function stringFor(schema: JsonSchema): fc.Arbitrary<string> {
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? Math.min(schema.maxLength, 200) : 40;
  const lengths = fc.string({ minLength: Math.min(min, max), maxLength: max });
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as string[]));
  if (schema.format === 'date') {
    return fc.oneof(
      fc
        .date({ min: new Date('1990-01-01'), max: new Date('2110-12-31'), noInvalidDate: true })
        .map((date) => date.toISOString().slice(0, 10)),
      fc
        .tuple(
          fc.integer({ min: 0, max: 9999 }),
          fc.integer({ min: 0, max: 99 }),
          fc.integer({ min: 0, max: 99 }),
        )
        .map(
          ([y, m, d]) =>
            `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
        ),
    );
  }
  if (typeof schema.pattern === 'string') {
    try {
      return fc.oneof(fc.stringMatching(new RegExp(schema.pattern, 'u')), lengths);
    } catch {
      return lengths;
    }
  }
  return fc.oneof(lengths, anyText(max));
}

function numberFor(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = typeof schema.minimum === 'number' ? Math.max(schema.minimum, -1e9) : -1e9;
  const max = typeof schema.maximum === 'number' ? Math.min(schema.maximum, 1e9) : 1e9;
  const inRange = integer
    ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
    : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  const edges = fc.constantFrom(min, max, min - 1, max + 1, 0, 0.25, 0.1);
  return fc.oneof(inRange, edges);
}

/**
 * A value for a JSON Schema node: usually of its shape (so handlers are reached past the schema),
 * sometimes hostile at this node or below it. `depth` bounds recursion.
 */
export function valueFor(schema: JsonSchema, root: JsonSchema = schema, depth = 0): fc.Arbitrary<unknown> {
  const node = resolve(schema, root);
  if (depth > 6) return hostile();
  const shaped = shapedFor(node, root, depth);
  return fc.oneof({ weight: 6, arbitrary: shaped }, { weight: 1, arbitrary: hostile() });
}

function shapedFor(node: JsonSchema, root: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  const alternatives = (node.anyOf ?? node.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(alternatives) && alternatives.length > 0) {
    return fc.oneof(...alternatives.map((alternative) => valueFor(alternative, root, depth + 1)));
  }
  if (node.const !== undefined) return fc.constant(node.const);
  if (Array.isArray(node.enum)) return fc.constantFrom(...(node.enum as unknown[]));
  switch (node.type) {
    case 'string':
      return stringFor(node);
    case 'integer':
      return numberFor(node, true);
    case 'number':
      return numberFor(node, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = (node.items ?? {}) as JsonSchema;
      const maxItems = typeof node.maxItems === 'number' ? Math.min(node.maxItems, 8) : 4;
      const minItems = typeof node.minItems === 'number' ? Math.min(node.minItems, maxItems) : 0;
      const sized = fc.array(valueFor(items, root, depth + 1), { minLength: minItems, maxLength: maxItems });
      // One request over the array's limit, to reach the size checks too.
      const over =
        typeof node.maxItems === 'number' && node.maxItems <= 1000
          ? [fc.constant(Array.from({ length: node.maxItems + 1 }, () => null))]
          : [];
      return fc.oneof(
        { weight: 8, arbitrary: sized },
        ...over.map((arbitrary) => ({ weight: 1, arbitrary })),
      );
    }
    case 'object':
      return objectFor(node, root, depth);
    default:
      return fc.oneof(hostile(), anyText());
  }
}

function objectFor(node: JsonSchema, root: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  const properties = (node.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((node.required ?? []) as string[]);
  const entries = Object.entries(properties).map(
    ([name, property]) =>
      [
        name,
        fc.option(valueFor(property, root, depth + 1), { freq: required.has(name) ? 12 : 3, nil: undefined }),
      ] as const,
  );
  const record = fc
    .record(Object.fromEntries(entries))
    .map((value) => Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)));
  const withUnknown = fc
    .tuple(record, fc.constantFrom('extra', '__proto__', 'constructor', 'id', ''), hostile())
    .map(([value, name, extra]) => JSON.parse(JSON.stringify({ ...value, [name]: extra ?? 1 })) as unknown);
  return fc.oneof({ weight: 6, arbitrary: record }, { weight: 1, arbitrary: withUnknown });
}

/** The JSON Schema of a zod schema, as the OpenAPI document sees its input. */
export const jsonSchemaOf = (schema: z.ZodMiniType): JsonSchema =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
