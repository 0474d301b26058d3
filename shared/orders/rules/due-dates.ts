import type { OrderStatus } from './order-flow';

/**
 * How long each stage may take before an order is overdue: the county office reviews a request
 * within 2 days, a team accepts a dispatched order within 3 days, and the service is done by the
 * date the resident asked for (or within 14 days when they named none). These are the product's
 * defaults, taken from the service commitments the 六单 issue sets out (2026-12); a county changes
 * them here, in one place.
 */
export const STAGE_DAYS = {
  review: 2,
  accept: 3,
  finishWithoutRequestedDate: 14,
} as const;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The end of a China calendar day (UTC+8, no daylight saving): a due date holds all that day. */
const endOfChinaDay = (date: string): string =>
  new Date(Date.parse(`${date}T00:00:00+08:00`) + DAY_MS).toISOString();

/** When the order's current stage is due, or undefined for a stage without a clock. */
export function dueAt(order: {
  status: OrderStatus;
  submittedAt: string;
  dispatchedAt?: string;
  dueDate?: string;
  preferredDate?: string;
}): string | undefined {
  switch (order.status) {
    case 'submitted':
    case 'returned':
      return new Date(Date.parse(order.submittedAt) + STAGE_DAYS.review * DAY_MS).toISOString();
    case 'dispatched':
      return order.dispatchedAt === undefined
        ? undefined
        : new Date(Date.parse(order.dispatchedAt) + STAGE_DAYS.accept * DAY_MS).toISOString();
    case 'accepted':
    case 'in_service':
      return (
        (order.dueDate === undefined ? undefined : endOfChinaDay(order.dueDate)) ??
        new Date(
          Date.parse(order.dispatchedAt ?? order.submittedAt) +
            STAGE_DAYS.finishWithoutRequestedDate * DAY_MS,
        ).toISOString()
      );
    default:
      return undefined;
  }
}

/** Whether the order's current stage is past its due time. */
export const isOverdue = (due: string | undefined, nowIso: string): boolean =>
  due !== undefined && due < nowIso;

/** The sort key an order's due time gives it in the queue indexes (no due time: after all others). */
export const dueKey = (order: Parameters<typeof dueAt>[0]): string =>
  dueAt(order) ?? '9999-12-31T23:59:59.999Z';
