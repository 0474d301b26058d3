import { h, show } from '../../platform/dom';
import { formatNumber, formatSeconds, formatTime, type MessageKey, t } from '../../platform/i18n';
import { qrSvg } from '../../platform/qr';
import {
  type AttendeeView,
  chinaInstant,
  chinaParts,
  codeOrCard,
  needsOvertime,
  type RowAction,
  rowActions,
} from '../plan';
import { flagList, hoursText, sayText, signUpText } from '../words';
import { type BoardEvent, type BoardState, doorOpen, isMarking, secondsToRenewal, shownCode } from './state';

/**
 * The board drawn from its state: the big QR code of the door code (its value also in
 * `data-code`), the live counts, the scan button with the typed-code form beside it, the last
 * answer, and the roster, one line per person with the buttons their state allows. Each part is
 * redrawn only when what it shows changed, so a half-typed code or time survives the ticks and the
 * camera's video keeps running.
 */
type Dispatch = (event: BoardEvent) => void;

export function mountBoard(root: HTMLElement, dispatch: Dispatch): (state: BoardState) => void {
  const codePanel = h('div', { class: 'board-code code-card' });
  const countsPanel = h('div', { class: 'board-counts', 'aria-live': 'polite' });
  const markPanel = h('div', { class: 'board-mark' });
  const rosterPanel = h('div', { class: 'board-roster' });
  show(root, codePanel, countsPanel, markPanel, rosterPanel);

  // The scan button, the video and the typed-code form are made once: the video must survive.
  const video = h('video', {
    id: 'board-scan-video',
    muted: true,
    playsinline: true,
    'aria-label': t('activities.board.scanning'),
  });
  const scanBox = h(
    'div',
    { class: 'scan-box', hidden: true },
    video,
    h('p', { class: 'hint' }, t('activities.board.scanning')),
    h(
      'button',
      { type: 'button', class: 'button', onclick: () => dispatch({ type: 'cameraStopped' }) },
      t('activities.board.stopScan'),
    ),
  );
  const scanButton = h(
    'button',
    {
      type: 'button',
      class: 'button primary big',
      id: 'board-scan',
      onclick: () => dispatch({ type: 'cameraClicked' }),
    },
    t('activities.board.scan'),
  );
  const typed = h('input', {
    id: 'board-code-input',
    name: 'code',
    autocomplete: 'off',
    'aria-label': t('activities.board.typeLabel'),
  });
  const typedForm = h(
    'form',
    {
      class: 'inline-form',
      id: 'board-code-form',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const request = codeOrCard(typed.value);
        if (request === undefined) return;
        typed.value = '';
        dispatch({ type: 'markRequested', slot: 'scan', request });
      },
    },
    h(
      'label',
      { class: 'field' },
      h('span', { class: 'field-label' }, t('activities.board.typeLabel')),
      typed,
    ),
    h(
      'button',
      { type: 'submit', class: 'button', id: 'board-code-submit' },
      t('activities.board.typeSubmit'),
    ),
  );
  const cameraLine = h('p', { class: 'hint', 'aria-live': 'polite' });
  const answerLine = h('p', { class: 'board-answer', id: 'board-answer', 'aria-live': 'polite' });
  show(
    markPanel,
    h('h3', null, t('activities.board.markTitle')),
    scanButton,
    scanBox,
    cameraLine,
    typedForm,
    answerLine,
  );

  let before: BoardState | undefined;
  return (state) => {
    const was = before;
    before = state;
    paintCode(codePanel, state, was);
    if (was?.roster !== state.roster) paintCounts(countsPanel, state);
    paintMark(state, { markPanel, scanButton, scanBox, cameraLine, answerLine, typedForm });
    if (
      was === undefined ||
      was.roster !== state.roster ||
      was.marking !== state.marking ||
      was.openForm !== state.openForm ||
      was.rosterProblem !== state.rosterProblem ||
      was.activity.status !== state.activity.status ||
      (was.markProblem !== state.markProblem && state.openForm !== undefined)
    )
      paintRoster(rosterPanel, state, dispatch);
  };
}

