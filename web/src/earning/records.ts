import type { ServiceRecord } from '../../../shared/earning/contract/service-records';
import { ApiError, call, newIdempotencyKey, outcomeUnknown } from '../platform/api';
import { h, show } from '../platform/dom';
import { describeError } from '../platform/errors';
import { formatNumber, points, t } from '../platform/i18n';
import { moreButton, type Office, sectionFrame, showFailure } from '../platform/office';
import { type RecordSummary, recordHeader, toggleDetails } from './approvals';
import {
  closedReversal,
  notTakenBack,
  type ReverseEvent,
  type ReverseState,
  reduceReverse,
  type Say,
} from './reverse-state';

/**
 * 服务记录: the approved service records; the county office reverses one that was wrong (撤销),
 * with a reason. The reversal is a new record that takes the points and hours back; the approved
 * record itself is never edited. State per card in reverse-state.ts.
 */
export function renderRecords(office: Office): HTMLElement {
  const { root, body } = sectionFrame('office.records.title', 'office.records.lead');
  root.id = 'records';
  void load(office, body);
  return root;
}

async function load(office: Office, body: HTMLElement, cursor?: string, list?: HTMLElement): Promise<void> {
  let page: { records: RecordSummary[]; nextCursor: string | null };
  try {
    page = await call('GET', '/service-records', { query: { status: 'approved', limit: 50, cursor } });
  } catch (error) {
    showFailure(body, error);
    return;
  }
  const names = new Map((await office.orgs().catch(() => [])).map((org) => [org.orgId, org.name]));
  const target = list ?? h('div', { class: 'records', id: 'approved-records' });
  if (list === undefined) {
    show(
      body,
      page.records.length === 0 ? h('p', { class: 'hint' }, t('office.records.empty')) : null,
      target,
    );
  }
  for (const record of page.records) {
    target.append(recordCard(office, record, names.get(record.orgId) ?? record.orgId));
  }
  if (page.nextCursor !== null) {
    target.after(moreButton(() => void load(office, body, page.nextCursor ?? undefined, target)));
  }
}

const sayText = (say: Say): string => ('key' in say ? t(say.key, say.params) : say.text);

function recordCard(office: Office, record: RecordSummary, orgName: string): HTMLElement {
  const details = h('div', { class: 'record-details' });
  const actions = h('div', { class: 'actions' });
  const panel = h('div', { class: 'reverse-panel' });
  const card = h(
    'article',
    { class: 'record', 'data-id': record.id },
    ...recordHeader(record, orgName),
    actions,
    panel,
    details,
  );
  actions.append(
    h(
      'button',
      { type: 'button', class: 'button', onclick: () => void toggleDetails(office, record, details) },
      t('office.approvals.details'),
    ),
  );
  if (record.reversedBy !== undefined) {
    show(panel, h('p', { class: 'record-outcome' }, t('office.records.alreadyReversed')));
    card.classList.add('decided');
  } else if (office.isAdmin) {
    mountReversal(office, record, actions, panel, card);
  }
  return card;
}

function mountReversal(
  office: Office,
  record: RecordSummary,
  actions: HTMLElement,
  panel: HTMLElement,
  card: HTMLElement,
): void {
  let state: ReverseState = closedReversal;
  const open = h(
    'button',
    {
      type: 'button',
      class: 'button danger',
      'data-action': 'reverse',
      onclick: () => dispatch({ type: 'opened', key: newIdempotencyKey() }),
    },
    t('office.records.reverse'),
  );
  actions.append(open);
  const reason = h('input', {
    name: 'reason',
    maxlength: 500,
    autocomplete: 'off',
    'aria-label': t('office.records.reason'),
    placeholder: t('office.records.reason'),
    oninput: () => dispatch({ type: 'reasonTyped', text: reason.value }),
  });
  const problem = h('p', { class: 'field-error', role: 'alert', hidden: true });
  const confirm = h(
    'button',
    { type: 'submit', class: 'button danger', 'data-action': 'reverse-confirm' },
    t('office.records.confirm'),
  );
  const cancel = h(
    'button',
    { type: 'button', class: 'button', onclick: () => dispatch({ type: 'closed' }) },
    t('common.cancel'),
  );
  const form = h(
    'form',
    {
      class: 'inline-form',
      onsubmit: (event: Event) => {
        event.preventDefault();
        dispatch({ type: 'submitted' });
      },
    },
    h(
      'p',
      { class: 'hint' },
      t('office.records.warning', { points: points(record.pointsCredited ?? record.points) }),
    ),
    reason,
    confirm,
    cancel,
    problem,
  );
  const outcome = h('p', { class: 'record-outcome', 'aria-live': 'polite' });

  const render = () => {
    if (state.phase === 'done') {
      open.remove();
      const reversal = state.reversal;
      outcome.textContent =
        reversal === undefined
          ? state.problem === undefined
            ? ''
            : sayText(state.problem)
          : t('office.records.reversed', { points: points(reversal.points) }) +
            (notTakenBack(reversal) > 0
              ? ` ${t('office.records.spent', { n: formatNumber(notTakenBack(reversal)) })}`
              : '');
      show(panel, outcome);
      card.classList.add('decided');
      return;
    }
    open.hidden = state.phase !== 'closed';
    if (state.phase === 'closed') {
      show(panel);
      return;
    }
    if (!form.isConnected) show(panel, form);
    reason.disabled = state.phase !== 'open';
    confirm.disabled = state.phase === 'sending';
    confirm.textContent =
      state.phase === 'unknown' ? t('office.records.sendAgain') : t('office.records.confirm');
    cancel.hidden = state.phase !== 'open';
    problem.hidden = state.problem === undefined;
    problem.textContent = state.problem === undefined ? '' : sayText(state.problem);
  };

  const send = async (sending: ReverseState) => {
    try {
      const reversal = await call<ServiceRecord>(
        'POST',
        `/service-records/${encodeURIComponent(record.id)}/reverse`,
        {
          body: { reason: sending.reason },
          idempotencyKey: sending.key,
          onRetry: () => office.shell.notify('info', t('error.NETWORK_RETRYING')),
        },
      );
      dispatch({ type: 'answered', reversal });
      office.shell.notify('ok', t('office.records.reversedNotice', { name: record.activity.name }));
    } catch (error) {
      if (outcomeUnknown(error)) {
        dispatch({ type: 'unanswered' });
        return;
      }
      // Reversed already (by someone else, or by our own earlier request): nothing left to do here.
      const final = error instanceof ApiError && error.code === 'ALREADY_DECIDED';
      dispatch({
        type: 'refused',
        say: final ? { key: 'office.records.alreadyReversed' } : { text: describeError(error) },
        nextKey: newIdempotencyKey(),
        final,
      });
    }
  };

  function dispatch(event: ReverseEvent): void {
    const before = state;
    state = reduceReverse(state, event);
    render();
    if (state.phase === 'sending' && before.phase !== 'sending') void send(state);
    if (event.type === 'opened' && state.phase === 'open') reason.focus();
  }
}
