import type { OrgTree } from '../../people/rules/org-tree';
import { AppError } from '../../platform/errors';
import { hasRole, type Principal } from '../../platform/principal';
import type { OrderView } from '../contract/orders';
import type { Order, OrderEvent, OrderRating, OrdersDeps } from '../port';
import {
  canTake,
  holdsForReview,
  nextStatus,
  type OrderAction,
  type OrderActor,
  statusesFrom,
} from '../rules/order-flow';
import { isAssignedTeam, maySee, orderViews, trackedView } from './order-views';
import { OFFICE_LABEL, RESIDENT_LABEL, residentOrder } from './orders';

/** Tries of one transition when another change of the same order came first. */
const TRANSITION_ATTEMPTS_MAX = 3;
/** Steps one order may record: far above any real order (a long service has a dozen activities). */
export const ORDER_EVENTS_MAX = 60;

export type StepInput =
  | { action: 'reject'; reason: string }
  | { action: 'dispatch' | 'reassign'; teamOrgId: string; dueDate: string; note?: string | undefined }
  | { action: 'accept' }
  | { action: 'return'; reason: string }
  | { action: 'serve'; activity: { name: string; date: string }; note?: string | undefined }
  | { action: 'finish'; note: string }
  | {
      action: 'rate';
      attitude: number;
      result: number;
      timeliness: number;
      comment?: string | undefined;
      complaint: boolean;
    }
  | { action: 'review'; note: string }
  | { action: 'close'; assessment: string; entries: { volunteerId: string; hours: number }[] }
  | { action: 'cancel'; reason: string };

const refused = (order: Order, action: OrderAction) =>
  new AppError(
    'ORDER_STATE',
    `这一单现在是「${order.status}」，不能做这一步 (an order that is ${order.status} cannot ${action})`,
    {
      extra: { status: order.status, action },
    },
  );

/** The order after `input`, from `order` (already allowed); `by` is who acted. */
function applyStep(
  order: Order,
  input: StepInput,
  by: { userId: string; label: string; actor: OrderActor },
  tree: OrgTree,
  at: string,
): Order {
  let rating: OrderRating | undefined = order.rating;
  let held = false;
  if (input.action === 'rate') {
    rating = {
      attitude: input.attitude,
      result: input.result,
      timeliness: input.timeliness,
      ...(input.comment === undefined ? {} : { comment: input.comment }),
      complaint: input.complaint,
      paper: by.actor !== 'resident',
      at,
    };
    held = holdsForReview(rating);
  }
  const status = nextStatus(input.action, { heldForReview: held });
  const reason = 'reason' in input ? input.reason : undefined;
  const note =
    input.action === 'serve'
      ? `${input.activity.date} ${input.activity.name}${input.note === undefined ? '' : `：${input.note}`}`
      : input.action === 'close'
        ? input.assessment
        : 'note' in input
          ? input.note
          : input.action === 'dispatch' || input.action === 'reassign'
            ? `${tree.get(input.teamOrgId)?.name ?? input.teamOrgId}，${input.dueDate} 前完成`
            : input.action === 'rate' && rating?.comment !== undefined
              ? rating.comment
              : undefined;
  const event: OrderEvent = {
    at,
    action: input.action,
    status,
    by: by.userId,
    byLabel: by.label,
    ...(reason === undefined ? {} : { reason }),
    ...(note === undefined ? {} : { note }),
  };
  return {
    ...order,
    status,
    version: order.version + 1,
    updatedAt: at,
    timeline: [...order.timeline, event],
    rating,
    ...(input.action === 'dispatch' || input.action === 'reassign'
      ? { teamOrgId: input.teamOrgId, dueDate: input.dueDate, dispatchedAt: at }
      : {}),
    ...(input.action === 'accept' ? { acceptedAt: at } : {}),
    ...(input.action === 'finish' ? { doneAt: at } : {}),
    ...(input.action === 'close'
      ? { closedAt: at, assessment: { note: input.assessment, entries: input.entries } }
      : {}),
  };
}

/** Who the caller is to this order: the office, its team, or nobody who may act (403). */
function actorOf(principal: Principal, tree: OrgTree, order: Order): OrderActor {
  if (hasRole(principal, 'admin')) return 'office';
  if (isAssignedTeam(principal, tree, order)) return 'team';
  throw new AppError(
    'FORBIDDEN',
    '只有县中心和承接的队伍能处理这一单 (only the office and the assigned team act on it)',
  );
}

