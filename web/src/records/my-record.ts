import type { Correction, VolunteerRecord } from '../../../shared/records/contract/record';
import { ApiError, call, isCode, newIdempotencyKey, outcomeUnknown } from '../platform/api';
import { chinaDate } from '../platform/clock';
import { type Child, h, show } from '../platform/dom';
import { describeError } from '../platform/errors';
import { fieldProblemsOf, messageIn } from '../platform/field-problems';
import { formatWrittenDate, t } from '../platform/i18n';
import {
  type CorrectionForm,
  correctionOut,
  correctionStatus,
  initialMyRecord,
  isWithdrawal,
  isWithdrawn,
  lineWords,
  type MyRecordEvent,
  type MyRecordState,
  problemsOfRefusal,
  REASON_MAX,
  type RecordLine,
  recordLines,
  reduceMyRecord,
  sameTarget,
  sayText,
  starNext,
  starWords,
  type Target,
  targetOf,
  targetWords,
  yearHours,
  yearLabel,
} from './my-record-state';

/**
 * 我的志愿服务记录 on the volunteer's page (order No. 67 第十八条: the volunteer may look up their
 * record): a year's service, training, honours and evaluations, the star in words and what is next,
 * a 申请更正 button on each line and one for personal information, and their requests with the
 * office's answers. State in my-record-state.ts; this is its render and its effects (the reads and
 * the one request out at a time, with its kept Idempotency-Key).
 *
 * `recordLists` draws a record's lines; the office's 培训·表彰·评价 section draws the same.
 */

/** A refusal in a sentence: the API's own Chinese words for a request that cannot be taken now. */
export function refusalSentence(error: unknown): string {
  if (isCode(error, 'CORRECTION_STATE') && /\p{Script=Han}/u.test(error.detail)) {
    const said = messageIn(error.detail);
    if (said !== undefined) return said;
  }
  return describeError(error);
}

export interface RecordListOptions {
  /** Prefix of the element ids. */
  id: string;
  /** What follows a line: its buttons and an open form. */
  lineExtra?: (line: RecordLine) => Child;
}

function lineItem(line: RecordLine, options: RecordListOptions): HTMLElement {
  const words = lineWords(line);
  const withdrawn = isWithdrawn(line);
  return h(
    'li',
    {
      class: `record-line${withdrawn ? ' is-withdrawn' : ''}${isWithdrawal(line) ? ' is-withdrawal' : ''}`,
      'data-kind': line.kind,
      'data-id': line.id,
    },
    h('p', { class: 'record-line-title' }, withdrawn ? h('s', null, words.title) : words.title),
    words.withdrawn === undefined ? null : h('p', { class: 'record-withdrawn' }, words.withdrawn),
    h('p', { class: 'record-line-facts' }, words.facts.join(' · ')),
    options.lineExtra?.(line),
  );
}

function group(
  title: string,
  lines: readonly RecordLine[],
  empty: string,
  id: string,
  options: RecordListOptions,
): Child[] {
  return [
    h('h3', { class: 'record-heading' }, title),
    lines.length === 0
      ? h('p', { class: 'hint', id }, empty)
      : h(
          'ul',
          { class: 'record-lines', id },
          lines.map((line) => lineItem(line, options)),
        ),
  ];
}

/** The star and what is next, the year's hours, and the year's lines under their headings. */
export function recordLists(record: VolunteerRecord, options: RecordListOptions): Child[] {
  const lines = recordLines(record);
  const id = options.id;
  return [
    h(
      'div',
      { class: 'record-summary', id: `${id}-summary` },
      h(
        'p',
        { class: 'record-star', id: `${id}-star`, 'data-level': record.star.level },
        starWords(record.star.level),
      ),
      h('p', { class: 'record-next', id: `${id}-next` }, starNext(record)),
      h('p', { class: 'record-year-hours', id: `${id}-year-hours` }, yearHours(record)),
    ),
    ...group(t('myRecord.service'), lines.service, t('myRecord.noService'), `${id}-service`, options),
    ...group(t('myRecord.training'), lines.training, t('myRecord.noTraining'), `${id}-training`, options),
    ...group(t('myRecord.honours'), lines.honours, t('myRecord.noHonours'), `${id}-honours`, options),
    ...group(
      t('myRecord.evaluations'),
      lines.evaluations,
      t('myRecord.noEvaluations'),
      `${id}-evaluations`,
      options,
    ),
  ];
}

/** A <select> of years labelled 2026年, newest first. */
export function yearSelect(id: string, years: readonly string[], value: string): HTMLSelectElement {
  const select = h(
    'select',
    { id, class: 'year-picker' },
    years.map((year) => h('option', { value: year }, yearLabel(year))),
  );
  select.value = value;
  return select;
}

