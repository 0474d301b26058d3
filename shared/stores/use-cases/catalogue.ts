import { AppError } from '../../platform/errors';
import type { Catalogue } from '../contract/stores';
import type { StoresDeps } from '../port';

/** Shops read at once for the catalogue (a county has a few dozen). */
const CATALOGUE_READ_CONCURRENCY = 8;

/**
 * 积分能换什么: every shop of the county with its goods and prices, a fixed shop's place, and a
 * mobile shop's weekly stops by village name. Goods say only whether they are in stock: the counts
 * are the shop's business. Cheapest first, so a volunteer sees first what their points reach.
 */
export async function readCatalogue(deps: Pick<StoresDeps, 'catalogue' | 'orgTree'>): Promise<Catalogue> {
  const [stores, tree] = await Promise.all([deps.catalogue.listStores(), deps.orgTree()]);
  const placeName = (orgId: string | undefined) => (orgId === undefined ? undefined : tree.get(orgId)?.name);
  const answer: Catalogue['stores'] = [];
  for (let index = 0; index < stores.length; index += CATALOGUE_READ_CONCURRENCY) {
    const batch = stores.slice(index, index + CATALOGUE_READ_CONCURRENCY);
    const items = await Promise.all(batch.map((store) => deps.catalogue.listItems(store.storeId)));
    for (const [at, store] of batch.entries()) {
      const place = placeName(store.orgId);
      answer.push({
        storeId: store.storeId,
        name: store.name,
        kind: store.kind,
        ...(place === undefined ? {} : { placeName: place }),
        schedule: [...(store.schedule ?? [])]
          .sort((a, b) => a.weekday - b.weekday || a.from.localeCompare(b.from))
          .map((stop) => ({ ...stop, placeName: placeName(stop.orgId) ?? stop.orgId })),
        items: (items[at] ?? [])
          .map((item) => ({
            sku: item.sku,
            name: item.name,
            pricePoints: Number(item.pricePoints),
            available: Number(item.stock) > 0,
          }))
          .sort((a, b) => a.pricePoints - b.pricePoints || a.name.localeCompare(b.name, 'zh-CN')),
      });
    }
  }
  return {
    stores: answer.sort((a, b) =>
      a.kind === b.kind ? a.name.localeCompare(b.name, 'zh-CN') : a.kind === 'fixed' ? -1 : 1,
    ),
  };
}

/** A mobile shop's stops must be villages or towns of the tree. */
export async function assertStopsExist(
  deps: Pick<StoresDeps, 'orgTree'>,
  stops: readonly { orgId: string }[] | undefined,
): Promise<void> {
  if (stops === undefined || stops.length === 0) return;
  const tree = await deps.orgTree();
  const unknown = stops.flatMap((stop, index) => (tree.get(stop.orgId) === undefined ? [index] : []));
  if (unknown.length > 0)
    throw new AppError('VALIDATION_FAILED', '停靠点里有不存在的村镇 (a stop names no village or town)', {
      fields: unknown.map((index) => ({
        path: `body.schedule.${index}.orgId`,
        message: 'no such organisation',
      })),
    });
}