function paintCode(panel: HTMLElement, state: BoardState, was: BoardState | undefined): void {
  if (!doorOpen(state)) {
    if (panel.dataset.shown !== 'closed') {
      panel.dataset.shown = 'closed';
      show(
        panel,
        state.codeProblem === undefined || state.activity.status !== 'running'
          ? null
          : h('p', { class: 'warning' }, sayText(state.codeProblem)),
      );
    }
    return;
  }
  const code = shownCode(state);
  const key = code?.code ?? '';
  if (panel.dataset.shown !== key || was?.codeProblem !== state.codeProblem) {
    panel.dataset.shown = key;
    show(
      panel,
      h('h3', null, t('activities.board.codeTitle')),
      h('p', { class: 'hint' }, t('activities.board.codeHint')),
      h(
        'div',
        { class: 'qr-holder door-qr', id: 'door-qr', 'data-code': code?.code },
        code === undefined
          ? h('p', { class: 'loading' }, t('common.loading'))
          : qrSvg(code.code, t('activities.board.qrLabel')),
      ),
      h('p', { class: 'qr-timer', id: 'door-timer', 'aria-live': 'off' }),
      state.codeProblem === undefined ? null : h('p', { class: 'warning' }, sayText(state.codeProblem)),
    );
  }
  const timer = panel.querySelector<HTMLElement>('#door-timer');
  if (timer !== null) {
    const text =
      code === undefined
        ? t('common.loading')
        : t('activities.board.renewsIn', { time: formatSeconds(secondsToRenewal(state)) });
    if (timer.textContent !== text) timer.textContent = text;
  }
}

function paintCounts(panel: HTMLElement, state: BoardState): void {
  const roster = state.roster;
  if (roster === undefined) {
    show(panel, h('p', { class: 'loading' }, t('common.loading')));
    return;
  }
  const figure = (id: string, label: MessageKey, value: number) =>
    h(
      'div',
      { class: 'figure', id },
      h('span', { class: 'figure-label' }, t(label)),
      h('strong', { class: 'figure-value' }, formatNumber(value)),
    );
  const { counts } = roster;
  show(
    panel,
    h(
      'div',
      { class: 'figures' },
      figure('count-present', 'activities.count.present', counts.present),
      figure('count-signed-up', 'activities.count.signedUp', counts.signedUp),
      figure('count-walk-ins', 'activities.count.walkIns', counts.walkIns),
      figure('count-signed-out', 'activities.count.signedOut', counts.signedOut),
      counts.waiting > 0 ? figure('count-waiting', 'activities.count.waiting', counts.waiting) : null,
      counts.missingSignOut > 0
        ? figure('count-missing', 'activities.count.missingSignOut', counts.missingSignOut)
        : null,
    ),
  );
}

interface MarkParts {
  markPanel: HTMLElement;
  scanButton: HTMLButtonElement;
  scanBox: HTMLElement;
  cameraLine: HTMLElement;
  answerLine: HTMLElement;
  typedForm: HTMLFormElement;
}

function paintMark(state: BoardState, parts: MarkParts): void {
  const open = doorOpen(state);
  parts.markPanel.hidden = !open;
  const scanning = state.camera === 'starting' || state.camera === 'on';
  parts.scanButton.hidden = scanning;
  parts.scanButton.textContent = t(
    state.last === undefined ? 'activities.board.scan' : 'activities.board.scanNext',
  );
  parts.scanBox.hidden = !scanning;
  const busy = isMarking(state, 'scan');
  for (const button of Array.from(parts.typedForm.querySelectorAll('button'))) button.disabled = busy;
  const cameraText =
    state.camera === 'denied'
      ? t('activities.board.cameraDenied')
      : state.camera === 'failed'
        ? t('activities.board.cameraFailed')
        : busy
          ? t('activities.board.marking')
          : '';
  if (parts.cameraLine.textContent !== cameraText) parts.cameraLine.textContent = cameraText;
  const answer =
    state.markProblem !== undefined && state.openForm === undefined
      ? { text: sayText(state.markProblem), kind: 'warning' }
      : state.last === undefined
        ? { text: '', kind: '' }
        : {
            text: t(`activities.board.outcome.${state.last.outcome}` as MessageKey, {
              name: state.last.name,
              time: formatTime(state.last.attendee.signedOutAt ?? state.last.attendee.signedInAt ?? ''),
            }),
            kind: state.last.outcome === 'unchanged' ? 'hint' : 'ok-line',
          };
  if (parts.answerLine.textContent !== answer.text) {
    parts.answerLine.textContent = answer.text;
    parts.answerLine.className = `board-answer ${answer.kind}`;
    parts.answerLine.dataset.outcome = state.last?.outcome ?? '';
  }
}

