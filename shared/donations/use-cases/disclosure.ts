import { chinaMonthEnd } from '../../platform/china-time';
import { AppError } from '../../platform/errors';
import { maskName } from '../../platform/masking';
import type { MonthlyReport } from '../../reports/rules/monthly-report';
import type { HonourRoll } from '../contract/disclosure';
import type { DonationStore } from '../port';
import { publicDonorName } from '../rules/donation';

/** Stores one notice reads at most (a county's fixed shops and vans); past it the answer is 503. */
export const DISCLOSURE_STORES_MAX = 60;
/** Stores whose month of redemption days are read at once (each reads its days at once). */
const STORE_READ_CONCURRENCY = 4;
/** 光荣榜: the month's volunteers with the most approved hours, this many at most. */
export const HONOUR_ROLL_SIZE = 10;
/**
 * Volunteers read, from the most hours down, to fill the honour roll past those who opted out (or
 * whose personal information was erased): a bound on the read, so a roll may be shorter than
 * HONOUR_ROLL_SIZE when nearly everyone at the top opted out.
 */
export const HONOUR_ROLL_CANDIDATES_MAX = 50;

/** One store's redemptions of one China day, as the notice counts goods (whole, or not complete). */
export interface DisclosureRedemptionDay {
  records: readonly { status: string; lines: readonly { sku: string; name: string; qty: number }[] }[];
  complete: boolean;
}

/** A volunteer as the honour roll may show them: the name (masked on the way out) and the town. */
export interface HonourRollPerson {
  name: string;
  town?: string | undefined;
  /** Their own choice to stay off the roll. */
  optedOut: boolean;
  /** Their personal information was erased at their request (注销): never shown. */
  erased: boolean;
}

/** Where the honour roll comes from: the county's switch, the month's hours, people, the draw. */
export interface HonourRollSource {
  /** Whether the county shows the honour roll (on when the office never said). */
  shown(): Promise<boolean>;
  /** Each volunteer's approved quarter hours served in the month (the month index, as the draw reads). */
  monthHours(month: string): Promise<readonly { volunteerId: string; quarters: number }[]>;
  /** The volunteers named (missing ones absent). */
  people(volunteerIds: readonly string[]): Promise<Map<string, HonourRollPerson>>;
  /** The month's draw winners once it is drawn, with the prize they were credited; none before. */
  winners(month: string): Promise<readonly { volunteerId: string; prizePoints: number }[]>;
}

/**
 * 公示: the month's public notice (公益事业捐赠法 第二十二条; docs/donations.md), answered to anyone
 * without signing in. Its points and hours are the monthly report's own (the ledger's sums); its
 * donations and purchases are the register's, voided ones shown as 作废; stock on hand is each
 * store's items' stock now; goods redeemed are the store's redemptions of the month not voided.
 * Nothing personal: a person who gave is shown by masked name, an anonymous donor as 匿名捐赠, and
 * the honour roll (when the county shows it) names volunteers masked, never by id or phone.
 */
export interface DisclosureDeps {
  donations: Pick<DonationStore, 'register'>;
  monthly: (month: string) => Promise<MonthlyReport>;
  /** Every store with its name and the units of its items in stock now. */
  stores: () => Promise<{ storeId: string; name: string; stockOnHand: number }[]>;
  redemptionsDay: (storeId: string, date: string) => Promise<DisclosureRedemptionDay>;
  honourRoll: HonourRollSource;
}

/**
 * How long a finished month's notice may be kept by browsers and proxies. Its points are final (the
 * monthly report keeps them), but its hours may still grow when service of that month is approved
 * late, and the honour roll with them; and when the office switches the roll off or a volunteer
 * opts out, a kept copy still shows the names until it expires: five minutes, not an hour.
 */
export const FINISHED_MONTH_MAX_AGE_SECONDS = 300;
/** Movements committed just before midnight may land a little later (the monthly report's own margin). */
const FINISHED_AFTER_MS = 60 * 60 * 1000;

/** The notice's Cache-Control: a finished China month may be kept a while; the month under way never. */
export function disclosureCacheControl(month: string, now: Date): string {
  return now.getTime() >= chinaMonthEnd(month).getTime() + FINISHED_AFTER_MS
    ? `public, max-age=${FINISHED_MONTH_MAX_AGE_SECONDS}`
    : 'no-store';
}

/** Redemption days of finished months kept by one instance at most (a county's stores × a few months). */
export const KEPT_DAYS_MAX = 4000;

