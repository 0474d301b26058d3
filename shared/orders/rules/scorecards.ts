import type { Order } from '../port';
import type { OrderStatus } from './order-flow';

/**
 * The scorecards the county ranks its teams and towns by (优秀志愿服务项目): one figures item per
 * order, rewritten with every step, summed per team or town over a month, a quarter or a year.
 */
export interface OrderFigures {
  number: string;
  status: OrderStatus;
  teamOrgId?: string | undefined;
  townOrgId?: string | undefined;
  villageOrgId: string;
  projectId?: string | undefined;
  submittedAt: string;
  dispatchedAt?: string | undefined;
  acceptedAt?: string | undefined;
  doneAt?: string | undefined;
  closedAt?: string | undefined;
  /** How many times a team gave the order back. */
  returns: number;
  /** Whether the current stage was past due at the last step (or is still open and past due). */
  overdue: boolean;
  ratingAverage?: number | undefined;
  complaint: boolean;
  /** Hours the assessment counted (all volunteers). */
  hours: number;
}

export function orderFigures(order: Order, overdueNow: boolean): OrderFigures {
  const scores =
    order.rating === undefined ? [] : [order.rating.attitude, order.rating.result, order.rating.timeliness];
  return {
    number: order.number,
    status: order.status,
    teamOrgId: order.teamOrgId,
    townOrgId: order.townOrgId,
    villageOrgId: order.villageOrgId,
    projectId: order.projectId,
    submittedAt: order.submittedAt,
    dispatchedAt: order.dispatchedAt,
    acceptedAt: order.acceptedAt,
    doneAt: order.doneAt,
    closedAt: order.closedAt,
    returns: order.timeline.filter((event) => event.action === 'return').length,
    overdue: overdueNow,
    ratingAverage:
      scores.length === 0 ? undefined : scores.reduce((sum, score) => sum + score, 0) / scores.length,
    complaint: order.rating?.complaint === true,
    hours: (order.assessment?.entries ?? []).reduce((sum, entry) => sum + entry.hours, 0),
  };
}