const ACTION_LABELS: Record<RowAction, MessageKey> = {
  'sign-in': 'activities.board.signIn',
  'sign-out': 'activities.board.signOut',
  'sign-out-at': 'activities.board.signOutAt',
};

function paintRoster(panel: HTMLElement, state: BoardState, dispatch: Dispatch): void {
  const roster = state.roster;
  const refresh = h(
    'button',
    {
      type: 'button',
      class: 'button',
      id: 'roster-refresh',
      onclick: () => dispatch({ type: 'refreshClicked' }),
    },
    t('activities.board.refresh'),
  );
  if (roster === undefined) {
    show(
      panel,
      h('h3', null, t('activities.board.rosterTitle')),
      state.rosterProblem === undefined
        ? h('p', { class: 'loading' }, t('common.loading'))
        : h('p', { class: 'warning' }, sayText(state.rosterProblem)),
      refresh,
    );
    return;
  }
  show(
    panel,
    h('h3', null, t('activities.board.rosterTitle')),
    state.rosterProblem === undefined ? null : h('p', { class: 'warning' }, sayText(state.rosterProblem)),
    roster.attendees.length === 0
      ? h('p', { class: 'hint', id: 'roster-empty' }, t('activities.board.rosterEmpty'))
      : h(
          'div',
          { class: 'roster-list records', id: 'roster' },
          roster.attendees.map((attendee) => rosterLine(state, attendee, dispatch)),
        ),
    refresh,
  );
}

function rosterLine(state: BoardState, attendee: AttendeeView, dispatch: Dispatch): HTMLElement {
  const id = attendee.volunteerId;
  const busy = isMarking(state, id) || isMarking(state, `ot:${id}`);
  const times = [
    attendee.signedInAt === undefined
      ? null
      : t('activities.board.inAt', { time: formatTime(attendee.signedInAt) }),
    attendee.signedOutAt === undefined
      ? null
      : t('activities.board.outAt', { time: formatTime(attendee.signedOutAt) }),
    attendee.signedOutAt === undefined ? null : hoursText(attendee.hours),
  ].filter((part) => part !== null);
  const actions = rowActions(attendee, state.activity.status).map((action) =>
    h(
      'button',
      {
        type: 'button',
        class: `button${action === 'sign-out-at' ? '' : ' primary'}`,
        'data-action': action,
        disabled: busy,
        onclick: () => {
          if (action === 'sign-out-at') {
            dispatch({ type: 'formOpened', form: { volunteerId: id, kind: 'sign-out-at' } });
            return;
          }
          dispatch({ type: 'markRequested', slot: id, request: { volunteerId: id, action } });
        },
      },
      t(ACTION_LABELS[action]),
    ),
  );
  const overtime =
    needsOvertime(attendee) && state.activity.status !== 'recorded' && state.activity.status !== 'cancelled'
      ? [
          h(
            'button',
            {
              type: 'button',
              class: 'button primary',
              'data-action': 'overtime-approve',
              disabled: busy,
              onclick: () =>
                dispatch({ type: 'decisionRequested', slot: `ot:${id}`, volunteerId: id, approve: true }),
            },
            t('activities.board.overtimeApprove'),
          ),
          h(
            'button',
            {
              type: 'button',
              class: 'button',
              'data-action': 'overtime-refuse',
              disabled: busy,
              onclick: () =>
                dispatch({ type: 'formOpened', form: { volunteerId: id, kind: 'overtime-refuse' } }),
            },
            t('activities.board.overtimeRefuse'),
          ),
        ]
      : [];
  const form = state.openForm?.volunteerId === id ? lineForm(state, attendee, dispatch) : null;
  return h(
    'article',
    { class: 'record roster-line', 'data-volunteer': id },
    h(
      'p',
      { class: 'roster-who' },
      h('strong', null, attendee.displayName),
      ' ',
      signUpText(attendee.signUp),
      attendee.waitlistPosition === undefined
        ? null
        : ` ${t('activities.waitlistPosition', { n: attendee.waitlistPosition })}`,
    ),
    times.length === 0 ? null : h('p', { class: 'roster-times' }, times.join(' · ')),
    flagList(attendee.flags),
    actions.length + overtime.length === 0 ? null : h('div', { class: 'actions' }, actions, overtime),
    form,
    state.openForm?.volunteerId === id && state.markProblem !== undefined
      ? h('p', { class: 'warning' }, sayText(state.markProblem))
      : null,
  );
}