/**
 * A finished month's redemption days, kept by this instance as long as a browser may keep the
 * notice (FINISHED_MONTH_MAX_AGE_SECONDS), so the public notice read over and over (5 requests a
 * second at most) reads each day of each store once per five minutes instead of on every request:
 * the county's read bill stays flat whoever keeps asking. A day of the month under way is always
 * read. The oldest kept day goes first past KEPT_DAYS_MAX.
 */
export function keptFinishedDays(
  read: DisclosureDeps['redemptionsDay'],
  now: () => Date,
): DisclosureDeps['redemptionsDay'] {
  const kept = new Map<string, { until: number; day: Promise<DisclosureRedemptionDay> }>();
  return (storeId, date) => {
    const at = now();
    if (disclosureCacheControl(date.slice(0, 7), at) === 'no-store') return read(storeId, date);
    const key = `${storeId}\u0000${date}`;
    const found = kept.get(key);
    if (found !== undefined && found.until > at.getTime()) return found.day;
    const day = read(storeId, date);
    kept.delete(key);
    kept.set(key, { until: at.getTime() + FINISHED_MONTH_MAX_AGE_SECONDS * 1000, day });
    // A failed read or an incomplete day (past a page bound: 503) is not kept: the next request
    // reads it again.
    const forget = () => {
      if (kept.get(key)?.day === day) kept.delete(key);
    };
    void day.then((answer) => {
      if (!answer.complete) forget();
    }, forget);
    while (kept.size > KEPT_DAYS_MAX) {
      const oldest = kept.keys().next().value;
      if (oldest === undefined) break;
      kept.delete(oldest);
    }
    return day;
  };
}

/** The China dates of a month (YYYY-MM-DD), first to last. */
export function datesOfMonth(month: string): string[] {
  const [year = 2000, monthNumber = 1] = month.split('-').map(Number);
  const days = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
  return Array.from({ length: days }, (_, index) => `${month}-${String(index + 1).padStart(2, '0')}`);
}

/**
 * The units of each item redeemed at each store in the month, redemptions voided left out, by item
 * and the name it was redeemed under. Every day is read whole or the answer is 503, never a part.
 */
export async function goodsRedeemed(
  deps: Pick<DisclosureDeps, 'redemptionsDay'>,
  storeIds: readonly string[],
  month: string,
): Promise<Map<string, { name: string; qty: number }[]>> {
  if (storeIds.length > DISCLOSURE_STORES_MAX)
    throw new AppError('UNAVAILABLE', 'Too many stores to read in one go');
  const dates = datesOfMonth(month);
  const byStore = new Map<string, { name: string; qty: number }[]>();
  for (let start = 0; start < storeIds.length; start += STORE_READ_CONCURRENCY) {
    await Promise.all(
      storeIds.slice(start, start + STORE_READ_CONCURRENCY).map(async (storeId) => {
        const days = await Promise.all(dates.map((date) => deps.redemptionsDay(storeId, date)));
        // By item and the name it was redeemed under: an item renamed during the month shows twice.
        const bySku = new Map<string, { name: string; qty: number }>();
        for (const day of days) {
          if (!day.complete) throw new AppError('UNAVAILABLE', 'Too much to read in one go');
          for (const record of day.records) {
            if (record.status !== 'completed') continue;
            for (const line of record.lines) {
              const key = `${line.sku}\u0000${line.name}`;
              const goods = bySku.get(key) ?? { name: line.name, qty: 0 };
              goods.qty += line.qty;
              bySku.set(key, goods);
            }
          }
        }
        byStore.set(
          storeId,
          [...bySku.entries()]
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
            .map(([, goods]) => goods)
            .filter((goods) => goods.qty > 0),
        );
      }),
    );
  }
  return byStore;
}

/**
 * 光荣榜: the month's top volunteers by approved hours (HONOUR_ROLL_SIZE, ties by id so the roll is
 * the same on every read) and the draw's winners, masked; anyone who opted out or was erased is in
 * neither list, and the next ones fill in, from HONOUR_ROLL_CANDIDATES_MAX read at most. Undefined
 * while the county has the honour roll switched off.
 */
