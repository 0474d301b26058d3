import type { OrgTree } from '../../people/rules/org-tree';
import { maskName, maskPhone } from '../../platform/masking';
import { logger } from '../../platform/observability';
import { hasRole, type Principal } from '../../platform/principal';
import type { OrderView, TrackedOrder } from '../contract/orders';
import type { Order, OrderEvent } from '../port';
import { dueAt, isOverdue } from '../rules/due-dates';
import { canTake } from '../rules/order-flow';

/** Whether the caller is the team the order is dispatched to (a coordinator of that team's subtree). */
export const isAssignedTeam = (
  principal: Principal,
  tree: OrgTree,
  order: Pick<Order, 'teamOrgId'>,
): boolean =>
  hasRole(principal, 'coordinator') &&
  principal.orgId !== undefined &&
  order.teamOrgId !== undefined &&
  tree.isWithin(order.teamOrgId, principal.orgId);

/** Whether the caller may see the order at all: the office, its team, or a coordinator of its village. */
export const maySee = (
  principal: Principal,
  tree: OrgTree,
  order: Pick<Order, 'teamOrgId' | 'villageOrgId'>,
): boolean =>
  hasRole(principal, 'admin') ||
  isAssignedTeam(principal, tree, order) ||
  (hasRole(principal, 'coordinator') &&
    principal.orgId !== undefined &&
    tree.isWithin(order.villageOrgId, principal.orgId));

const timeline = (events: readonly OrderEvent[]): OrderView['timeline'] =>
  events.map((event) => ({
    at: event.at,
    action: event.action,
    status: event.status,
    by: event.byLabel,
    ...(event.reason === undefined ? {} : { reason: event.reason }),
    ...(event.note === undefined ? {} : { note: event.note }),
  }));

/** Orders whose resident is shown whole to the caller: the office's, and the serving team's. */
const showsWhole = (principal: Principal, tree: OrgTree, order: Order): boolean =>
  hasRole(principal, 'admin') || isAssignedTeam(principal, tree, order);

/**
 * The views of `orders` for the caller. Personal data shown whole is logged once per answer (which
 * orders, to whom), never the data itself.
 */
export function orderViews(
  orders: readonly Order[],
  principal: Principal,
  tree: OrgTree,
  nowIso: string,
): OrderView[] {
  const whole = orders.filter((order) => showsWhole(principal, tree, order)).map((order) => order.number);
  if (whole.length > 0) logger.info('residents shown whole', { orders: whole, to: principal.userId });
  return orders.map((order) => orderView(order, principal, tree, nowIso));
}

/**
 * The office's and the team's view. The resident's name and phone are shown whole to the office
 * and to the team that serves the order (they call and visit); masked to anyone else.
 */
function orderView(order: Order, principal: Principal, tree: OrgTree, nowIso: string): OrderView {
  const whole = showsWhole(principal, tree, order);
  const due = dueAt(order);
  return {
    number: order.number,
    status: order.status,
    version: order.version,
    name: whole ? order.name : maskName(order.name),
    phone: whole ? order.phone : maskPhone(order.phone),
    villageOrgId: order.villageOrgId,
    ...(order.townOrgId === undefined ? {} : { townOrgId: order.townOrgId }),
    need: order.need,
    ...(order.projectId === undefined ? {} : { projectId: order.projectId }),
    ...(order.preferredDate === undefined ? {} : { preferredDate: order.preferredDate }),
    ...(order.preferredTime === undefined ? {} : { preferredTime: order.preferredTime }),
    channel: order.channel,
    ...(order.teamOrgId === undefined ? {} : { teamOrgId: order.teamOrgId }),
    ...(order.dueDate === undefined ? {} : { dueDate: order.dueDate }),
    ...(due === undefined ? {} : { dueAt: due }),
    overdue: isOverdue(due, nowIso),
    submittedAt: order.submittedAt,
    updatedAt: order.updatedAt,
    timeline: timeline(order.timeline),
    ...(order.rating === undefined ? {} : { rating: order.rating }),
    recordIds: order.recordIds,
  };
}

/** What a resident sees when tracking their own order: the steps in words, their data masked. */
export function trackedView(order: Order, tree: OrgTree): TrackedOrder {
  return {
    number: order.number,
    status: order.status,
    need: order.need,
    village: tree.get(order.villageOrgId)?.name ?? order.villageOrgId,
    ...(order.teamOrgId === undefined ? {} : { team: tree.get(order.teamOrgId)?.name ?? order.teamOrgId }),
    ...(order.dueDate === undefined ? {} : { dueDate: order.dueDate }),
    name: maskName(order.name),
    phone: maskPhone(order.phone),
    timeline: timeline(order.timeline),
    ...(order.rating === undefined ? {} : { rating: order.rating }),
    canCancel: canTake(order, 'cancel', 'resident'),
    canRate: canTake(order, 'rate', 'resident'),
  };
}
