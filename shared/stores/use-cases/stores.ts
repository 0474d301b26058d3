import { randomBytes } from 'node:crypto';
import { AppError } from '../../platform/errors';
import { hasRole, type Principal } from '../../platform/principal';
import type { PutStoreItemRequest, PutStoreRequest, Store, StoreItem } from '../contract/stores';
import type { StoresDeps } from '../port';
import type { StockMovementFacts } from '../rules/stock';
import { assertStoreAccess, type NewStoreItem, storeItemView, storeView } from '../rules/store';
import { assertStopsExist } from './catalogue';

export {
  assertStoreAccess,
  type StoreItemRecord,
  type StoreRecord,
  storeItemView,
  storeView,
} from '../rules/store';

/**
 * Stores and their catalogues. Who may touch a store: admins any, counter staff only the one store
 * their token names.
 */

/** Adding an item reads, then writes only where none is: a racing add makes it read again. */
const CATALOGUE_WRITE_ATTEMPTS_MAX = 5;
const RANDOM_ID_BYTES = 9;

/** A short random id for stock movements and transfers (not secret, only unique). */
export const randomId = (): string => randomBytes(RANDOM_ID_BYTES).toString('base64url');

/** Creates a store or renames it; its opening date stays. */
export async function putStore(
  deps: Pick<StoresDeps, 'catalogue' | 'orgTree' | 'now'>,
  principal: Principal,
  storeId: string,
  request: PutStoreRequest,
): Promise<Store> {
  if (request.orgId !== undefined && !(await deps.catalogue.orgExists(request.orgId))) {
    throw new AppError('NOT_FOUND', 'No such organisation');
  }
  await assertStopsExist(deps, request.schedule);
  const at = deps.now().toISOString();
  return storeView(await deps.catalogue.putStore(storeId, request, principal.userId, at));
}

export async function getStore(
  deps: Pick<StoresDeps, 'catalogue'>,
  principal: Principal,
  storeId: string,
): Promise<Store> {
  assertStoreAccess(principal, storeId);
  const store = await deps.catalogue.getStore(storeId);
  if (store === undefined) throw new AppError('NOT_FOUND', 'No such store');
  return storeView(store);
}

/** Admins see every store; counter staff see their own. */
export async function listStores(
  deps: Pick<StoresDeps, 'catalogue'>,
  principal: Principal,
): Promise<{ stores: Store[] }> {
  if (!hasRole(principal, 'admin')) {
    if (principal.storeId === undefined) return { stores: [] };
    const own = await deps.catalogue.getStore(principal.storeId);
    return { stores: own === undefined ? [] : [storeView(own)] };
  }
  return { stores: (await deps.catalogue.listStores()).map(storeView) };
}

/**
 * Creates or changes a catalogue item. A new item may bring its first stock, written as an
 * `initial` stock movement in the same transaction; an existing item's stock changes only through
 * the stock ledger, so `stock` on an existing item is refused rather than silently overwritten.
 */
export async function putStoreItem(
  deps: Pick<StoresDeps, 'catalogue' | 'now'>,
  principal: Principal,
  storeId: string,
  sku: string,
  request: PutStoreItemRequest,
): Promise<StoreItem> {
  for (let attempt = 0; attempt < CATALOGUE_WRITE_ATTEMPTS_MAX; attempt += 1) {
    const at = deps.now().toISOString();
    const existing = await deps.catalogue.getItem(storeId, sku);
    if (existing !== undefined) {
      if (request.stock !== undefined) {
        throw new AppError(
          'VALIDATION_FAILED',
          'This item exists: change its stock with POST .../stock or a stocktake',
          {
            fields: [{ path: 'body.stock', message: 'only when the item is new' }],
          },
        );
      }
      const change = {
        name: request.name,
        pricePoints: request.pricePoints,
        lowStockAt: request.lowStockAt,
        valueFen: request.valueFen,
      };
      return storeItemView(await deps.catalogue.updateItem(storeId, sku, change, principal.userId, at));
    }
    const stock = request.stock ?? 0;
    const item: NewStoreItem = {
      storeId,
      sku,
      name: request.name,
      pricePoints: request.pricePoints,
      stock,
      ...(request.lowStockAt === undefined ? {} : { lowStockAt: request.lowStockAt }),
      ...(request.valueFen === undefined ? {} : { valueFen: request.valueFen }),
      createdAt: at,
      updatedAt: at,
      updatedBy: principal.userId,
    };
    const initial: StockMovementFacts | undefined =
      stock > 0
        ? {
            id: randomId(),
            storeId,
            sku,
            kind: 'initial',
            delta: stock,
            stockAfter: stock,
            ref: `item:${sku}`,
            actor: principal.userId,
            reason: 'new item',
            at,
          }
        : undefined;
    const added = await deps.catalogue.addItem(item, initial);
    if (added === 'added') return storeItemView(item);
    if (added === 'no-store') throw new AppError('NOT_FOUND', 'No such store');
  }
  throw new AppError('UNAVAILABLE', 'The catalogue is busy; try again');
}

export async function listStoreItems(
  deps: Pick<StoresDeps, 'catalogue'>,
  principal: Principal,
  storeId: string,
): Promise<{ items: StoreItem[] }> {
  assertStoreAccess(principal, storeId);
  const itemsRead = deps.catalogue.listItems(storeId);
  const [store, items] = await Promise.all([deps.catalogue.getStore(storeId), itemsRead]);
  if (store === undefined) throw new AppError('NOT_FOUND', 'No such store');
  return { items: items.map(storeItemView) };
}