export async function honourRoll(source: HonourRollSource, month: string): Promise<HonourRoll | undefined> {
  if (!(await source.shown())) return undefined;
  const [hours, winners] = await Promise.all([source.monthHours(month), source.winners(month)]);
  const ranked = [...hours]
    .filter((volunteer) => volunteer.quarters > 0)
    .sort((a, b) =>
      a.quarters === b.quarters ? (a.volunteerId < b.volunteerId ? -1 : 1) : b.quarters - a.quarters,
    )
    .slice(0, HONOUR_ROLL_CANDIDATES_MAX);
  const people = await source.people([
    ...ranked.map((volunteer) => volunteer.volunteerId),
    ...winners.map((winner) => winner.volunteerId),
  ]);
  const shownPerson = (volunteerId: string) => {
    const person = people.get(volunteerId);
    return person === undefined || person.optedOut || person.erased ? undefined : person;
  };
  const volunteers: HonourRoll['volunteers'] = [];
  for (const volunteer of ranked) {
    if (volunteers.length >= HONOUR_ROLL_SIZE) break;
    const person = shownPerson(volunteer.volunteerId);
    if (person === undefined) continue;
    volunteers.push({
      name: maskName(person.name),
      hours: volunteer.quarters / 4,
      ...(person.town === undefined ? {} : { town: person.town }),
    });
  }
  return {
    volunteers,
    winners: winners.flatMap((winner) => {
      const person = shownPerson(winner.volunteerId);
      return person === undefined ? [] : [{ name: maskName(person.name), prizePoints: winner.prizePoints }];
    }),
  };
}

export async function disclosure(deps: DisclosureDeps, month: string) {
  // The register is kept by the year recorded; a gift of December recorded in January is in the
  // next year's (intake refuses a day received before last year, so two years hold every one).
  const year = Number(month.slice(0, 4));
  const [report, register, registerNext, stores, roll] = await Promise.all([
    deps.monthly(month),
    deps.donations.register(String(year)),
    deps.donations.register(String(year + 1)),
    deps.stores(),
    honourRoll(deps.honourRoll, month),
  ]);
  const ofMonth = [...register, ...registerNext]
    .filter((record) => record.receivedOn.startsWith(month))
    .sort((a, b) =>
      a.receivedOn === b.receivedOn
        ? a.recordedAt.localeCompare(b.recordedAt)
        : a.receivedOn < b.receivedOn
          ? -1
          : 1,
    );
  const storeIds = [
    ...new Set([...report.byStore.map((store) => store.storeId), ...stores.map((store) => store.storeId)]),
  ].sort();
  const goods = await goodsRedeemed(deps, storeIds, month);
  return {
    month,
    towns: report.byOrg
      .filter((org) => org.level === 'town')
      .map((org) => ({
        orgId: org.orgId,
        name: org.name,
        hours: org.hours,
        pointsIssued: org.pointsIssued,
        pointsRedeemed: org.pointsRedeemed,
      })),
    total: { hours: report.hours, pointsIssued: report.pointsIssued, pointsRedeemed: report.pointsRedeemed },
    stores: storeIds.map((storeId) => {
      const figures = report.byStore.find((store) => store.storeId === storeId);
      const store = stores.find((candidate) => candidate.storeId === storeId);
      return {
        storeId,
        name: store?.name ?? storeId,
        redemptions: figures?.redemptions ?? 0,
        voids: figures?.voids ?? 0,
        pointsRedeemed: figures?.pointsRedeemed ?? 0,
        stockOnHand: store?.stockOnHand ?? 0,
        goods: goods.get(storeId) ?? [],
      };
    }),
    donations: ofMonth
      .filter((record) => record.kind !== 'purchase')
      .map((record) => ({
        receiptNumber: record.receiptNumber ?? '',
        status: record.status,
        kind: record.kind,
        donor: publicDonorName(record.donor ?? { kind: 'anonymous' }, maskName),
        receivedOn: record.receivedOn,
        ...(record.storeId === undefined ? {} : { storeId: record.storeId }),
        goods: record.lines.map((line) => ({ name: line.name, qty: line.qty })),
        valueFen: record.valueFen,
      })),
    purchases: ofMonth
      .filter((record) => record.kind === 'purchase')
      .map((record) => ({
        status: record.status,
        supplier: record.invoice?.supplier ?? '',
        receivedOn: record.receivedOn,
        storeId: record.storeId ?? '',
        goods: record.lines.map((line) => ({ name: line.name, qty: line.qty })),
        valueFen: record.valueFen,
      })),
    ...(roll === undefined ? {} : { honourRoll: roll }),
  };
}
