import { drawsDeps } from '../../draws/store/draws-deps';
import { perRuntime, type Runtime } from '../../platform/runtime';
import type { ReportStore, ReportsDeps } from '../../reports/port';
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
 * The notice's monthly report and its honour roll read the same month's hours and the same
 * organisation tree at the same time: a read asked for while the same one is under way shares it,
 * so one notice reads each once. Nothing is kept after it settles.
 */
export function sharingReads(store: ReportStore): ReportStore {
  const underWay = new Map<string, Promise<unknown>>();
  const shared = <T>(key: string, read: () => Promise<T>): Promise<T> => {
    const found = underWay.get(key) as Promise<T> | undefined;
    if (found !== undefined) return found;
    const reading = read().finally(() => underWay.delete(key));
    underWay.set(key, reading);
    return reading;
  };
  return {
    monthMovements: (month) => store.monthMovements(month),
    monthHours: (month) => shared(`hours ${month}`, () => store.monthHours(month)),
    volunteerOrgs: (volunteerIds) => store.volunteerOrgs(volunteerIds),
    orgTree: () => shared('tree', () => store.orgTree()),
    keptReport: (month) => store.keptReport(month),
    keepReport: (report) => store.keepReport(report),
    starCounts: () => store.starCounts(),
  };
}

/**
 * The same over the given monthly reports: the audit passes reports that keep nothing, since it
 * runs without write access to the table.
 */
export function disclosureDepsOf(runtime: Runtime, given: ReportsDeps): DisclosureDeps {
  const stores = storesDeps(runtime);
  const reports = { ...given, reports: sharingReads(given.reports) };
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
