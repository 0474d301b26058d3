import { AppError } from '../../platform/errors';
import { hasRole, type Principal } from '../../platform/principal';
import type { OrderView } from '../contract/orders';
import type { OrdersDeps } from '../port';
import type { OrderStatus } from '../rules/order-flow';
import { maySee, orderView } from './order-views';

export interface QueueFilter {
  status?: OrderStatus | undefined;
  teamOrgId?: string | undefined;
  townOrgId?: string | undefined;
  overdue?: 'true' | 'false' | undefined;
  limit: number;
}

/**
 * The office's queue (by status, team or town) and a team's queue (its own subtree). Each list is
 * read from an index sorted by due time, so overdue orders come first; one status of the office
 * queue is one query.
 */
export async function orderQueue(
  deps: OrdersDeps,
  principal: Principal,
  filter: QueueFilter,
): Promise<{ orders: OrderView[] }> {
  const tree = await deps.orgTree();
  let team = filter.teamOrgId;
  if (!hasRole(principal, 'admin')) {
    if (principal.orgId === undefined) throw new AppError('FORBIDDEN', 'A coordinator needs an organisation');
    if (team !== undefined && !tree.isWithin(team, principal.orgId))
      throw new AppError('FORBIDDEN', '只能查看本队的派单 (only your own team’s orders)');
    team ??= principal.orgId;
  }
  const orders = await deps.orders.queue({ teamOrgId: team, status: filter.status, limit: filter.limit });
  const nowIso = deps.now().toISOString();
  const listed = orders
    .filter((order) => maySee(principal, tree, order))
    .filter((order) => filter.townOrgId === undefined || order.townOrgId === filter.townOrgId)
    .map((order) => orderView(order, principal, tree, nowIso))
    .filter((order) => filter.overdue === undefined || String(order.overdue) === filter.overdue);
  // Overdue first, then by when they are due (orders without a clock last), then by number.
  listed.sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) ||
      (a.dueAt ?? '~').localeCompare(b.dueAt ?? '~') ||
      a.number.localeCompare(b.number),
  );
  return { orders: listed.slice(0, filter.limit) };
}

/** One order for the office or the team (404 to anyone else, as if it did not exist). */
export async function getOrder(deps: OrdersDeps, principal: Principal, number: string): Promise<OrderView> {
  const [order, tree] = await Promise.all([deps.orders.get(number), deps.orgTree()]);
  if (order === undefined || !maySee(principal, tree, order))
    throw new AppError('NOT_FOUND', 'No such order');
  return orderView(order, principal, tree, deps.now().toISOString());
}
