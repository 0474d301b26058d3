/**
 * DynamoDB's item size, by its published rules: each attribute counts the UTF-8 bytes of its name
 * plus its value; strings count their UTF-8 bytes, numbers about one byte per two significant
 * digits plus one, booleans and null one byte, lists and maps three bytes plus one per element.
 * Write units are 1 per started KB of the item; transactional writes cost twice that.
 */
const utf8 = (text: string): number => Buffer.byteLength(text, 'utf8');

function numberSize(value: number): number {
  const digits = Math.abs(value)
    .toExponential()
    .replace(/e.*$/, '')
    .replace('.', '')
    .replace(/^0+/, '').length;
  return Math.min(21, Math.ceil(Math.max(1, digits) / 2) + 1);
}

export function valueSize(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return utf8(value);
  if (typeof value === 'number') return numberSize(value);
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) return [...value].reduce((sum: number, element) => sum + valueSize(element), 0);
  if (Array.isArray(value))
    return 3 + value.reduce((sum: number, element) => sum + 1 + valueSize(element), 0);
  if (typeof value === 'object') {
    return (
      3 +
      Object.entries(value as Record<string, unknown>)
        .filter(([, element]) => element !== undefined)
        .reduce((sum, [name, element]) => sum + 1 + utf8(name) + valueSize(element), 0)
    );
  }
  return 0;
}

export function itemSize(item: Record<string, unknown>): number {
  return Object.entries(item)
    .filter(([, value]) => value !== undefined)
    .reduce((sum, [name, value]) => sum + utf8(name) + valueSize(value), 0);
}

export const writeUnits = (item: Record<string, unknown>, transactional: boolean): number =>
  Math.max(1, Math.ceil(itemSize(item) / 1024)) * (transactional ? 2 : 1);

export const strongReadUnits = (item: Record<string, unknown>): number =>
  Math.max(1, Math.ceil(itemSize(item) / 4096));
