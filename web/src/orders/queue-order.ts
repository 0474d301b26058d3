import type { OrderView } from '../../../shared/orders/contract/orders';

/**
 * The order of a queue on the page: overdue first, then by when the current stage is due, orders
 * without a due time (done, rated, held) last. The API sorts so too; the page sorts again, with
 * plain string comparison of the ISO times, so that it never depends on how the server compares.
 */
export function queueOrder<T extends Pick<OrderView, 'overdue' | 'dueAt'>>(orders: readonly T[]): T[] {
  const dueOf = (order: T) => order.dueAt ?? '\uffff';
  return [...orders].sort((a, b) => {
    if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
    const [x, y] = [dueOf(a), dueOf(b)];
    return x < y ? -1 : x > y ? 1 : 0;
  });
}
