import { h, show } from '../../platform/dom';
import { formatDate, formatNumber, formatTime, type MessageKey, t } from '../../platform/i18n';
import { doorCodeOf } from '../plan';
import { hoursText, sayText, statusBadge, whenText, whereText } from '../words';
import {
  type ActivityView,
  canSendCode,
  type DoorAnswer,
  joinOf,
  type MineEvent,
  type MineState,
  placesLeft,
  signUpWindow,
} from './state';

/**
 * 我的活动 drawn from its state, in the volunteer page's large type: 扫码签到 (a big camera button
 * and, always, a box to type or paste the code), this month's activities with 报名 / 取消报名,
 * and 本月服务时长. The door card is made once (the camera's video and a half-typed code survive);
 * the lists are redrawn when what they show changed.
 */
type Dispatch = (event: MineEvent) => void;

export interface MinePanels {
  sections: HTMLElement[];
  paint(state: MineState): void;
}

export function mountMine(dispatch: Dispatch, onTouch: () => void): MinePanels {
  const video = h('video', {
    id: 'door-video',
    muted: true,
    playsinline: true,
    'aria-label': t('activities.door.scanning'),
  });
  const scanBox = h(
    'div',
    { class: 'scan-box', hidden: true },
    video,
    h('p', { class: 'hint' }, t('activities.door.scanning')),
    h(
      'button',
      { type: 'button', class: 'button big', onclick: () => dispatch({ type: 'cameraStopped' }) },
      t('activities.door.stopScan'),
    ),
  );
  const scanButton = h(
    'button',
    {
      type: 'button',
      class: 'button primary big',
      id: 'door-scan',
      onclick: () => dispatch({ type: 'cameraClicked' }),
    },
    t('activities.door.scan'),
  );
  const input = h('input', {
    id: 'door-code-input',
    name: 'code',
    autocomplete: 'off',
    autocapitalize: 'off',
    spellcheck: false,
    onfocus: onTouch,
  });
  const submit = h(
    'button',
    { type: 'submit', class: 'button big', id: 'door-code-submit' },
    t('activities.door.submit'),
  );
  const form = h(
    'form',
    {
      id: 'door-form',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const code = doorCodeOf(input.value);
        if (code === undefined) {
          input.focus();
          return;
        }
        dispatch({ type: 'codeTyped', code });
      },
    },
    h(
      'label',
      { class: 'field' },
      h('span', { class: 'field-label' }, t('activities.door.typeLabel')),
      input,
    ),
    submit,
  );
  const cameraLine = h('p', { class: 'hint', 'aria-live': 'polite' });
  const answer = h('div', { id: 'door-answer', 'aria-live': 'assertive' });
  const doorCard = h(
    'section',
    { class: 'card door-card', id: 'door-card' },
    h('h2', null, t('activities.door.title')),
    h('p', { class: 'hint' }, t('activities.door.hint')),
    scanButton,
    scanBox,
    cameraLine,
    answer,
    form,
  );
  const listBody = h('div', { id: 'my-activities-list' });
  const listCard = h(
    'section',
    { class: 'card', id: 'my-activities' },
    h('h2', null, t('activities.mine.title')),
    h('p', { class: 'hint' }, t('activities.mine.hint')),
    listBody,
  );
  const hoursBody = h('div', { id: 'my-hours-body' });
  const hoursCard = h(
    'section',
    { class: 'card', id: 'my-hours' },
    h('h2', null, t('activities.mine.hoursTitle')),
    hoursBody,
  );

  let before: MineState | undefined;
  return {
    sections: [doorCard, listCard, hoursCard],
    paint(state) {
      const was = before;
      before = state;
      paintDoor(state, { scanButton, scanBox, cameraLine, answer, submit });
      if (
        was === undefined ||
        was.list !== state.list ||
        was.joining !== state.joining ||
        was.notes !== state.notes ||
        was.positions !== state.positions
      )
        paintList(listBody, state, dispatch);
      if (was === undefined || was.summary !== state.summary) paintHours(hoursBody, state);
    },
  };
}

