import type { RecordEntry, ServiceRecord } from '../../../shared/earning/contract/service-records';
import { call, isCode, newIdempotencyKey, outcomeUnknown } from '../platform/api';
import { formValues, h, show } from '../platform/dom';
import { describeError } from '../platform/errors';
import { formatDate, formatDateTime, formatNumber, points, t } from '../platform/i18n';
import { moreButton, type Office, sectionFrame, showFailure } from '../platform/office';

/**
 * 审核: the approval queue. Service records wait here until the county office approves them
 * (points credited exactly once: one Idempotency-Key per record, kept until the answer comes) or
 * rejects them with a reason.
 */
/** A record as the queue lists it: everything but its entries (the contract's own type). */
export type RecordSummary = Omit<ServiceRecord, 'entries'> & { entryCount: number };

const approvalKeys = new Map<string, string>();

export function renderApprovals(office: Office): HTMLElement {
  const { root, body } = sectionFrame('office.approvals.title', 'office.approvals.lead');
  void load(office, body);
  return root;
}

async function load(office: Office, body: HTMLElement, cursor?: string, list?: HTMLElement): Promise<void> {
  let page: { records: RecordSummary[]; nextCursor: string | null };
  try {
    page = await call('GET', '/service-records', { query: { status: 'pending', limit: 50, cursor } });
  } catch (error) {
    showFailure(body, error);
    return;
  }
  const names = new Map((await office.orgs().catch(() => [])).map((org) => [org.orgId, org.name]));
  const target = list ?? h('div', { class: 'records' });
  if (list === undefined) {
    show(
      body,
      page.records.length === 0
        ? h('p', { class: 'hint', id: 'queue-empty' }, t('office.approvals.empty'))
        : null,
      target,
    );
  }
  for (const record of page.records)
    target.append(recordCard(office, record, names.get(record.orgId) ?? record.orgId));
  if (page.nextCursor !== null) {
    target.after(moreButton(() => void load(office, body, page.nextCursor ?? undefined, target)));
  }
}

/** What a decided card shows in place of its buttons. */
type Decided = (text: string) => void;

function recordCard(office: Office, record: RecordSummary, orgName: string): HTMLElement {
  const details = h('div', { class: 'record-details' });
  const outcome = h('p', { class: 'record-outcome', 'aria-live': 'polite' });
  const actions = h('div', { class: 'actions' });
  const card = h(
    'article',
    { class: 'record', 'data-id': record.id },
    ...recordHeader(record, orgName),
    actions,
    outcome,
    details,
  );
  const decided: Decided = (text) => {
    actions.replaceChildren();
    outcome.textContent = text;
    card.classList.add('decided');
  };
  const detailsButton = h(
    'button',
    { type: 'button', class: 'button', onclick: () => void toggleDetails(office, record, details) },
    t('office.approvals.details'),
  );
  actions.append(
    detailsButton,
    ...(office.isAdmin
      ? decisionButtons(office, record, decided)
      : [h('span', { class: 'hint' }, t('office.approvals.adminOnly'))]),
  );
  return card;
}

/** The activity, its date, organisation, people and hours, its points, who submitted it. */
export function recordHeader(record: RecordSummary, orgName: string): HTMLElement[] {
  const parts: (HTMLElement | null)[] = [
    h('h3', null, record.activity.name),
    h(
      'p',
      { class: 'record-meta' },
      t('office.approvals.meta', {
        date: formatDate(`${record.activity.date}T12:00:00+08:00`),
        org: orgName,
        people: formatNumber(record.entryCount),
        hours: formatNumber(record.hours),
      }),
    ),
    h('p', { class: 'record-points' }, points(record.points)),
    deadlineLine(record),
    h(
      'p',
      { class: 'hint' },
      t('office.approvals.submitted', {
        // A name where one exists; never a bare account id.
        who: record.submittedByName ?? t('office.approvals.someone'),
        at: formatDateTime(record.submittedAt),
      }),
    ),
  ];
  return parts.filter((part): part is HTMLElement => part !== null);
}

/**
 * Order No. 67's ten working days after the service: said in words (not colour alone), with the
 * last day, and a note when a year's holiday calendar was not yet published.
 */
export function deadlineLine(record: Pick<RecordSummary, 'recordBy'>): HTMLElement | null {
  const by = record.recordBy;
  if (by === undefined) return null;
  const deadline = formatDate(`${by.deadline}T12:00:00+08:00`);
  const text =
    by.state === 'late'
      ? t('office.approvals.late', { days: formatNumber(-by.workingDaysLeft), deadline })
      : t('office.approvals.dueBy', { days: formatNumber(by.workingDaysLeft), deadline });
  return h(
    'p',
    { class: `record-deadline ${by.state === 'on-time' ? 'hint' : 'warning'}`, 'data-state': by.state },
    text,
    by.calendarKnown ? null : ` ${t('office.approvals.calendarAssumed')}`,
  );
}