/** The small form on one line: the time of a forgotten sign-out, or why overtime is refused. */
function lineForm(state: BoardState, attendee: AttendeeView, dispatch: Dispatch): HTMLElement {
  const id = attendee.volunteerId;
  const close = h(
    'button',
    { type: 'button', class: 'button', onclick: () => dispatch({ type: 'formClosed' }) },
    t('common.cancel'),
  );
  if (state.openForm?.kind === 'overtime-refuse') {
    const reason = h('input', {
      name: 'reason',
      maxlength: 200,
      'aria-label': t('activities.board.overtimeReason'),
    });
    return h(
      'form',
      {
        class: 'inline-form',
        'data-form': 'overtime-refuse',
        onsubmit: (event: Event) => {
          event.preventDefault();
          const text = reason.value.trim();
          dispatch({
            type: 'decisionRequested',
            slot: `ot:${id}`,
            volunteerId: id,
            approve: false,
            ...(text === '' ? {} : { reason: text }),
          });
        },
      },
      h(
        'label',
        { class: 'field' },
        h('span', { class: 'field-label' }, t('activities.board.overtimeReason')),
        reason,
      ),
      h('button', { type: 'submit', class: 'button danger' }, t('activities.board.overtimeRefuseConfirm')),
      close,
    );
  }
  // A forgotten sign-out: now while the door is open, else the end of the activity (never later than now).
  const endMs = Date.parse(state.activity.end);
  const suggested = new Date(
    state.activity.status === 'running' ? state.nowMs : Math.min(state.nowMs, endMs),
  ).toISOString();
  const parts = chinaParts(suggested);
  const date = h('input', {
    type: 'date',
    name: 'date',
    value: parts.date,
    'aria-label': t('activities.board.outDate'),
  });
  const time = h('input', {
    type: 'time',
    name: 'time',
    value: parts.time,
    'aria-label': t('activities.board.outTime'),
  });
  const problem = h('p', { class: 'warning', 'aria-live': 'polite' });
  return h(
    'form',
    {
      class: 'inline-form',
      'data-form': 'sign-out-at',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const at = chinaInstant(date.value, time.value);
        if (at === undefined) {
          problem.textContent = t('activities.board.needTime');
          return;
        }
        // The minute it is now means now: the form shows whole minutes, and that minute's start may
        // lie before a sign-in made within it.
        const nowParts = chinaParts(new Date(state.nowMs).toISOString());
        const now = date.value === nowParts.date && time.value === nowParts.time;
        dispatch({
          type: 'markRequested',
          slot: id,
          request: { volunteerId: id, action: 'sign-out', ...(now ? {} : { at }) },
        });
      },
    },
    h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('activities.board.outDate')), date),
    h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('activities.board.outTime')), time),
    h('button', { type: 'submit', class: 'button primary' }, t('activities.board.signOutConfirm')),
    close,
    problem,
  );
}