export function myRecordSection(
  volunteerId: string,
  onError: (error: unknown) => void,
): { section: HTMLElement; load(): Promise<void> } {
  let state: MyRecordState = initialMyRecord;
  const base = `/volunteers/${encodeURIComponent(volunteerId)}`;
  const yearHolder = h('div', { class: 'field' });
  const body = h('div', { id: 'my-record-body' }, h('p', { class: 'loading' }, t('common.loading')));
  const filed = h('p', { class: 'hint', id: 'my-record-filed', 'aria-live': 'polite' });
  const personal = h('div', { id: 'my-record-personal-holder' });
  const corrections = h('div', { id: 'my-record-corrections' });
  const section = h(
    'section',
    { class: 'card', id: 'my-record' },
    h('h2', null, t('myRecord.title')),
    yearHolder,
    body,
    h('h3', { class: 'record-heading' }, t('myRecord.personalTitle')),
    personal,
    filed,
    h('h3', { class: 'record-heading' }, t('myRecord.correctionsTitle')),
    corrections,
  );
  /** Where the open form's reason box is, to focus it after a render. */
  let reasonBox: HTMLTextAreaElement | undefined;

  const correctButton = (target: Target, label: string, id?: string) =>
    h(
      'button',
      {
        type: 'button',
        class: 'button correct-button',
        ...(id === undefined ? {} : { id }),
        'aria-expanded': sameTarget(state.form?.target, target) ? 'true' : 'false',
        disabled: correctionOut(state) && !sameTarget(state.form?.target, target),
        onclick: () => dispatch({ type: 'correctClicked', target, key: newIdempotencyKey() }),
      },
      label,
    );

  const formFor = (form: CorrectionForm): HTMLElement => {
    const record = state.record.status === 'loaded' ? state.record.record : undefined;
    const locked = form.phase !== 'editing';
    const reason = h('textarea', {
      id: 'my-record-reason',
      name: 'reason',
      rows: 3,
      maxlength: REASON_MAX,
      required: true,
      disabled: locked,
      placeholder: t('myRecord.correct.reasonExample'),
      ...(form.reasonProblem === undefined
        ? {}
        : { 'aria-invalid': 'true', 'aria-describedby': 'my-record-reason-problem' }),
    });
    reason.value = form.reason;
    reason.addEventListener('input', () => dispatch({ type: 'reasonTyped', text: reason.value }));
    reasonBox = reason;
    const submit = h(
      'button',
      {
        type: 'submit',
        class: 'button big primary',
        id: 'my-record-send',
        disabled: form.phase === 'sending',
      },
      form.phase === 'sending'
        ? t('myRecord.correct.sending')
        : form.phase === 'unknown'
          ? t('myRecord.correct.sendAgain')
          : t('myRecord.correct.send'),
    );
    const element = h(
      'form',
      {
        class: 'record-correct-form',
        id: 'my-record-form',
        novalidate: true,
        onsubmit: (event: Event) => {
          event.preventDefault();
          dispatch({ type: 'correctSubmitted' });
        },
      },
      h(
        'p',
        { class: 'record-correct-about' },
        t('myRecord.correct.about', { what: targetWords(form.target, record) }),
      ),
      h(
        'div',
        { class: `field${form.reasonProblem === undefined ? '' : ' has-error'}` },
        h('label', { class: 'field-label', for: 'my-record-reason' }, t('myRecord.correct.reason')),
        reason,
        form.reasonProblem === undefined
          ? null
          : h('p', { class: 'field-error', id: 'my-record-reason-problem' }, sayText(form.reasonProblem)),
      ),
      form.formProblem === undefined
        ? null
        : h(
            'p',
            { class: 'form-problem', id: 'my-record-form-problem', role: 'alert' },
            sayText(form.formProblem),
          ),
      submit,
      locked
        ? null
        : h(
            'button',
            {
              type: 'button',
              class: 'button big',
              onclick: () => dispatch({ type: 'correctCancelled' }),
            },
            t('common.cancel'),
          ),
    );
    return element;
  };

  const lineExtra = (line: RecordLine): Child => {
    const target = targetOf(line);
    return [
      correctButton(target, t('myRecord.correct.button')),
      sameTarget(state.form?.target, target) && state.form !== undefined ? formFor(state.form) : null,
    ];
  };

  const render = () => {
    reasonBox = undefined;
    show(
      yearHolder,
      h('label', { class: 'field-label', for: 'my-record-year' }, t('myRecord.year')),
      (() => {
        const select = yearSelect('my-record-year', state.years, state.year);
        select.disabled = correctionOut(state);
        select.addEventListener('change', () => dispatch({ type: 'yearPicked', year: select.value }));
        return select;
      })(),
    );
    const loaded = state.record;
    if (loaded.status === 'loading') show(body, h('p', { class: 'loading' }, t('common.loading')));
    else if (loaded.status === 'failed')
      show(body, h('p', { class: 'warning', id: 'my-record-problem' }, sayText(loaded.problem)));
    else show(body, ...recordLists(loaded.record, { id: 'my-record', lineExtra }));

    const personalTarget: Target = { about: 'personal' };
    show(
      personal,
      h('p', { class: 'hint' }, t('myRecord.personalHint')),
      correctButton(personalTarget, t('myRecord.correct.personal'), 'my-record-personal'),
      state.form !== undefined && sameTarget(state.form.target, personalTarget) ? formFor(state.form) : null,
    );
    filed.textContent = state.filed === undefined ? '' : sayText(state.filed);
    renderCorrections();
  };

  const renderCorrections = () => {
    if (state.record.status !== 'loaded') {
      show(corrections, null);
      return;
    }
    const record = state.record.record;
    show(
      corrections,
      record.corrections.length === 0
        ? h('p', { class: 'hint', id: 'my-record-no-corrections' }, t('myRecord.noCorrections'))
        : h(
            'ul',
            { class: 'record-lines', id: 'my-record-correction-list' },
            record.corrections.map((correction) => correctionItem(correction, record)),
          ),
    );
  };

  /** Paints the form's problems and button without drawing the page again (the box keeps focus). */
  const paintForm = () => {
    const box = reasonBox;
    if (box === undefined || state.form === undefined) return;
    if (state.form.reasonProblem === undefined) {
      box.removeAttribute('aria-invalid');
      box.closest('.field')?.classList.remove('has-error');
      document.getElementById('my-record-reason-problem')?.remove();
    }
  };

  const send = async (form: CorrectionForm) => {
    try {
      const correction = await call<Correction>('POST', `${base}/corrections`, {
        body: form.request,
        idempotencyKey: form.key,
      });
      dispatch({ type: 'correctionFiled', correction });
    } catch (error) {
      if (outcomeUnknown(error)) {
        dispatch({ type: 'correctionUnanswered' });
        return;
      }
      if (isCode(error, 'UNAUTHENTICATED')) onError(error);
      dispatch({
        type: 'correctionRefused',
        problems: problemsOfRefusal({
          message: refusalSentence(error),
          fields: error instanceof ApiError ? fieldProblemsOf(error.body) : [],
        }),
        nextKey: newIdempotencyKey(),
      });
    }
  };

  const load = async (year: string) => {
    try {
      const record = await call<VolunteerRecord>('GET', `${base}/record`, { query: { year } });
      dispatch({ type: 'recordArrived', record });
    } catch (error) {
      if (isCode(error, 'UNAUTHENTICATED')) onError(error);
      dispatch({ type: 'recordFailed', year, problem: { text: describeError(error) } });
    }
  };

  function dispatch(event: MyRecordEvent): void {
    const before = state;
    state = reduceMyRecord(state, event);
    if (state === before) return;
    if (event.type === 'reasonTyped') {
      paintForm();
      return;
    }
    render();
    if (state.year !== before.year && state.record.status === 'loading') void load(state.year);
    if (state.form?.phase === 'sending' && before.form?.phase !== 'sending') void send(state.form);
    const opened = event.type === 'correctClicked' && state.form !== undefined;
    const refused =
      event.type === 'correctionRefused' ||
      (event.type === 'correctSubmitted' && state.form?.phase === 'editing');
    if (opened || refused) reasonBox?.focus();
    if (event.type === 'correctionFiled') filed.scrollIntoView({ block: 'center' });
  }

  return {
    section,
    async load() {
      state = reduceMyRecord(state, { type: 'opened', today: chinaDate() });
      render();
      await load(state.year);
    },
  };
}

function correctionItem(correction: Correction, record: VolunteerRecord): HTMLElement {
  const target: Target = {
    about: correction.about,
    ...(correction.ref === undefined ? {} : { ref: correction.ref }),
  };
  return h(
    'li',
    { class: 'record-line', 'data-correction': correction.correctionId, 'data-status': correction.status },
    h('p', { class: 'record-line-title' }, targetWords(target, record)),
    h('p', null, t('myRecord.correction.reason', { reason: correction.reason })),
    h('p', { class: `record-correction-status status-${correction.status}` }, correctionStatus(correction)),
    h(
      'p',
      { class: 'record-line-facts' },
      t('myRecord.correction.filedAt', { date: formatWrittenDate(correction.filedAt) }),
    ),
  );
}
