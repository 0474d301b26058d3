import { drawsDeps } from '../../draws/store/draws-deps';
import { perRuntime, type Runtime } from '../../platform/runtime';
import type { ReportsDeps } from '../../reports/port';
import { reportsDeps } from '../../reports/store/report-store';
import { monthlyReport } from '../../reports/use-cases/monthly-report';
import { storesDeps } from '../../stores/store/stores-deps';
import { type DisclosureDeps, keptFinishedDays } from '../use-cases/disclosure';
import type { HonourRollDeps } from '../use-cases/honour-roll';
import { donationsDeps } from './donations-deps';
import { DynamoHonourRollSettings, DynamoHonourRollSource } from './honour-roll-store';

/** The honour roll's two switches over the runtime's table. */
export const honourRollDeps = perRuntime(
  (runtime: Runtime): HonourRollDeps => ({
    settings: new DynamoHonourRollSettings(runtime),
    now: runtime.now,
  }),
);

/**
 * The public notice's sources: the register, the monthly report, each store's name and stock now,
 * its redemption days (a finished month's kept a while by this instance), and the honour roll's.
 */
export const disclosureDeps = perRuntime((runtime: Runtime): DisclosureDeps => {
  const deps = disclosureDepsOf(runtime, reportsDeps(runtime));
  // The public route keeps finished months' redemption days a while; the audit reads them fresh.
  return { ...deps, redemptionsDay: keptFinishedDays(deps.redemptionsDay, runtime.now) };
});

/**
 * The same over the given monthly reports: the audit passes reports that keep nothing, since it
 * runs without write access to the table.
 */
export function disclosureDepsOf(runtime: Runtime, reports: ReportsDeps): DisclosureDeps {
  const stores = storesDeps(runtime);
  return {
    donations: donationsDeps(runtime).donations,
    monthly: (month) => monthlyReport(reports, month),
    stores: async () =>
      Promise.all(
        (await stores.catalogue.listStores()).map(async (store) => ({
          storeId: store.storeId,
          name: store.name,
          stockOnHand: (await stores.catalogue.listItems(store.storeId)).reduce(
            (sum, item) => sum + Number(item.stock),
            0,
          ),
        })),
      ),
    redemptionsDay: (storeId, date) => stores.redemptions.day(storeId, date),
    honourRoll: new DynamoHonourRollSource(runtime, {
      settings: honourRollDeps(runtime).settings,
      reports: reports.reports,
      draws: drawsDeps(runtime).draws,
    }),
  };
}
