/**
 * Where each unit of stock came from (捐赠, 采购, 期初库存, 其他入库) and where it went, derived from the stock
 * ledger by first in, first out per store item. Pure: the use case reads the store's movements and
 * redemption lines (bounded) and passes them here in time order; nothing here reads or writes.
 *
 * - A stock-in (a donation's or a purchase's line, an older restock or an item's first stock, a
 *   stocktake that found more) is a lot at the back of the item's queue.
 * - Everything that takes units (a redemption, a write-off, a stocktake that found less, a transfer
 *   out, a donation's void) takes them from the oldest lot that still has some.
 * - A transfer moves the units it took, lot by lot, to the other store's queue: the goods keep
 *   their donor across stores.
 * - A voided redemption gives its units back to the very lots it took them from (the goods were
 *   never given out), so a donor's report never counts a void as redeemed.
 * - A donation's void takes back its own lot's units still on the shelf first, and any rest from the
 *   oldest other lots (what was given out before the void stays given out from the donation).
 *
 * Units are conserved per lot: in = redeemed + written off + transferred out + voided + on shelf,
 * and no lot goes below zero (test/unit/donations-attribution.test.ts, a property test).
 */

/**
 * The sources of a lot. `opening` is an item's first stock (期初库存); `restock` is stock added by
 * the plain stock change with its reason (其他入库: not a donation or a purchase, so no donor and no
 * value); `surplus` a stocktake that found more (盘盈).
 */
export const LOT_SOURCES = ['donation', 'purchase', 'opening', 'restock', 'surplus'] as const;
export type LotSource = (typeof LOT_SOURCES)[number];

export const LOT_SOURCE_NAMES: Readonly<Record<LotSource, string>> = {
  donation: '捐赠',
  purchase: '采购',
  opening: '期初库存',
  restock: '其他入库',
  surplus: '盘盈',
};

/** Why units left a lot other than a redemption. */
export const LOT_OUTS = ['writeoff', 'voided', 'transferred'] as const;
export type LotOut = (typeof LOT_OUTS)[number];

export type AttributionEvent =
  | {
      kind: 'in';
      storeId: string;
      sku: string;
      lotId: string;
      source: LotSource;
      /** The donation or purchase it belongs to, when it has one. */
      sourceId?: string;
      qty: number;
      /** Estimated value of one unit in fen (分), when the source gives one. */
      unitValueFen?: number;
    }
  | {
      kind: 'redeem';
      storeId: string;
      sku: string;
      redemptionId: string;
      /** The China month (YYYY-MM) of the redemption. */
      month: string;
      qty: number;
    }
  | { kind: 'redeem-void'; redemptionId: string }
  | { kind: 'out'; storeId: string; sku: string; why: 'writeoff'; qty: number }
  | { kind: 'donation-void'; storeId: string; sku: string; lotId: string; qty: number }
  | { kind: 'transfer'; fromStoreId: string; toStoreId: string; sku: string; qty: number };

export interface Lot {
  lotId: string;
  /** The store the lot sits in (a transferred part is a lot of its own in the other store). */
  storeId: string;
  sku: string;
  source: LotSource;
  sourceId?: string;
  unitValueFen?: number;
  /** The lot this one came from by a transfer, when it did. */
  fromLotId?: string;
  in: number;
  /** Units redeemed, by China month. */
  redeemed: Record<string, number>;
  writeoff: number;
  voided: number;
  transferred: number;
  onShelf: number;
}

export interface Attribution {
  lots: Lot[];
  /**
   * Units taken with no lot left to take them from (history before the bounded read, or a ledger
   * that does not agree with itself): reported, never hidden, never made negative.
   */
  unattributed: { storeId: string; sku: string; qty: number }[];
}

const queueKey = (storeId: string, sku: string): string => `${storeId}\u0000${sku}`;

const sumRedeemed = (lot: Pick<Lot, 'redeemed'>): number =>
  Object.values(lot.redeemed).reduce((sum, qty) => sum + qty, 0);

/** The units a lot has taken out in every way, plus what is left: equals `lot.in`. */
export const lotAccounted = (lot: Lot): number =>
  sumRedeemed(lot) + lot.writeoff + lot.voided + lot.transferred + lot.onShelf;

function assertQty(qty: number): void {
  if (!Number.isInteger(qty) || qty < 0) throw new RangeError(`Bad quantity ${qty}`);
}

