import { chinaDate } from '../../platform/china-time';
import { AppError } from '../../platform/errors';
import { type IdempotencyScope, type ReplayableResult, userScope } from '../../platform/idempotency';
import { logger } from '../../platform/observability';
import { hasRole, type Principal } from '../../platform/principal';
import type { StockMovementFacts } from '../../stores/rules/stock';
import { outOfStock, stockAllows } from '../../stores/rules/stock';
import { assertStoreAccess, type StoreItemRecord } from '../../stores/rules/store';
import type { IntakeRequest, VoidRequest } from '../contract/donations';
import type { DonationRecord, DonationsDeps } from '../port';
import { canDonationStep, donorKey, intakeValueFen, personsNamed } from '../rules/donation';

/**
 * Intake (docs/donations.md): a donation of goods or a purchase is stock-in at the receiving store,
 * one movement per line linked to the record by `ref`, in one transaction with the record and, for
 * a donation or a money gift, its receipt number. A void reverses the movements (only while the
 * stock allows: the pinned condition) and marks the record voided; its number stays used.
 */

const ref = (donationId: string): string => `donation:${donationId}`;

async function requireItems(
  deps: DonationsDeps,
  storeId: string,
  lines: readonly { sku: string }[],
): Promise<StoreItemRecord[]> {
  const items = await Promise.all(lines.map((line) => deps.donations.getItem(storeId, line.sku)));
  return items.map((item, index) => {
    if (item === undefined) {
      throw new AppError(
        'NOT_FOUND',
        `No item ${lines[index]?.sku} at this store; add it to the catalogue first`,
      );
    }
    return item;
  });
}

/** Who may record: the office for every kind, a store's counter for goods at its own store. */
function assertMayRecord(principal: Principal, request: IntakeRequest): void {
  if (request.storeId === undefined || request.kind === 'money') {
    if (!hasRole(principal, 'admin')) throw new AppError('FORBIDDEN', 'Only the office records money');
    return;
  }
  assertStoreAccess(principal, request.storeId);
}

/**
 * The day goods or money arrived is not after today (China time) and in this year or the last: the
 * register is kept by the year recorded, and the notice of a month reads that year's register and
 * the next one's, so a gift recorded late still appears in the month it arrived.
 */
function assertReceivedOn(receivedOn: string, now: Date): void {
  const today = chinaDate(now);
  const earliest = `${Number(today.slice(0, 4)) - 1}-01-01`;
  if (receivedOn > today || receivedOn < earliest) {
    throw new AppError('VALIDATION_FAILED', `receivedOn must be between ${earliest} and ${today}`, {
      fields: [
        {
          path: 'body.receivedOn',
          message: `到货日期应在 ${earliest} 与今天 ${today} 之间 (not after today, this year or last)`,
        },
      ],
    });
  }
}

export async function recordIntake(
  deps: DonationsDeps,
  principal: Principal,
  request: IntakeRequest,
  idempotency: Omit<IdempotencyScope, 'scope'>,
): Promise<ReplayableResult> {
  assertMayRecord(principal, request);
  assertReceivedOn(request.receivedOn, deps.now());
  const lines = request.lines ?? [];
  const { storeId } = request;
  const numbered = request.kind !== 'purchase';
  const donationId = deps.newId();
  const key = request.donor === undefined ? undefined : donorKey(request.donor, deps.sha256Base64url);
  return deps.donations.write(
    { scope: userScope(principal.userId), ...idempotency },
    numbered ? { prefix: deps.receiptPrefix } : undefined,
    async (at, receiptNumber) => {
      const items = storeId === undefined ? [] : await requireItems(deps, storeId, lines);
      const record: DonationRecord = {
        donationId,
        kind: request.kind,
        status: 'recorded',
        ...(receiptNumber === undefined ? {} : { receiptNumber }),
        ...(storeId === undefined ? {} : { storeId }),
        receivedOn: request.receivedOn,
        ...(request.donor === undefined ? {} : { donor: request.donor }),
        ...(key === undefined ? {} : { donorKey: key }),
        lines: lines.map((line, index) => ({ ...line, name: items[index]?.name ?? line.sku })),
        valueFen: request.kind === 'donation' ? intakeValueFen(lines) : (request.amountFen ?? 0),
        ...(request.invoice === undefined ? {} : { invoice: request.invoice }),
        ...(request.note === undefined ? {} : { note: request.note }),
        recordedAt: at,
        recordedBy: principal.userId,
      };
      const kind = request.kind === 'purchase' ? 'purchase' : 'donation';
      return {
        changes: items.map((item, index) => ({ item, delta: lines[index]?.qty ?? 0, by: principal.userId })),
        movements: items.map(
          (item, index): StockMovementFacts => ({
            id: `${donationId}.${index}`,
            storeId: item.storeId,
            sku: item.sku,
            kind,
            delta: lines[index]?.qty ?? 0,
            stockAfter: item.stock + (lines[index]?.qty ?? 0),
            ref: ref(donationId),
            reason: kind === 'purchase' ? '采购入库' : '捐赠入库',
            actor: principal.userId,
            at,
            unitValueFen: lines[index]?.unitValueFen ?? 0,
          }),
        ),
        record,
        write: 'create',
        response: { status: 201, body: record },
      };
    },
    (_index, current) =>
      current === undefined ? new AppError('NOT_FOUND', 'An item was removed meanwhile') : 'retry',
  );
}

