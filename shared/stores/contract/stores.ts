import * as z from 'zod/mini';
import { Id } from '../../platform/contract/common';
import { ITEM_PRICE_POINTS_MAX, STOCK_QUANTITY_MAX } from '../../platform/limits';
import '../../platform/contract/locale';
import { DisplayName, QueryInt, Reason } from '../../platform/contract/text';

/** Stock movements one history page shows at most. */
export const STOCK_HISTORY_LIMIT_MAX = 100;

/** Fixed shops (爱心超市) and mobile shops (流动超市, a van touring villages). */
export const STORE_KINDS = ['fixed', 'mobile'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

const Name = DisplayName;

export const StorePath = z.strictObject({ storeId: Id });
export const StoreItemPath = z.strictObject({ storeId: Id, sku: Id });

/** Stops a mobile shop's week may hold at most (two a day). */
export const SCHEDULE_STOPS_MAX = 14;
const ClockTime = z
  .string()
  .check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间应写成 09:30 (a time as HH:MM, China time)'));

/** Where the mobile shop (流动超市) stops each week: the village, the weekday (1 Monday … 7 Sunday), from and to. */
export const ScheduleStop = z
  .strictObject({
    orgId: Id,
    weekday: z.int().check(z.minimum(1), z.maximum(7)),
    from: ClockTime,
    to: ClockTime,
  })
  .check(
    z.refine((stop) => stop.from < stop.to, {
      error: '结束时间应晚于开始 (to must be after from)',
      path: ['to'],
    }),
  );
export type ScheduleStop = z.infer<typeof ScheduleStop>;

export const PutStoreRequest = z
  .strictObject({
    name: Name,
    kind: z.enum(STORE_KINDS),
    orgId: z.optional(Id),
    /** A mobile shop's weekly stops, shown to volunteers (what the van brings, and when). */
    schedule: z.optional(z.array(ScheduleStop).check(z.maxLength(SCHEDULE_STOPS_MAX))),
  })
  .register(z.globalRegistry, { id: 'PutStoreRequest' });
export type PutStoreRequest = z.infer<typeof PutStoreRequest>;

export const Store = z
  .object({
    storeId: z.string(),
    name: z.string(),
    kind: z.enum(STORE_KINDS),
    orgId: z.optional(z.string()),
    schedule: z.optional(
      z.array(z.object({ orgId: z.string(), weekday: z.int(), from: z.string(), to: z.string() })),
    ),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .register(z.globalRegistry, { id: 'Store' });
export type Store = z.infer<typeof Store>;

export const StoreList = z.object({ stores: z.array(Store) }).register(z.globalRegistry, { id: 'StoreList' });

const PricePoints = z.int().check(z.minimum(1), z.maximum(ITEM_PRICE_POINTS_MAX));
const StockQuantity = z.int().check(z.minimum(0), z.maximum(STOCK_QUANTITY_MAX));
/**
 * 参考价值: the office's estimate of one unit's worth, in fen, for stock that came with no value of
 * its own (期初库存, 其他入库, 盘盈); a donation's line or a purchase's invoice values its own units.
 * At most ¥100,000 a unit, the donation line's own cap (shared/donations/rules/donation.ts).
 */
export const ITEM_VALUE_FEN_MAX = 10_000_000;
const ItemValueFen = z.int().check(z.minimum(0), z.maximum(ITEM_VALUE_FEN_MAX));

/** `stock` only when the item is new; later changes go through the stock ledger. */
export const PutStoreItemRequest = z
  .strictObject({
    name: Name,
    pricePoints: PricePoints,
    stock: z.optional(StockQuantity),
    /** Warn the shop when the stock falls to this many or fewer (none: never). */
    lowStockAt: z.optional(StockQuantity),
    /** 参考价值 of one unit in fen (none: not valued); the finance view values unvalued stock by it. */
    valueFen: z.optional(ItemValueFen),
  })
  .register(z.globalRegistry, { id: 'PutStoreItemRequest' });
export type PutStoreItemRequest = z.infer<typeof PutStoreItemRequest>;

export const StoreItem = z
  .object({
    sku: z.string(),
    name: z.string(),
    pricePoints: z.int(),
    stock: z.int(),
    lowStockAt: z.optional(z.int()),
    /** At or under its low-stock mark: time to restock. */
    low: z.optional(z.boolean()),
    /** 参考价值 of one unit in fen, when the office set one. */
    valueFen: z.optional(z.int()),
  })
  .register(z.globalRegistry, { id: 'StoreItem' });
export type StoreItem = z.infer<typeof StoreItem>;

export const StoreItemList = z
  .object({ items: z.array(StoreItem) })
  .register(z.globalRegistry, { id: 'StoreItemList' });
export type StoreItemList = z.infer<typeof StoreItemList>;

export const StockChangeRequest = z
  .strictObject({
    delta: z.int().check(
      z.minimum(-STOCK_QUANTITY_MAX),
      z.maximum(STOCK_QUANTITY_MAX),
      z.refine((delta) => delta !== 0, { error: '变动数量不能是 0 (must not be zero)' }),
    ),
    reason: Reason,
  })
  .register(z.globalRegistry, { id: 'StockChangeRequest' });
export type StockChangeRequest = z.infer<typeof StockChangeRequest>;

export const StocktakeRequest = z
  .strictObject({ counted: StockQuantity, reason: Reason })
  .register(z.globalRegistry, { id: 'StocktakeRequest' });
export type StocktakeRequest = z.infer<typeof StocktakeRequest>;

export const StocktakeResult = z
  .extend(StoreItem, { delta: z.int() })
  .register(z.globalRegistry, { id: 'StocktakeResult' });

export const TransferRequest = z
  .strictObject({
    toStoreId: Id,
    sku: Id,
    qty: z.int().check(z.minimum(1), z.maximum(STOCK_QUANTITY_MAX)),
    reason: Reason,
  })
  .register(z.globalRegistry, { id: 'TransferRequest' });
export type TransferRequest = z.infer<typeof TransferRequest>;

export const Transfer = z
  .object({
    id: z.string(),
    fromStoreId: z.string(),
    toStoreId: z.string(),
    sku: z.string(),
    qty: z.int(),
    reason: z.string(),
    at: z.string(),
    from: StoreItem,
    to: StoreItem,
  })
  .register(z.globalRegistry, { id: 'Transfer' });

/** What volunteers can get for their points: each shop, where and when, and its goods in stock. */
export const Catalogue = z
  .object({
    stores: z.array(
      z.object({
        storeId: z.string(),
        name: z.string(),
        kind: z.enum(STORE_KINDS),
        /** The village or town it is in (a fixed shop), by name. */
        placeName: z.optional(z.string()),
        /** A mobile shop's weekly stops, with the villages' names, Monday first. */
        schedule: z.array(
          z.object({
            orgId: z.string(),
            placeName: z.string(),
            weekday: z.int(),
            from: z.string(),
            to: z.string(),
          }),
        ),
        items: z.array(
          z.object({
            sku: z.string(),
            name: z.string(),
            pricePoints: z.int(),
            /** In stock now (the counts are the shop's business). */
            available: z.boolean(),
          }),
        ),
      }),
    ),
  })
  .register(z.globalRegistry, { id: 'Catalogue' });
export type Catalogue = z.infer<typeof Catalogue>;

export const StockHistoryQuery = z.strictObject({
  limit: QueryInt({ min: 1, max: STOCK_HISTORY_LIMIT_MAX, fallback: 20 }),
  /** Older than this time (the `at` of the last movement shown). */
  before: z.optional(
    z
      .string()
      .check(
        z.regex(
          /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/,
          '时间格式不对，请刷新页面后再试 (must be a UTC time)',
        ),
      ),
  ),
});

/** One item's stock history, newest first: every change, why, by whom, and the stock after it. */
export const StockHistory = z
  .object({
    movements: z.array(
      z.object({
        id: z.string(),
        at: z.string(),
        kind: z.string(),
        delta: z.int(),
        stockAfter: z.int(),
        reason: z.string(),
        /** The account id of the staff member who made the change. */
        actor: z.string(),
        /** That staff member's name, masked (王*计), when their account could be read. */
        actorName: z.optional(z.string()),
      }),
    ),
    /** Pass as `before` for older movements; null at the first. */
    nextBefore: z.nullable(z.string()),
  })
  .register(z.globalRegistry, { id: 'StockHistory' });
export type StockHistory = z.infer<typeof StockHistory>;
