import { AppError } from '../../platform/errors';
import { maskName } from '../../platform/masking';
import type { Principal } from '../../platform/principal';
import type { StockHistory } from '../contract/stores';
import type { StoresDeps } from '../port';
import { assertStoreAccess } from '../rules/store';

/**
 * One item's stock history, newest first (库存记录): the stock ledger's movements — the first stock,
 * each restock, write-off, transfer and stocktake — with its reason, who did it and the stock after
 * it (which counts the redemptions between). Redemptions and voids themselves are in the shop's day
 * list (`GET /v1/stores/{id}/redemptions`), where they are kept. The office, or the shop's counter.
 * Who made a change is named (`actorName`, masked as every name the counter sees) when their staff
 * account can be read; `actor` stays the account id.
 */
export async function stockHistory(
  deps: Pick<StoresDeps, 'catalogue' | 'stock' | 'volunteers'>,
  principal: Principal,
  storeId: string,
  sku: string,
  query: { limit: number; before?: string | undefined },
): Promise<StockHistory> {
  assertStoreAccess(principal, storeId);
  if ((await deps.catalogue.getItem(storeId, sku)) === undefined)
    throw new AppError('NOT_FOUND', '这个店没有这件物品 (no such item)');
  const { movements, more } = await deps.stock.history(storeId, sku, query.before, query.limit);
  // Who made each change, by name (masked: the shop's counter reads this too), never only an id.
  const staff = await deps.volunteers.staffNames([...new Set(movements.map((movement) => movement.actor))]);
  return {
    movements: movements.map((movement) => {
      const name = staff.get(movement.actor);
      return {
        id: movement.id,
        at: movement.at,
        kind: movement.kind,
        delta: Number(movement.delta),
        stockAfter: Number(movement.stockAfter),
        reason: movement.reason,
        actor: movement.actor,
        ...(name === undefined || name.trim() === '' ? {} : { actorName: maskName(name) }),
      };
    }),
    nextBefore: more ? (movements.at(-1)?.at ?? null) : null,
  };
}