/**
 * A person who gave is shown by full name to the office (the receipt and the register need it): each
 * answer that does is logged once, with the records' ids and who asked, never the names.
 */
export function logPersonsShown(
  records: readonly DonationRecord[],
  principal: Pick<Principal, 'userId'>,
): void {
  const shown = personsNamed(records);
  if (shown.length > 0) logger.info('donors shown whole', { donations: shown, to: principal.userId });
}

/** 登记造册: a year's register (by the China year recorded), oldest first, optionally of one kind. */
export async function listRegister(
  deps: DonationsDeps,
  principal: Principal,
  query: { year: string; kind?: DonationRecord['kind'] | undefined },
): Promise<{ year: string; donations: DonationRecord[] }> {
  const records = await deps.donations.register(query.year);
  const donations =
    query.kind === undefined ? records : records.filter((record) => record.kind === query.kind);
  logPersonsShown(donations, principal);
  return { year: query.year, donations };
}

export async function getDonation(
  deps: DonationsDeps,
  principal: Principal,
  donationId: string,
): Promise<DonationRecord> {
  const record = await deps.donations.get(donationId);
  if (record === undefined) throw new AppError('NOT_FOUND', 'No such donation');
  if (!hasRole(principal, 'admin')) {
    if (record.storeId === undefined) throw new AppError('NOT_FOUND', 'No such donation');
    assertStoreAccess(principal, record.storeId);
  }
  logPersonsShown([record], principal);
  return record;
}

/** 作废: reverses a recorded intake's stock while the stock allows, keeps its number, says why. */
export async function voidIntake(
  deps: DonationsDeps,
  principal: Principal,
  donationId: string,
  request: VoidRequest,
  idempotency: Omit<IdempotencyScope, 'scope'>,
): Promise<ReplayableResult> {
  if (!hasRole(principal, 'admin'))
    throw new AppError('FORBIDDEN', 'Only the office voids a donation or purchase');
  let lines: DonationRecord['lines'] = [];
  return deps.donations.write(
    { scope: userScope(principal.userId), ...idempotency },
    undefined,
    async (at) => {
      const record = await deps.donations.get(donationId);
      if (record === undefined) throw new AppError('NOT_FOUND', 'No such donation');
      if (!canDonationStep(record.status, 'void')) {
        throw new AppError('CONFLICT', `This record is already ${record.status}: a void is written once`);
      }
      lines = record.lines;
      const items = record.storeId === undefined ? [] : await requireItems(deps, record.storeId, lines);
      items.forEach((item, index) => {
        const qty = lines[index]?.qty ?? 0;
        if (!stockAllows(item.stock, -qty)) {
          throw outOfStock(item.sku, item.stock, `Only ${item.stock} of ${item.sku} left to take back`);
        }
      });
      const voided: DonationRecord = {
        ...record,
        status: 'voided',
        voidedAt: at,
        voidedBy: principal.userId,
        voidReason: request.reason,
      };
      return {
        changes: items.map((item, index) => ({
          item,
          delta: -(lines[index]?.qty ?? 0),
          by: principal.userId,
        })),
        movements: items.map(
          (item, index): StockMovementFacts => ({
            id: `${donationId}.void.${index}`,
            storeId: item.storeId,
            sku: item.sku,
            kind: 'intake-void',
            delta: -(lines[index]?.qty ?? 0),
            stockAfter: item.stock - (lines[index]?.qty ?? 0),
            ref: ref(donationId),
            reason: request.reason,
            actor: principal.userId,
            at,
          }),
        ),
        record: voided,
        write: 'void',
        response: { status: 200, body: voided },
      };
    },
    (index, current) => {
      const line = lines[index];
      if (current === undefined || line === undefined)
        return new AppError('NOT_FOUND', 'An item was removed meanwhile');
      if (!stockAllows(Number(current.stock), -line.qty)) {
        return outOfStock(
          line.sku,
          Number(current.stock),
          `Only ${current.stock} of ${line.sku} left to take back`,
        );
      }
      return 'retry';
    },
  );
}
