import { timingSafeEqual } from 'node:crypto';
import type { OrgTree } from '../../people/rules/org-tree';
import { chinaDate, chinaMonth } from '../../platform/china-time';
import { AppError } from '../../platform/errors';
import { hasRole, type Principal } from '../../platform/principal';
import type { EnterOrderRequest, OrderView, SubmitOrderRequest, TrackedOrder } from '../contract/orders';
import type { Order, OrderEvent, OrdersDeps } from '../port';
import { ORDER_NUMBER_RANDOM_DIGITS } from '../rules/orders';
import { orderViews, trackedView } from './order-views';

/** Numbers drawn before giving up: 10^8 per month, a few thousand orders a year. */
const NUMBER_ATTEMPTS_MAX = 5;
/** What a resident's own steps are called in their timeline. */
export const RESIDENT_LABEL = '您';
export const OFFICE_LABEL = '县志愿服务中心';

/** A number: the China year and month (YYMM), then 8 random digits (no modulo bias). */
function orderNumber(deps: Pick<OrdersDeps, 'random' | 'now'>): string {
  const month = chinaMonth(deps.now()).replace('-', '').slice(2);
  let digits = '';
  while (digits.length < ORDER_NUMBER_RANDOM_DIGITS) {
    for (const byte of deps.random(ORDER_NUMBER_RANDOM_DIGITS)) if (byte < 250) digits += String(byte % 10);
  }
  return `${month}${digits.slice(0, ORDER_NUMBER_RANDOM_DIGITS)}`;
}

/** The town an organisation is in (itself when it is a town), for the scorecards. */
function townOf(tree: OrgTree, orgId: string): string | undefined {
  return tree.pathOf(orgId).find((id) => tree.get(id)?.level === 'town');
}

function checkPlace(tree: OrgTree, villageOrgId: string): void {
  const place = tree.get(villageOrgId);
  if (place === undefined || (place.level !== 'village' && place.level !== 'town'))
    throw new AppError('VALIDATION_FAILED', '请选择您所在的村或镇 (choose your village or town)', {
      fields: [{ path: 'body.villageOrgId', message: 'not a village or town' }],
    });
}

async function checkProject(deps: OrdersDeps, projectId: string | undefined): Promise<void> {
  if (projectId === undefined) return;
  const project = await deps.projects.get(projectId);
  if (project === undefined || project.status !== 'active')
    throw new AppError('VALIDATION_FAILED', '没有这个服务项目 (no such project)', {
      fields: [{ path: 'body.projectId', message: 'no such active project' }],
    });
}

async function create(
  deps: OrdersDeps,
  request: SubmitOrderRequest,
  channel: Order['channel'],
  by: { userId: string; label: string },
): Promise<Order> {
  const tree = await deps.orgTree();
  checkPlace(tree, request.villageOrgId);
  await checkProject(deps, request.projectId);
  const at = deps.now().toISOString();
  const event: OrderEvent = { at, action: 'submit', status: 'submitted', by: by.userId, byLabel: by.label };
  for (let attempt = 0; attempt < NUMBER_ATTEMPTS_MAX; attempt += 1) {
    const order: Order = {
      number: orderNumber(deps),
      status: 'submitted',
      version: 1,
      name: request.name,
      phone: request.phone,
      villageOrgId: request.villageOrgId,
      townOrgId: townOf(tree, request.villageOrgId),
      need: request.need,
      projectId: request.projectId,
      preferredDate: request.preferredDate,
      preferredTime: request.preferredTime,
      channel,
      submittedAt: at,
      updatedAt: at,
      ...(channel === 'web' ? {} : { enteredBy: by.userId }),
      timeline: [event],
      recordIds: [],
    };
    if (await deps.orders.create(order)) return order;
  }
  throw new AppError('UNAVAILABLE', '暂时无法提交，请稍后再试 (try again in a moment)');
}

/**
 * 群众点单: a resident with no account asks for help from the public page. Limited per phone and
 * per client address; the answer is the order number to follow it with.
 */
export async function submitOrder(
  deps: OrdersDeps,
  request: SubmitOrderRequest,
  client: string,
): Promise<{ number: string; status: 'submitted'; submittedAt: string }> {
  if (request.preferredDate !== undefined && request.preferredDate < chinaDate(deps.now()))
    throw new AppError('VALIDATION_FAILED', '希望的日期已经过去了 (the preferred date has passed)', {
      fields: [{ path: 'body.preferredDate', message: 'in the past' }],
    });
  await deps.limiter.submit(request.phone, client);
  const order = await create(deps, request, 'web', { userId: 'resident', label: RESIDENT_LABEL });
  return { number: order.number, status: 'submitted', submittedAt: order.submittedAt };
}

/** A coordinator (for a village of their subtree) or the office enters a request for someone. */
export async function enterOrder(
  deps: OrdersDeps,
  principal: Principal,
  request: EnterOrderRequest,
): Promise<OrderView> {
  const tree = await deps.orgTree();
  if (
    !hasRole(principal, 'admin') &&
    !(principal.orgId !== undefined && tree.isWithin(request.villageOrgId, principal.orgId))
  )
    throw new AppError('FORBIDDEN', '只能为本辖区的群众登记 (only for places in your organisation)');
  const { channel, ...rest } = request;
  const label = hasRole(principal, 'admin')
    ? OFFICE_LABEL
    : (tree.get(principal.orgId ?? '')?.name ?? '志愿服务站');
  const order = await create(deps, rest, channel, { userId: principal.userId, label });
  return orderViews([order], principal, tree, deps.now().toISOString())[0] as OrderView;
}

const sameDigits = (a: string, b: string): boolean =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * The resident's own order, by its number and the last four digits of the phone it was asked
 * from. A wrong pair answers like a missing order, and wrong tries are limited per number and per
 * client address.
 */
export async function residentOrder(
  deps: OrdersDeps,
  number: string,
  phone4: string,
  client: string,
): Promise<Order> {
  await deps.limiter.checkTracking(number, client);
  const order = await deps.orders.get(number);
  if (order === undefined || !sameDigits(order.phone.slice(-4), phone4)) {
    await deps.limiter.failTracking(number, client);
    throw new AppError(
      'NOT_FOUND',
      '没有找到这个单号，请核对单号和手机号后四位 (no such order for these digits)',
    );
  }
  return order;
}

export async function trackOrder(
  deps: OrdersDeps,
  number: string,
  phone4: string,
  client: string,
): Promise<TrackedOrder> {
  const order = await residentOrder(deps, number, phone4, client);
  return trackedView(order, await deps.orgTree());
}