/** Replays the events (in time order) into lots: the FIFO attribution of every unit. */
export function attributeStock(events: readonly AttributionEvent[]): Attribution {
  const lots: Lot[] = [];
  const queues = new Map<string, Lot[]>();
  const taken = new Map<string, { lot: Lot; month: string; qty: number }[]>();
  const unattributed = new Map<string, { storeId: string; sku: string; qty: number }>();

  const queue = (storeId: string, sku: string): Lot[] => {
    const key = queueKey(storeId, sku);
    const found = queues.get(key);
    if (found !== undefined) return found;
    const created: Lot[] = [];
    queues.set(key, created);
    return created;
  };
  const addLot = (lot: Omit<Lot, 'redeemed' | 'writeoff' | 'voided' | 'transferred' | 'onShelf'>): Lot => {
    const full: Lot = { ...lot, redeemed: {}, writeoff: 0, voided: 0, transferred: 0, onShelf: lot.in };
    lots.push(full);
    queue(lot.storeId, lot.sku).push(full);
    return full;
  };
  const short = (storeId: string, sku: string, qty: number): void => {
    if (qty === 0) return;
    const key = queueKey(storeId, sku);
    const line = unattributed.get(key) ?? { storeId, sku, qty: 0 };
    line.qty += qty;
    unattributed.set(key, line);
  };
  /** Takes `qty` units oldest first, `first` (a lot) before all others when given. */
  const take = (storeId: string, sku: string, qty: number, first?: Lot): { lot: Lot; qty: number }[] => {
    const parts: { lot: Lot; qty: number }[] = [];
    let rest = qty;
    const order = first === undefined ? queue(storeId, sku) : [first, ...queue(storeId, sku)];
    for (const lot of order) {
      if (rest === 0) break;
      const part = Math.min(rest, lot.onShelf);
      if (part === 0) continue;
      lot.onShelf -= part;
      rest -= part;
      parts.push({ lot, qty: part });
    }
    short(storeId, sku, rest);
    return parts;
  };

  for (const event of events) {
    switch (event.kind) {
      case 'in': {
        assertQty(event.qty);
        addLot({
          lotId: event.lotId,
          storeId: event.storeId,
          sku: event.sku,
          source: event.source,
          in: event.qty,
          ...(event.sourceId === undefined ? {} : { sourceId: event.sourceId }),
          ...(event.unitValueFen === undefined ? {} : { unitValueFen: event.unitValueFen }),
        });
        break;
      }
      case 'redeem': {
        assertQty(event.qty);
        const parts = take(event.storeId, event.sku, event.qty);
        for (const part of parts) {
          part.lot.redeemed[event.month] = (part.lot.redeemed[event.month] ?? 0) + part.qty;
        }
        const kept = taken.get(event.redemptionId) ?? [];
        kept.push(...parts.map((part) => ({ ...part, month: event.month })));
        taken.set(event.redemptionId, kept);
        break;
      }
      case 'redeem-void': {
        // Back to the lots it came from; a redemption voided twice or unknown gives nothing back.
        for (const part of taken.get(event.redemptionId) ?? []) {
          part.lot.redeemed[part.month] = (part.lot.redeemed[part.month] ?? 0) - part.qty;
          if (part.lot.redeemed[part.month] === 0) delete part.lot.redeemed[part.month];
          part.lot.onShelf += part.qty;
        }
        taken.delete(event.redemptionId);
        break;
      }
      case 'out': {
        assertQty(event.qty);
        for (const part of take(event.storeId, event.sku, event.qty)) part.lot.writeoff += part.qty;
        break;
      }
      case 'donation-void': {
        assertQty(event.qty);
        const own = queue(event.storeId, event.sku).find((lot) => lot.lotId === event.lotId);
        for (const part of take(event.storeId, event.sku, event.qty, own)) part.lot.voided += part.qty;
        break;
      }
      case 'transfer': {
        assertQty(event.qty);
        for (const part of take(event.fromStoreId, event.sku, event.qty)) {
          part.lot.transferred += part.qty;
          addLot({
            lotId: `${part.lot.lotId}>${event.toStoreId}#${lots.length}`,
            storeId: event.toStoreId,
            sku: event.sku,
            source: part.lot.source,
            fromLotId: part.lot.lotId,
            in: part.qty,
            ...(part.lot.sourceId === undefined ? {} : { sourceId: part.lot.sourceId }),
            ...(part.lot.unitValueFen === undefined ? {} : { unitValueFen: part.lot.unitValueFen }),
          });
        }
        break;
      }
    }
  }
  return { lots, unattributed: [...unattributed.values()] };
}

