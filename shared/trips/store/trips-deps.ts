import { TRIP_STEP_BUDGET_MS } from '../../platform/limits';
import { perRuntime, type Runtime } from '../../platform/runtime';
import { storesDeps } from '../../stores/store/stores-deps';
import { countBack } from '../../stores/use-cases/stock';
import type { TripsDeps } from '../port';
import { DynamoTripStore } from './trip-store';

/** The trips area's dependencies over the runtime's table: what its handlers pass its use cases. */
export const tripsDeps = perRuntime((runtime: Runtime): TripsDeps => {
  const stores = storesDeps(runtime);
  return {
    trips: new DynamoTripStore({
      client: runtime.client,
      tableName: runtime.tableName,
      ledger: runtime.ledger,
      now: runtime.now,
    }),
    stores: {
      getStore: (storeId) => stores.catalogue.getStore(storeId),
      listItems: (storeId) => stores.catalogue.listItems(storeId),
    },
    stock: {
      countBack: (storeId, differences, reason, by, idempotency) =>
        countBack(stores, storeId, differences, reason, by, idempotency),
    },
    orgTree: stores.orgTree,
    // The van's allowance is the counter's daily cap (docs/mobile-shop.md).
    cap: runtime.config.REDEEM_POINTS_PER_VOLUNTEER_PER_DAY,
    now: runtime.now,
    stepBudgetMs: TRIP_STEP_BUDGET_MS,
  };
});