interface DoorParts {
  scanButton: HTMLButtonElement;
  scanBox: HTMLElement;
  cameraLine: HTMLElement;
  answer: HTMLElement;
  submit: HTMLButtonElement;
}

function paintDoor(state: MineState, parts: DoorParts): void {
  const { door } = state;
  const scanning = door.camera === 'starting' || door.camera === 'on';
  parts.scanButton.hidden = scanning;
  parts.scanBox.hidden = !scanning;
  parts.submit.disabled = !canSendCode(state);
  parts.scanButton.disabled = !canSendCode(state);
  const cameraText =
    door.sending !== undefined
      ? t('activities.door.sending')
      : door.camera === 'denied'
        ? t('activities.door.cameraDenied')
        : door.camera === 'failed'
          ? t('activities.door.cameraFailed')
          : '';
  if (parts.cameraLine.textContent !== cameraText) parts.cameraLine.textContent = cameraText;
  const key = String(door.answers);
  if (parts.answer.dataset.key === key) return;
  parts.answer.dataset.key = key;
  if (door.answer !== undefined) {
    parts.answer.dataset.outcome = door.answer.outcome;
    show(parts.answer, answerBox(door.answer));
  } else if (door.problem !== undefined) {
    parts.answer.dataset.outcome = 'refused';
    show(parts.answer, h('p', { class: 'warning door-answer' }, door.problem.message));
  } else {
    parts.answer.dataset.outcome = '';
    show(parts.answer);
  }
}

function answerBox(answer: DoorAnswer): HTMLElement {
  const person = answer.attendee;
  const at = (iso: string | undefined) => (iso === undefined ? '' : formatTime(iso));
  const lines: string[] =
    answer.outcome === 'signed-in'
      ? [
          t('activities.door.signedIn'),
          t('activities.door.signedInMore', { title: answer.title, time: at(person.signedInAt) }),
        ]
      : answer.outcome === 'signed-out'
        ? [
            t('activities.door.signedOut'),
            t('activities.door.signedOutMore', {
              title: answer.title,
              time: at(person.signedOutAt),
              hours: hoursText(person.hours),
            }),
          ]
        : person.signedOutAt !== undefined
          ? [
              t('activities.door.unchanged'),
              t('activities.door.alreadyOut', { title: answer.title, time: at(person.signedOutAt) }),
            ]
          : [
              t('activities.door.unchanged'),
              t('activities.door.alreadyIn', { title: answer.title, time: at(person.signedInAt) }),
            ];
  return h(
    'div',
    {
      class: answer.outcome === 'unchanged' ? 'not-yet door-answer' : 'confirmation door-answer',
      style: answer.outcome === 'unchanged' ? undefined : 'padding: 0.5rem 0.75rem; border-radius: 10px',
    },
    h('p', { class: answer.outcome === 'unchanged' ? 'lead' : 'ok-title' }, lines[0]),
    h('p', null, lines[1]),
  );
}

function paintList(body: HTMLElement, state: MineState, dispatch: Dispatch): void {
  const list = state.list;
  if (list.status === 'loading') {
    show(body, h('p', { class: 'loading' }, t('common.loading')));
    return;
  }
  if (list.status === 'failed') {
    show(body, h('p', { class: 'warning' }, list.problem.message));
    return;
  }
  const shown = [...list.value]
    .filter((activity) => activity.status !== 'draft')
    .sort((a, b) => a.start.localeCompare(b.start));
  show(
    body,
    shown.length === 0
      ? h('p', { class: 'hint', id: 'my-activities-empty' }, t('activities.mine.empty'))
      : shown.map((activity) => activityCard(state, activity, dispatch)),
  );
}

function mineLine(state: MineState, activity: ActivityView): string | null {
  const mine = activity.mine;
  if (mine === undefined) return null;
  if (mine.signedInAt !== undefined)
    return t('activities.mine.youSignedIn', { time: formatTime(mine.signedInAt) });
  if (mine.signUp === 'confirmed') return t('activities.mine.youAreIn');
  if (mine.signUp === 'waiting') {
    const position = state.positions[activity.activityId];
    return position === undefined
      ? t('activities.mine.youWait')
      : t('activities.mine.youWaitAt', { n: formatNumber(position) });
  }
  return null;
}

