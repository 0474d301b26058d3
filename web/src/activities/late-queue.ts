import type { AttendeeView, LateEntryList } from '../../../shared/activities/contract/activities';
import { call, outcomeUnknown } from '../platform/api';
import { h, show } from '../platform/dom';
import { formatDate, formatDateTime, formatTime, type MessageKey, t } from '../platform/i18n';
import { field, type Office, sectionFrame, showFailure } from '../platform/office';
import { explain } from './words';

/**
 * 补录审核 (the county office): attendance entered afterwards waits here, oldest first, with its
 * activity, the person, the times claimed, the reason and the evidence (the words, and the photo of
 * the paper sheet, fetched only when the office opens it: each look is logged). 通过 makes it count
 * (marked 补录); 不通过 needs a reason, which the organiser sees.
 */
type Entry = LateEntryList['entries'][number];
type Status = 'pending' | 'approved' | 'rejected';

export function renderLateQueue(office: Office): HTMLElement {
  const { root, body } = sectionFrame('activities.lateQueue.title', 'activities.lateQueue.lead');
  root.id = 'late-entries';
  const status = h(
    'select',
    { id: 'late-status' },
    (['pending', 'approved', 'rejected'] as const).map((value) =>
      h('option', { value }, t(`activities.lateQueue.status.${value}` as MessageKey)),
    ),
  );
  const list = h('div', { class: 'records', id: 'late-list' });
  status.addEventListener('change', () => void load(office, list, status.value as Status));
  show(body, h('div', { class: 'inline-form' }, field(t('activities.lateQueue.show'), status)), list);
  void load(office, list, 'pending');
  return root;
}

async function load(office: Office, list: HTMLElement, status: Status): Promise<void> {
  show(list, h('p', { class: 'loading' }, t('common.loading')));
  let entries: Entry[];
  try {
    entries = (await call<LateEntryList>('GET', '/late-entries', { query: { status } })).entries;
  } catch (error) {
    showFailure(list, error);
    return;
  }
  show(
    list,
    entries.length === 0
      ? h('p', { class: 'hint', id: 'late-empty' }, t('activities.lateQueue.empty'))
      : entries.map((entry) => entryCard(office, entry)),
  );
}

function entryCard(office: Office, entry: Entry): HTMLElement {
  const late = entry.attendee.lateEntry;
  const outcome = h('p', { class: 'record-outcome', 'aria-live': 'polite' });
  const photo = h('div', { class: 'late-photo' });
  const actions = h('div', { class: 'actions' });
  const card = h(
    'article',
    {
      class: 'record late-card',
      'data-activity': entry.activityId,
      'data-volunteer': entry.attendee.volunteerId,
    },
    h('h3', null, entry.title),
    h(
      'p',
      { class: 'record-meta' },
      t('activities.lateQueue.activityDate', { date: formatDate(entry.start) }),
    ),
    h('p', { class: 'record-points' }, entry.attendee.displayName),
    late === undefined
      ? null
      : [
          h(
            'p',
            null,
            t('activities.lateQueue.times', {
              from: formatDateTime(late.signedInAt),
              to: formatTime(late.signedOutAt),
            }),
          ),
          h('p', null, t('activities.lateQueue.reason', { text: late.reason })),
          late.evidenceText === undefined
            ? null
            : h('p', null, t('activities.lateQueue.evidence', { text: late.evidenceText })),
          h(
            'p',
            { class: 'hint' },
            t('activities.lateQueue.entered', { who: late.enteredBy, at: formatDateTime(late.enteredAt) }),
          ),
          late.decisionReason === undefined
            ? null
            : h(
                'p',
                { class: 'hint' },
                t('activities.lateQueue.decisionReason', { text: late.decisionReason }),
              ),
        ],
    actions,
    photo,
    outcome,
  );
  if (late?.hasPhoto === true) {
    actions.append(
      h(
        'button',
        {
          type: 'button',
          class: 'button',
          'data-action': 'photo',
          onclick: (event: Event) =>
            void showPhoto(office, entry, photo, event.currentTarget as HTMLButtonElement),
        },
        t('activities.lateQueue.viewPhoto'),
      ),
    );
  }
  if (late?.status === 'pending') actions.append(...decisionButtons(office, entry, card, actions, outcome));
  return card;
}

async function showPhoto(office: Office, entry: Entry, holder: HTMLElement, button: HTMLButtonElement) {
  button.disabled = true;
  try {
    const answer = await call<{ photo: string }>(
      'GET',
      `/activities/${encodeURIComponent(entry.activityId)}/late-entries/${encodeURIComponent(entry.attendee.volunteerId)}/photo`,
    );
    if (!answer.photo.startsWith('data:image/jpeg;base64,')) throw new Error('not a JPEG');
    show(
      holder,
      h('img', {
        src: answer.photo,
        alt: t('activities.late.photoAlt'),
        style: 'max-width: 100%; border: 2px solid #6b6b6b',
      }),
    );
    button.remove();
  } catch (error) {
    button.disabled = false;
    office.onError(error);
  }
}

function decisionButtons(
  office: Office,
  entry: Entry,
  card: HTMLElement,
  actions: HTMLElement,
  outcome: HTMLElement,
): HTMLElement[] {
  const reasonHolder = h('div');
  const decide = async (approve: boolean, reason: string | undefined, button: HTMLButtonElement) => {
    button.disabled = true;
    outcome.textContent = '';
    try {
      const attendee = await call<AttendeeView>(
        'POST',
        `/activities/${encodeURIComponent(entry.activityId)}/late-entries/${encodeURIComponent(entry.attendee.volunteerId)}/decision`,
        { body: { approve, ...(reason === undefined ? {} : { reason }) }, retry: true },
      );
      for (const control of Array.from(
        actions.querySelectorAll('button[data-action="approve"], button[data-action="reject"]'),
      ))
        control.remove();
      reasonHolder.replaceChildren();
      card.classList.add('decided');
      outcome.textContent = t(
        attendee.lateEntry?.status === 'rejected'
          ? 'activities.lateQueue.rejected'
          : 'activities.lateQueue.approved',
      );
    } catch (error) {
      button.disabled = false;
      outcome.textContent = explain(error);
      if (!outcomeUnknown(error)) office.onError(error);
    }
  };
  const approve = h(
    'button',
    {
      type: 'button',
      class: 'button primary',
      'data-action': 'approve',
      onclick: () => void decide(true, undefined, approve),
    },
    t('activities.lateQueue.approve'),
  );
  const reject = h(
    'button',
    {
      type: 'button',
      class: 'button danger',
      'data-action': 'reject',
      onclick: () => {
        if (reasonHolder.childElementCount > 0) {
          reasonHolder.replaceChildren();
          return;
        }
        const reason = h('input', { name: 'reason', maxlength: 500, required: true });
        const confirm = h(
          'button',
          { type: 'submit', class: 'button danger' },
          t('activities.lateQueue.rejectConfirm'),
        );
        show(
          reasonHolder,
          h(
            'form',
            {
              class: 'inline-form',
              'data-form': 'reject',
              onsubmit: (event: Event) => {
                event.preventDefault();
                const text = reason.value.trim();
                if (text === '') {
                  outcome.textContent = t('activities.lateQueue.needReason');
                  return;
                }
                void decide(false, text, confirm);
              },
            },
            field(t('activities.lateQueue.rejectReason'), reason),
            confirm,
          ),
        );
        reason.focus();
      },
    },
    t('activities.lateQueue.reject'),
  );
  // The reason form sits under the buttons, in the card.
  actions.after(reasonHolder);
  return [approve, reject];
}
