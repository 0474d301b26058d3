import { chinaDate } from '../../platform/china-time';
import type { AttributionEvent, LotSource } from './attribution';

/**
 * The stock ledger's history as attribution events (rules/attribution.ts), in time order: the stock
 * movements of every store read, and their redemptions (a voided one takes at `at` and gives back at
 * `voidedAt`). Pure: the use case reads, this only sorts and names.
 */
export interface HistoryMovement {
  id: string;
  storeId: string;
  sku: string;
  kind: string;
  delta: number;
  ref: string;
  at: string;
  unitValueFen?: number;
}

export interface HistoryRedemption {
  id: string;
  storeId: string;
  at: string;
  status: string;
  lines: readonly { sku: string; qty: number }[];
  voidedAt?: string;
  /** Points the redemption spent (the finance view's goods-to-points ratio). */
  pointsSpent?: number;
}

/** The donation or purchase a stock-in names by its `ref` (`donation:<id>`). */
const sourceIdOf = (ref: string): string | undefined =>
  ref.startsWith('donation:') ? ref.slice('donation:'.length) : undefined;

/** The stock-in lot a void takes back: the intake movement `<id>.<line>` its own id `<id>.void.<line>` names. */
export const intakeLotOf = (voidMovementId: string): string => voidMovementId.replace('.void.', '.');

export function historyEvents(
  movements: readonly HistoryMovement[],
  redemptions: readonly HistoryRedemption[],
): AttributionEvent[] {
  const timed: { at: string; order: number; event: AttributionEvent }[] = [];
  const push = (at: string, event: AttributionEvent) => timed.push({ at, order: timed.length, event });
  const halves = new Map<string, HistoryMovement>();
  for (const movement of movements) {
    if (movement.kind === 'transfer-in' || movement.kind === 'transfer-out') {
      halves.set(`${movement.kind}\u0000${movement.ref}\u0000${movement.sku}`, movement);
    }
  }
  const half = (kind: string, movement: HistoryMovement) =>
    halves.get(`${kind}\u0000${movement.ref}\u0000${movement.sku}`);
  for (const movement of movements) {
    const { storeId, sku, delta } = movement;
    const source: LotSource | undefined =
      movement.kind === 'donation'
        ? 'donation'
        : movement.kind === 'purchase'
          ? 'purchase'
          : movement.kind === 'stocktake' && delta > 0
            ? 'surplus'
            : movement.kind === 'initial'
              ? 'opening'
              : movement.kind === 'restock'
                ? 'restock'
                : undefined;
    if (source !== undefined && delta > 0) {
      const sourceId = source === 'donation' || source === 'purchase' ? sourceIdOf(movement.ref) : undefined;
      push(movement.at, {
        kind: 'in',
        storeId,
        sku,
        lotId: movement.id,
        source,
        qty: delta,
        ...(sourceId === undefined ? {} : { sourceId }),
        ...(movement.unitValueFen === undefined ? {} : { unitValueFen: movement.unitValueFen }),
      });
    } else if (movement.kind === 'intake-void' && delta < 0) {
      push(movement.at, {
        kind: 'donation-void',
        storeId,
        sku,
        lotId: intakeLotOf(movement.id),
        qty: -delta,
      });
    } else if (movement.kind === 'transfer-out' && delta < 0) {
      // The pair's stock-in is the transfer's other half: one event moves the lots.
      const into = half('transfer-in', movement);
      if (into === undefined) push(movement.at, { kind: 'out', storeId, sku, why: 'writeoff', qty: -delta });
      else
        push(movement.at, {
          kind: 'transfer',
          fromStoreId: storeId,
          toStoreId: into.storeId,
          sku,
          qty: -delta,
        });
    } else if (movement.kind === 'transfer-in') {
      const from = half('transfer-out', movement);
      // A transfer from a store not read is stock that came in from outside: an opening lot here.
      if (from === undefined && delta > 0) {
        push(movement.at, { kind: 'in', storeId, sku, lotId: movement.id, source: 'opening', qty: delta });
      }
    } else if (delta < 0) {
      push(movement.at, { kind: 'out', storeId, sku, why: 'writeoff', qty: -delta });
    }
  }
  for (const redemption of redemptions) {
    const month = chinaDate(redemption.at).slice(0, 7);
    for (const line of redemption.lines) {
      push(redemption.at, {
        kind: 'redeem',
        storeId: redemption.storeId,
        sku: line.sku,
        redemptionId: redemption.id,
        month,
        qty: line.qty,
      });
    }
    if (redemption.status === 'voided' && redemption.voidedAt !== undefined) {
      push(redemption.voidedAt, { kind: 'redeem-void', redemptionId: redemption.id });
    }
  }
  return timed
    .sort((a, b) => (a.at === b.at ? a.order - b.order : a.at < b.at ? -1 : 1))
    .map((entry) => entry.event);
}