export interface RedeemedValue {
  storeId: string;
  month: string;
  units: number;
  /** Σ units × the lot's unit value, fen (a donation line's estimate or a purchase's invoice). */
  valueFen: number;
  /**
   * Units of lots with no value of their own (期初库存, 其他入库, 盘盈) at the item's 参考价值, fen:
   * an estimate, kept apart from `valueFen`.
   */
  estimatedFen: number;
  /** Units with neither a value of their own nor a 参考价值: counted, never guessed. */
  unvaluedUnits: number;
}

/**
 * The value of goods redeemed per store and China month (财务视图), from the lots; a lot with no
 * value of its own is valued at `referenceFen` of its store's item when there is one.
 */
export function redeemedValue(
  lots: readonly Lot[],
  referenceFen: (storeId: string, sku: string) => number | undefined = () => undefined,
): RedeemedValue[] {
  const rows = new Map<string, RedeemedValue>();
  for (const lot of lots) {
    for (const [month, units] of Object.entries(lot.redeemed)) {
      const key = `${lot.storeId}\u0000${month}`;
      const row = rows.get(key) ?? {
        storeId: lot.storeId,
        month,
        units: 0,
        valueFen: 0,
        estimatedFen: 0,
        unvaluedUnits: 0,
      };
      row.units += units;
      const reference = lot.unitValueFen === undefined ? referenceFen(lot.storeId, lot.sku) : undefined;
      if (lot.unitValueFen !== undefined) row.valueFen += units * lot.unitValueFen;
      else if (reference !== undefined) row.estimatedFen += units * reference;
      else row.unvaluedUnits += units;
      rows.set(key, row);
    }
  }
  return [...rows.values()].sort((a, b) =>
    a.month === b.month ? a.storeId.localeCompare(b.storeId) : a.month.localeCompare(b.month),
  );
}

/**
 * Fen of goods per point redeemed (the goods-to-points ratio), as a fraction kept in integers: the
 * page shows `valueFen / points`. Undefined when no points were redeemed.
 */
export function goodsPerPoint(
  valueFen: number,
  points: number,
): { valueFen: number; points: number } | undefined {
  if (!Number.isInteger(valueFen) || !Number.isInteger(points)) throw new RangeError('Integers only');
  return points > 0 ? { valueFen, points } : undefined;
}

export interface DonorLine {
  storeId: string;
  sku: string;
  month: string;
  redeemed: number;
}

/**
 * A donor's report: for the lots of the given donations, the units redeemed by store, item and
 * month, and what is still on the shelf per store and item (a transferred part counts where it is).
 */
export function donorReport(
  lots: readonly Lot[],
  donationIds: ReadonlySet<string>,
): {
  received: number;
  redeemed: DonorLine[];
  onShelf: { storeId: string; sku: string; qty: number }[];
  writeoff: number;
  voided: number;
} {
  const redeemed = new Map<string, DonorLine>();
  const onShelf = new Map<string, { storeId: string; sku: string; qty: number }>();
  let received = 0;
  let writeoff = 0;
  let voided = 0;
  for (const lot of lots) {
    if (lot.source !== 'donation' || lot.sourceId === undefined || !donationIds.has(lot.sourceId)) continue;
    if (lot.fromLotId === undefined) received += lot.in;
    writeoff += lot.writeoff;
    voided += lot.voided;
    for (const [month, qty] of Object.entries(lot.redeemed)) {
      const key = `${lot.storeId}\u0000${lot.sku}\u0000${month}`;
      const line = redeemed.get(key) ?? { storeId: lot.storeId, sku: lot.sku, month, redeemed: 0 };
      line.redeemed += qty;
      redeemed.set(key, line);
    }
    if (lot.onShelf > 0) {
      const key = `${lot.storeId}\u0000${lot.sku}`;
      const line = onShelf.get(key) ?? { storeId: lot.storeId, sku: lot.sku, qty: 0 };
      line.qty += lot.onShelf;
      onShelf.set(key, line);
    }
  }
  return { received, redeemed: [...redeemed.values()], onShelf: [...onShelf.values()], writeoff, voided };
}
