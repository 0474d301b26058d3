import { mapBounded } from '../../platform/bounded';
import { AppError } from '../../platform/errors';
import { hasRole, type Principal } from '../../platform/principal';
import type { OrderView } from '../contract/orders';
import type { Order, OrdersDeps } from '../port';
import { dueAt, isOverdue } from '../rules/due-dates';
import type { OrderStatus } from '../rules/order-flow';
import { maySee, orderViews } from './order-views';

/** Organisations a coordinator's queue reads (a town and its villages and teams); more are left out. */
const QUEUE_TEAMS_MAX = 100;
/** Queue reads sent at once for one coordinator's queue. */
const QUEUE_READS_AT_ONCE = 8;

/** Earlier due first; orders without a due time (done, rated, held) after all that have one. */
function compareDue(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return a < b ? -1 : 1;
}

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
  let teams: (string | undefined)[] = [filter.teamOrgId];
  if (!hasRole(principal, 'admin')) {
    if (principal.orgId === undefined) throw new AppError('FORBIDDEN', 'A coordinator needs an organisation');
    if (filter.teamOrgId !== undefined && !tree.isWithin(filter.teamOrgId, principal.orgId))
      throw new AppError('FORBIDDEN', '只能查看本队的派单 (only your own team’s orders)');
    // A coordinator's queue: orders dispatched to their organisation or to any below it (the
    // orders they act on as the team), one query of each one's open queue, a bounded number at once.
    teams =
      filter.teamOrgId === undefined
        ? tree
            .subtree(principal.orgId)
            .map((org) => org.orgId)
            .slice(0, QUEUE_TEAMS_MAX)
        : [filter.teamOrgId];
  }
  const lists = await mapBounded(teams, QUEUE_READS_AT_ONCE, (teamOrgId) =>
    deps.orders.queue({ teamOrgId, status: filter.status, limit: filter.limit }),
  );
  const nowIso = deps.now().toISOString();
  const due = (order: Order) => ({ at: dueAt(order), overdue: isOverdue(dueAt(order), nowIso) });
  const shown = lists
    .flat()
    .filter((order) => maySee(principal, tree, order))
    .filter((order) => filter.townOrgId === undefined || order.townOrgId === filter.townOrgId)
    .filter((order) => filter.overdue === undefined || String(due(order).overdue) === filter.overdue)
    // Overdue first, then by when they are due (orders without a clock last), then by number.
    .sort(
      (a, b) =>
        Number(due(b).overdue) - Number(due(a).overdue) ||
        compareDue(due(a).at, due(b).at) ||
        a.number.localeCompare(b.number),
    )
    .slice(0, filter.limit);
  return { orders: orderViews(shown, principal, tree, nowIso) };
}

/** One order for the office or the team (404 to anyone else, as if it did not exist). */
export async function getOrder(deps: OrdersDeps, principal: Principal, number: string): Promise<OrderView> {
  const [order, tree] = await Promise.all([deps.orders.get(number), deps.orgTree()]);
  if (order === undefined || !maySee(principal, tree, order))
    throw new AppError('NOT_FOUND', 'No such order');
  return orderViews([order], principal, tree, deps.now().toISOString())[0] as OrderView;
}
