import type { OrderView, Project } from '../../../shared/orders/contract/orders';
import { ORDER_STATUSES, type OrderStatus } from '../../../shared/orders/rules/order-flow';
import { call } from '../platform/api';
import { h, show } from '../platform/dom';
import { formatNumber, t } from '../platform/i18n';
import { field, type Office, type Org, orgOptions, sectionFrame, showFailure } from '../platform/office';
import { type OrderContext, orderCard } from './order-card';
import { queueOrder } from './queue-order';
import { statusText } from './words';

/**
 * 派单 (the county office) and 本队派单 (a team's coordinator): the queue of residents' requests,
 * overdue first (the API sorts by when the current stage is due), each order a card with its
 * timeline and the steps the caller may take. The office filters by status, team, town and
 * overdue; a coordinator sees their own team's orders.
 */
const QUEUE_LIMIT = 100;

interface Filter {
  status: OrderStatus | '';
  teamOrgId: string;
  townOrgId: string;
  overdue: boolean;
}

export function renderDispatch(office: Office): HTMLElement {
  const { root, body } = sectionFrame('office.orders.title', 'office.orders.lead');
  root.id = 'dispatch';
  void mount(office, body, 'office');
  return root;
}

export function renderTeamOrders(office: Office): HTMLElement {
  const { root, body } = sectionFrame('office.teamOrders.title', 'office.teamOrders.lead');
  root.id = 'team-orders';
  void mount(office, body, 'team');
  return root;
}

async function mount(office: Office, body: HTMLElement, actor: OrderContext['actor']): Promise<void> {
  let orgs: Org[];
  let projects: Project[];
  try {
    [orgs, projects] = await Promise.all([
      office.orgs(),
      call<{ projects: Project[] }>('GET', '/projects', { query: { status: 'all' } }).then(
        (answer) => answer.projects,
      ),
    ]);
  } catch (error) {
    showFailure(body, error);
    return;
  }
  const filter: Filter = { status: '', teamOrgId: '', townOrgId: '', overdue: false };
  const list = h('div', { class: 'order-list', id: 'order-list' });
  const summary = h('p', { class: 'hint', id: 'order-summary', 'aria-live': 'polite' });
  const context: OrderContext = {
    office,
    actor,
    orgs,
    projects,
    replaced(order) {
      const old = list.querySelector(`article.order-card[data-number="${order.number}"]`);
      const fresh = orderCard(context, order);
      if (old === null) list.prepend(fresh);
      else old.replaceWith(fresh);
    },
  };
  const reload = () => void loadQueue(context, filter, list, summary);

  const status = h(
    'select',
    { id: 'orders-status' },
    h('option', { value: '' }, t('office.orders.allOpen')),
    ORDER_STATUSES.map((value) => h('option', { value }, statusText(value))),
  );
  status.addEventListener('change', () => {
    filter.status = status.value as Filter['status'];
    reload();
  });
  const overdue = h('input', { type: 'checkbox', id: 'orders-overdue' });
  overdue.addEventListener('change', () => {
    filter.overdue = overdue.checked;
    reload();
  });
  const controls: HTMLElement[] = [field(t('office.orders.status'), status)];
  if (actor === 'office') {
    const team = h(
      'select',
      { id: 'orders-team' },
      h('option', { value: '' }, t('office.orders.allTeams')),
      orgOptions(orgs),
    );
    team.addEventListener('change', () => {
      filter.teamOrgId = team.value;
      reload();
    });
    const town = h(
      'select',
      { id: 'orders-town' },
      h('option', { value: '' }, t('office.orders.allTowns')),
      orgs.filter((org) => org.level === 'town').map((org) => h('option', { value: org.orgId }, org.name)),
    );
    town.addEventListener('change', () => {
      filter.townOrgId = town.value;
      reload();
    });
    controls.push(field(t('office.orders.team'), team), field(t('office.orders.town'), town));
  }
  controls.push(
    h('label', { class: 'check-line' }, overdue, h('span', null, t('office.orders.onlyOverdue'))),
    h(
      'button',
      { type: 'button', class: 'button', id: 'orders-refresh', onclick: reload },
      t('office.orders.refresh'),
    ),
  );
  show(body, h('div', { class: 'inline-form' }, controls), summary, list);
  reload();
}

async function loadQueue(context: OrderContext, filter: Filter, list: HTMLElement, summary: HTMLElement) {
  show(list, h('p', { class: 'loading' }, t('common.loading')));
  summary.textContent = '';
  let orders: OrderView[];
  try {
    const answer = await call<{ orders: OrderView[] }>('GET', '/orders', {
      query: {
        status: filter.status,
        teamOrgId: filter.teamOrgId,
        townOrgId: filter.townOrgId,
        overdue: filter.overdue ? 'true' : undefined,
        limit: QUEUE_LIMIT,
      },
    });
    orders = answer.orders;
  } catch (error) {
    showFailure(list, error);
    return;
  }
  const sorted = queueOrder(orders);
  const late = sorted.filter((order) => order.overdue).length;
  summary.textContent =
    sorted.length === 0
      ? ''
      : t('office.orders.summary', { n: formatNumber(sorted.length), late: formatNumber(late) });
  show(
    list,
    sorted.length === 0
      ? h(
          'p',
          { class: 'hint', id: 'orders-empty' },
          t(context.actor === 'office' ? 'office.orders.empty' : 'office.teamOrders.empty'),
        )
      : sorted.map((order) => orderCard(context, order)),
  );
}