/**
 * Takes one step of an order's flow: the pure rule says whether it may (`canTake`), and the
 * store's condition makes it hold under concurrency (the order is still at the status and version
 * that were read). Of two concurrent steps exactly one wins; the other is re-read and refused with
 * ORDER_STATE when the step no longer fits, and nothing changes.
 */
async function step(
  deps: OrdersDeps,
  number: string,
  input: StepInput,
  who: (order: Order, tree: OrgTree) => { userId: string; label: string; actor: OrderActor },
): Promise<{ order: Order; tree: OrgTree }> {
  const tree = await deps.orgTree();
  if ((input.action === 'dispatch' || input.action === 'reassign') && tree.get(input.teamOrgId) === undefined)
    throw new AppError('VALIDATION_FAILED', '没有这个队伍 (no such team)', {
      fields: [{ path: 'body.teamOrgId', message: 'no such organisation' }],
    });
  for (let attempt = 0; attempt < TRANSITION_ATTEMPTS_MAX; attempt += 1) {
    const order = await deps.orders.get(number);
    if (order === undefined) throw new AppError('NOT_FOUND', 'No such order');
    const by = who(order, tree);
    if (!canTake(order, input.action, by.actor)) throw refused(order, input.action);
    if (order.timeline.length >= ORDER_EVENTS_MAX) throw refused(order, input.action);
    const next = applyStep(order, input, by, tree, deps.now().toISOString());
    const from = {
      number: order.number,
      version: order.version,
      statuses: statusesFrom(input.action, by.actor),
    };
    if (await deps.orders.transition(from, next)) return { order: next, tree };
  }
  throw new AppError('CONFLICT', '这一单刚被别人改过，请刷新后再试 (changed just now; reload and try again)');
}

/**
 * A step by the office or the team. Closing (考核定单) also turns the volunteers' hours into a
 * service record linked to the order, which then goes through the approval that moves points.
 */
export async function actOnOrder(
  deps: OrdersDeps,
  principal: Principal,
  number: string,
  input: StepInput,
): Promise<OrderView> {
  const { order, tree } = await step(deps, number, input, (current, orgTree) => {
    if (!maySee(principal, orgTree, current)) throw new AppError('NOT_FOUND', 'No such order');
    const actor = actorOf(principal, orgTree, current);
    const label =
      actor === 'office' ? OFFICE_LABEL : (orgTree.get(current.teamOrgId ?? '')?.name ?? '志愿服务队');
    return { userId: principal.userId, label, actor };
  }).catch(async (error: unknown) => {
    // A close that was made but whose record was not yet written is finished by its retry.
    if (input.action === 'close' && error instanceof AppError && error.code === 'ORDER_STATE') {
      const current = await deps.orders.get(number);
      if (current?.status === 'closed' && current.recordIds.length === 0 && current.assessment !== undefined)
        return { order: current, tree: await deps.orgTree() };
    }
    throw error;
  });
  if (
    input.action === 'close' &&
    order.assessment !== undefined &&
    order.assessment.entries.length > 0 &&
    order.recordIds.length === 0
  ) {
    const made = await deps.records.submit(
      {
        activity: {
          name: `六单 ${order.number}：${order.need.slice(0, 40)}`,
          date: (order.closedAt ?? order.updatedAt).slice(0, 10),
          ...(order.projectId === undefined ? {} : { projectId: order.projectId }),
          orderId: order.number,
        },
        entries: order.assessment.entries,
        ...(order.teamOrgId === undefined ? {} : { orgId: order.teamOrgId }),
      },
      { userId: principal.userId },
      `order-close-${order.number}`,
    );
    const recordId = String((made.body as { id?: unknown }).id ?? '');
    if (recordId !== '') {
      await deps.orders.addRecord(order.number, recordId);
      order.recordIds = [...order.recordIds, recordId];
    }
  }
  return orderViews([order], principal, tree, deps.now().toISOString())[0] as OrderView;
}

/** The resident cancels before a team accepted, or rates once it is done (社会评单). */
export async function residentStep(
  deps: OrdersDeps,
  number: string,
  phone4: string,
  client: string,
  input: Extract<StepInput, { action: 'cancel' | 'rate' }>,
) {
  await residentOrder(deps, number, phone4, client);
  const { order, tree } = await step(deps, number, input, () => ({
    userId: 'resident',
    label: RESIDENT_LABEL,
    actor: 'resident',
  }));
  return trackedView(order, tree);
}
