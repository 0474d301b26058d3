import * as z from 'zod';
import {
  ITEM_PRICE_POINTS_MAX,
  NAME_LENGTH_MAX,
  REASON_LENGTH_MAX,
  STOCK_QUANTITY_MAX,
} from '../domain/limits';
import { Id } from './common';

/** Fixed shops (爱心超市) and mobile shops (流动超市, a van touring villages). */
export const STORE_KINDS = ['fixed', 'mobile'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

const Name = z.string().trim().min(1, { error: 'name is empty' }).max(NAME_LENGTH_MAX);
const Reason = z.string().trim().min(1, { error: 'say why' }).max(REASON_LENGTH_MAX);

export const StorePath = z.strictObject({ storeId: Id });
export const StoreItemPath = z.strictObject({ storeId: Id, sku: Id });

export const PutStoreRequest = z
  .strictObject({ name: Name, kind: z.enum(STORE_KINDS), orgId: Id.optional() })
  .meta({ id: 'PutStoreRequest' });
export type PutStoreRequest = z.infer<typeof PutStoreRequest>;

export const Store = z
  .object({
    storeId: z.string(),
    name: z.string(),
    kind: z.enum(STORE_KINDS),
    orgId: z.string().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Store' });
export type Store = z.infer<typeof Store>;

export const StoreList = z.object({ stores: z.array(Store) }).meta({ id: 'StoreList' });

const PricePoints = z.number().int().min(1).max(ITEM_PRICE_POINTS_MAX);
const StockQuantity = z.number().int().min(0).max(STOCK_QUANTITY_MAX);

/** `stock` only when the item is new; later changes go through the stock ledger. */
export const PutStoreItemRequest = z
  .strictObject({ name: Name, pricePoints: PricePoints, stock: StockQuantity.optional() })
  .meta({ id: 'PutStoreItemRequest' });
export type PutStoreItemRequest = z.infer<typeof PutStoreItemRequest>;

export const StoreItem = z
  .object({ sku: z.string(), name: z.string(), pricePoints: z.number().int(), stock: z.number().int() })
  .meta({ id: 'StoreItem' });
export type StoreItem = z.infer<typeof StoreItem>;

export const StoreItemList = z.object({ items: z.array(StoreItem) }).meta({ id: 'StoreItemList' });

export const StockChangeRequest = z
  .strictObject({
    delta: z
      .number()
      .int()
      .min(-STOCK_QUANTITY_MAX)
      .max(STOCK_QUANTITY_MAX)
      .refine((delta) => delta !== 0, { error: 'must not be zero' }),
    reason: Reason,
  })
  .meta({ id: 'StockChangeRequest' });
export type StockChangeRequest = z.infer<typeof StockChangeRequest>;

export const StocktakeRequest = z
  .strictObject({ counted: StockQuantity, reason: Reason })
  .meta({ id: 'StocktakeRequest' });
export type StocktakeRequest = z.infer<typeof StocktakeRequest>;

export const StocktakeResult = StoreItem.extend({ delta: z.number().int() }).meta({ id: 'StocktakeResult' });

export const TransferRequest = z
  .strictObject({
    toStoreId: Id,
    sku: Id,
    qty: z.number().int().min(1).max(STOCK_QUANTITY_MAX),
    reason: Reason,
  })
  .meta({ id: 'TransferRequest' });
export type TransferRequest = z.infer<typeof TransferRequest>;

export const Transfer = z
  .object({
    id: z.string(),
    fromStoreId: z.string(),
    toStoreId: z.string(),
    sku: z.string(),
    qty: z.number().int(),
    reason: z.string(),
    at: z.string(),
    from: StoreItem,
    to: StoreItem,
  })
  .meta({ id: 'Transfer' });
