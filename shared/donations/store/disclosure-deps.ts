import { perRuntime, type Runtime } from '../../platform/runtime';
import { reportsDeps } from '../../reports/store/report-store';
import { monthlyReport } from '../../reports/use-cases/monthly-report';
import { storesDeps } from '../../stores/store/stores-deps';
import type { DisclosureDeps } from '../use-cases/disclosure';
import { donationsDeps } from './donations-deps';

/** The public notice's sources: the register, the monthly report, and each store's stock now. */
export const disclosureDeps = perRuntime((runtime: Runtime): DisclosureDeps => {
  const stores = storesDeps(runtime);
  return {
    donations: donationsDeps(runtime).donations,
    monthly: (month) => monthlyReport(reportsDeps(runtime), month),
    stockOnHand: async () =>
      Promise.all(
        (await stores.catalogue.listStores()).map(async (store) => ({
          storeId: store.storeId,
          units: (await stores.catalogue.listItems(store.storeId)).reduce(
            (sum, item) => sum + Number(item.stock),
            0,
          ),
        })),
      ),
  };
});
