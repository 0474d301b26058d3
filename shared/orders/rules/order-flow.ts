/**
 * 六单: a resident's need (群众点单) followed until it is met and assessed into points (考核定单).
 * The diagram (docs/orders.md) is this table: each action names the states it may start from, the
 * state it leads to and who may take it. The store's condition expressions read the same table
 * (`#status IN (...)`), and test/integration/order-rules.test.ts ties the two; the property test
 * test/unit/order-flow.test.ts walks random sequences and finds no state outside the diagram.
 */
export const ORDER_STATUSES = [
  'submitted',
  'rejected',
  'dispatched',
  'returned',
  'accepted',
  'in_service',
  'done',
  'held',
  'rated',
  'closed',
  'cancelled',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Where an order ends: nothing moves it on. */
export const TERMINAL_STATUSES: readonly OrderStatus[] = ['rejected', 'closed', 'cancelled'];

/** Who acts on an order: the county office, the team it is dispatched to, or the resident. */
export type OrderActor = 'office' | 'team' | 'resident';

export const ORDER_ACTIONS = [
  'reject',
  'dispatch',
  'reassign',
  'accept',
  'return',
  'serve',
  'finish',
  'rate',
  'review',
  'close',
  'cancel',
] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];

export interface Transition {
  from: readonly OrderStatus[];
  /** The state after; `rate` depends on the rating (a low one holds the order for review). */
  to: OrderStatus | ((context: { heldForReview: boolean }) => OrderStatus);
  actors: readonly OrderActor[];
}

/** The states a resident may still cancel from: before a team accepted the order. */
const BEFORE_ACCEPTANCE: readonly OrderStatus[] = ['submitted', 'dispatched', 'returned'];
/** Every state that is not an end. */
const OPEN: readonly OrderStatus[] = ORDER_STATUSES.filter((status) => !TERMINAL_STATUSES.includes(status));

export const ORDER_TRANSITIONS: Record<OrderAction, Transition> = {
  /** 中心审核: the office turns a request down, with a reason the resident sees. */
  reject: { from: ['submitted', 'returned'], to: 'rejected', actors: ['office'] },
  /** 中心派单: the office sends it to a team, with a due date. */
  dispatch: { from: ['submitted', 'returned'], to: 'dispatched', actors: ['office'] },
  /** The office sends a dispatched order to another team before it is accepted. */
  reassign: { from: ['dispatched'], to: 'dispatched', actors: ['office'] },
  /** 志愿者接单: the team takes it. */
  accept: { from: ['dispatched'], to: 'accepted', actors: ['team'] },
  /** The team cannot take it: back to the office, with a reason. */
  return: { from: ['dispatched'], to: 'returned', actors: ['team'] },
  /** An activity serving the order is planned or held (one or more). */
  serve: { from: ['accepted', 'in_service'], to: 'in_service', actors: ['team'] },
  /** The team's completion note. */
  finish: { from: ['in_service'], to: 'done', actors: ['team'] },
  /** 社会评单: the people served rate it (or a coordinator enters their paper form). */
  rate: {
    from: ['done'],
    to: ({ heldForReview }) => (heldForReview ? 'held' : 'rated'),
    actors: ['resident', 'team', 'office'],
  },
  /** The office has looked at a low rating or a complaint. */
  review: { from: ['held'], to: 'rated', actors: ['office'] },
  /** 考核定单: the office assesses it; the volunteers' hours become service records. */
  close: { from: ['done', 'rated', 'held'], to: 'closed', actors: ['office'] },
  /** The resident before acceptance, the office before closing, each with a reason. */
  cancel: { from: OPEN, to: 'cancelled', actors: ['resident', 'office'] },
};

/** A rating at or below this on any score, or a complaint, holds the order for office review. */
export const LOW_RATING_MAX = 2;

export interface OrderState {
  status: OrderStatus;
  /** Bumped by every transition: two concurrent transitions cannot both start from one version. */
  version: number;
}

/** Whether `actor` may take `action` on an order in `state`. */
export function canTake(state: OrderState | undefined, action: OrderAction, actor: OrderActor): boolean {
  if (state === undefined) return false;
  const transition = ORDER_TRANSITIONS[action];
  if (!transition.actors.includes(actor) || !transition.from.includes(state.status)) return false;
  // A resident cancels only before a team accepted the order.
  if (action === 'cancel' && actor === 'resident') return BEFORE_ACCEPTANCE.includes(state.status);
  return true;
}

/** The state an allowed action leads to. */
export function nextStatus(
  action: OrderAction,
  context: { heldForReview: boolean } = { heldForReview: false },
): OrderStatus {
  const { to } = ORDER_TRANSITIONS[action];
  return typeof to === 'function' ? to(context) : to;
}

/** The states an action may start from, for a given actor (what the store's condition checks). */
export function statusesFrom(action: OrderAction, actor: OrderActor): readonly OrderStatus[] {
  if (action === 'cancel' && actor === 'resident') return BEFORE_ACCEPTANCE;
  return ORDER_TRANSITIONS[action].from;
}

/** Whether a rating holds the order for the office: any score at or below LOW_RATING_MAX, or a complaint. */
export const holdsForReview = (rating: {
  attitude: number;
  result: number;
  timeliness: number;
  complaint: boolean;
}): boolean =>
  rating.complaint || Math.min(rating.attitude, rating.result, rating.timeliness) <= LOW_RATING_MAX;
