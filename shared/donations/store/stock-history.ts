import { keys, STOCK_MOVEMENT_SORT_PREFIX } from '../../platform/dynamo/keys';
import { AppError } from '../../platform/errors';
import type { StoresDeps } from '../../stores/port';
import { queryPages, type TableAccess } from '../../stores/store/reads';
import type { StockHistory } from '../port';
import type { HistoryMovement, HistoryRedemption } from '../rules/history';

/** Pages of one store's movements read for one answer; past it the answer is 503, never partial. */
const MOVEMENT_PAGES_MAX = 200;

/** The stock ledger's history from the stores' own items: their movements and redemption days. */
export class DynamoStockHistory implements StockHistory {
  constructor(
    private readonly table: TableAccess,
    private readonly shop: Pick<StoresDeps, 'catalogue' | 'redemptions'>,
  ) {}

  async stores(): Promise<{ storeId: string; createdAt: string }[]> {
    return (await this.shop.catalogue.listStores()).map((store) => ({
      storeId: store.storeId,
      createdAt: String(store.createdAt),
    }));
  }

  async movements(storeId: string): Promise<HistoryMovement[]> {
    const { items, complete } = await queryPages<HistoryMovement>(
      this.table,
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.store(storeId).pk, ':prefix': STOCK_MOVEMENT_SORT_PREFIX },
      },
      MOVEMENT_PAGES_MAX,
    );
    if (!complete) throw new AppError('UNAVAILABLE', 'Too much to read in one go');
    return items;
  }

  async referenceValues(storeId: string): Promise<{ sku: string; valueFen: number }[]> {
    return (await this.shop.catalogue.listItems(storeId)).flatMap((item) =>
      item.valueFen === undefined ? [] : [{ sku: item.sku, valueFen: Number(item.valueFen) }],
    );
  }

  redemptionsDay(
    storeId: string,
    date: string,
  ): Promise<{ records: HistoryRedemption[]; complete: boolean }> {
    return this.shop.redemptions.day(storeId, date);
  }
}
