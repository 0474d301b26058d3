/**
 * Request units from item sizes, by DynamoDB's published rules (sizes from
 * shared/platform/dynamo/item-size.ts). Pure: the bench hands in the items; tests pin the rules.
 *
 * - Writes: 1 write unit per started KB of the item (an update: of the item after it, which for our
 *   updates is within bytes of the item before). Inside TransactWriteItems every item costs twice
 *   that (DynamoDB prepares and commits each one).
 * - Index writes: an item that carries an index's partition-key attribute also writes that index.
 *   DynamoDB applies index changes after the transaction commits, as standard writes, so they are
 *   counted once, not doubled; our indexes project ALL, so the index entry is the item's size.
 * - Reads: a strongly consistent read is 1 read unit per started 4 KB, an eventually consistent one
 *   half that; a key that finds nothing still costs the minimum (1 or ½). A query adds up the sizes
 *   of the items it returns before rounding up.
 */
import { itemSize } from '../shared/platform/dynamo/item-size';
import { TABLE_INDEXES } from '../shared/platform/dynamo/table-definition';

type Item = Record<string, unknown>;

const KB = 1024;

export interface WriteUnits {
  table: number;
  indexes: number;
  total: number;
}

const kbUnits = (bytes: number): number => Math.max(1, Math.ceil(bytes / KB));

/** The index writes one written item causes: one entry per index whose partition key it carries. */
export function indexWriteUnits(item: Item): number {
  return TABLE_INDEXES.filter((index) => typeof item[index.partitionKey] === 'string').reduce(
    (sum) => sum + kbUnits(itemSize(item)),
    0,
  );
}

/** Write units of writing `items` (each the item as it stands after the write). */
export function writeUnitsOf(items: readonly Item[], transactional: boolean): WriteUnits {
  const table = items.reduce((sum, item) => sum + kbUnits(itemSize(item)) * (transactional ? 2 : 1), 0);
  const indexes = items.reduce((sum, item) => sum + indexWriteUnits(item), 0);
  return { table, indexes, total: table + indexes };
}

/** Read units of looking up keys one by one (GetItem, BatchGetItem); `undefined` is a miss. */
export function keyReadUnits(found: readonly (Item | undefined)[], consistent: boolean): number {
  const units = found.reduce(
    (sum: number, item) => sum + (item === undefined ? 1 : Math.max(1, Math.ceil(itemSize(item) / (4 * KB)))),
    0,
  );
  return consistent ? units : units / 2;
}

/** Read units of one query page: the returned items' sizes added up, then rounded up to 4 KB. */
export function queryReadUnits(items: readonly Item[], consistent: boolean): number {
  const bytes = items.reduce((sum, item) => sum + itemSize(item), 0);
  const units = Math.max(1, Math.ceil(bytes / (4 * KB)));
  return consistent ? units : units / 2;
}

/** Dollars per million operations, from units per operation and prices per million units. */
export function costPerMillion(
  perOp: { writeUnits: number; readUnits: number },
  price: { writePerMillion: number; readPerMillion: number },
): number {
  return perOp.writeUnits * price.writePerMillion + perOp.readUnits * price.readPerMillion;
}