function activityCard(state: MineState, activity: ActivityView, dispatch: Dispatch): HTMLElement {
  const join = joinOf(activity, state.nowMs);
  const joining = state.joining[activity.activityId];
  const left = placesLeft(activity);
  const opening = signUpWindow(activity, state.nowMs);
  const placesLine =
    activity.status !== 'recruiting'
      ? null
      : opening === 'before'
        ? t('activities.mine.opensAt', {
            at: `${formatDate(activity.signUpFrom ?? '')} ${formatTime(activity.signUpFrom ?? '')}`,
          })
        : opening === 'closed'
          ? t('activities.mine.closed')
          : left > 0
            ? t('activities.mine.placesLeft', { n: formatNumber(left) })
            : t('activities.mine.full');
  const note = state.notes[activity.activityId];
  const mine = mineLine(state, activity);
  return h(
    'article',
    {
      class: 'record activity-card',
      'data-activity': activity.activityId,
      'data-status': activity.status,
      'data-mine': activity.mine?.signUp ?? 'none',
    },
    h('h3', null, activity.title),
    // The badge in a line of its own: in the heading it would be smaller than the page's 18 px.
    h('p', { class: 'record-meta' }, statusBadge(activity.status)),
    h('p', { class: 'record-meta' }, whenText(activity)),
    h('p', { class: 'record-meta' }, whereText(activity)),
    activity.description === undefined ? null : h('p', null, activity.description),
    activity.cancelReason === undefined
      ? null
      : h('p', { class: 'warning' }, t('activities.mine.cancelled', { reason: activity.cancelReason })),
    placesLine === null ? null : h('p', { class: 'hint' }, placesLine),
    mine === null ? null : h('p', { class: 'lead my-place' }, mine),
    join === undefined
      ? null
      : h(
          'button',
          {
            type: 'button',
            class: `button big${join === 'sign-up' ? ' primary' : ''}`,
            'data-action': join,
            disabled: joining !== undefined,
            onclick: () => dispatch({ type: 'joinClicked', activityId: activity.activityId, join }),
          },
          joining !== undefined
            ? t('activities.mine.sending')
            : t(
                join === 'sign-up'
                  ? left > 0
                    ? 'activities.mine.signUp'
                    : 'activities.mine.signUpWait'
                  : 'activities.mine.withdraw',
              ),
        ),
    note === undefined
      ? null
      : h(
          'p',
          { class: 'text' in note ? 'warning' : 'record-outcome', 'aria-live': 'polite' },
          sayText(note),
        ),
  );
}

function paintHours(body: HTMLElement, state: MineState): void {
  const summary = state.summary;
  if (summary.status === 'loading') {
    show(body, h('p', { class: 'loading' }, t('common.loading')));
    return;
  }
  if (summary.status === 'failed') {
    show(body, h('p', { class: 'warning' }, summary.problem.message));
    return;
  }
  const month = summary.value;
  const rows = month.activities.filter((row) => row.signUp !== 'withdrawn' || row.signedInAt !== undefined);
  show(
    body,
    h('p', { class: 'balance-figure', id: 'my-hours-figure' }, hoursText(month.hours)),
    h(
      'p',
      { class: 'lead', id: 'my-showups' },
      t('activities.mine.showUps', {
        signUps: formatNumber(month.signUps),
        showUps: formatNumber(month.showUps),
      }),
    ),
    rows.length === 0
      ? h('p', { class: 'hint' }, t('activities.mine.noHours'))
      : h(
          'dl',
          { class: 'facts my-month' },
          rows.map((row) => [
            h('dt', { 'data-activity': row.activityId }, row.title),
            h(
              'dd',
              { 'data-activity': row.activityId },
              hoursText(row.hours),
              ' · ',
              formatDate(row.start),
              ' · ',
              row.signedInAt === undefined
                ? t(`activities.signUp.${row.signUp}` as MessageKey)
                : t('activities.mine.came'),
            ),
          ]),
        ),
  );
}