/** Shows the record's entries (one line per volunteer), or hides them again. */
export async function toggleDetails(
  office: Office,
  record: RecordSummary,
  details: HTMLElement,
): Promise<void> {
  if (details.childElementCount > 0) {
    details.replaceChildren();
    return;
  }
  try {
    const full = await call<ServiceRecord>('GET', `/service-records/${encodeURIComponent(record.id)}`);
    show(details, entriesTable(full.entries));
  } catch (error) {
    office.onError(error);
  }
}

function entriesTable(entries: readonly RecordEntry[]): HTMLElement {
  return h(
    'table',
    { class: 'table' },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', null, t('office.approvals.volunteer')),
        h('th', { class: 'num' }, t('office.approvals.hours')),
        h('th', { class: 'num' }, t('office.approvals.points')),
      ),
    ),
    h(
      'tbody',
      null,
      entries.map((entry) =>
        h(
          'tr',
          null,
          // The name where there is one; the id only for a volunteer whose name could not be read.
          h('td', null, entry.displayName ?? h('span', { class: 'mono hint' }, entry.volunteerId)),
          h('td', { class: 'num' }, formatNumber(entry.hours)),
          h('td', { class: 'num' }, formatNumber(entry.points)),
        ),
      ),
    ),
  );
}

/** An admin's buttons: approve, and reject with a reason. */
function decisionButtons(office: Office, record: RecordSummary, decided: Decided): HTMLElement[] {
  const form = rejectForm(office, record, decided);
  const approveButton: HTMLButtonElement = h(
    'button',
    {
      type: 'button',
      class: 'button primary',
      onclick: () => void approve(office, record, approveButton, decided),
    },
    t('office.approvals.approve'),
  );
  const rejectButton = h(
    'button',
    {
      type: 'button',
      class: 'button',
      onclick: () => {
        form.hidden = !form.hidden;
      },
    },
    t('office.approvals.reject'),
  );
  return [approveButton, rejectButton, form];
}

/**
 * Approves once: the record's Idempotency-Key is kept until an answer comes, so a double tap or a
 * retry after a lost answer repeats the same request and credits nothing twice.
 */
async function approve(office: Office, record: RecordSummary, button: HTMLButtonElement, decided: Decided) {
  const key = approvalKeys.get(record.id) ?? newIdempotencyKey();
  approvalKeys.set(record.id, key);
  button.disabled = true;
  try {
    const answer = await call<ServiceRecord>(
      'POST',
      `/service-records/${encodeURIComponent(record.id)}/approve`,
      {
        idempotencyKey: key,
        onRetry: () => office.shell.notify('info', t('error.NETWORK_RETRYING')),
      },
    );
    approvalKeys.delete(record.id);
    decided(
      t('office.approvals.approved', {
        points: points(answer.pointsCredited ?? answer.points ?? record.points),
      }),
    );
    office.shell.notify('ok', t('office.approvals.approvedNotice', { name: record.activity.name }));
  } catch (error) {
    if (!outcomeUnknown(error)) approvalKeys.delete(record.id);
    if (isCode(error, 'ALREADY_DECIDED')) decided(describeError(error));
    else office.onError(error);
    button.disabled = false;
  }
}

/** The reject form: a reason is required; the answer replaces the buttons. */
function rejectForm(office: Office, record: RecordSummary, decided: Decided): HTMLFormElement {
  const form: HTMLFormElement = h(
    'form',
    {
      class: 'inline-form',
      hidden: true,
      onsubmit: (event: Event) => {
        event.preventDefault();
        const { reason } = formValues(form);
        if (!reason) {
          office.shell.notify('error', t('office.approvals.needReason'));
          return;
        }
        void reject(office, record, reason, decided);
      },
    },
    h('input', {
      name: 'reason',
      'aria-label': t('office.approvals.reason'),
      placeholder: t('office.approvals.reason'),
      maxlength: 200,
    }),
    h('button', { type: 'submit', class: 'button danger' }, t('office.approvals.rejectConfirm')),
  );
  return form;
}

async function reject(
  office: Office,
  record: RecordSummary,
  reason: string,
  decided: Decided,
): Promise<void> {
  try {
    await call('POST', `/service-records/${encodeURIComponent(record.id)}/reject`, { body: { reason } });
    decided(t('office.approvals.rejected', { reason }));
  } catch (error) {
    if (isCode(error, 'ALREADY_DECIDED')) decided(describeError(error));
    else office.onError(error);
  }
}
