import type { Correction, VolunteerRecord } from '../../../shared/records/contract/record';
import { CORRECTION_STATUSES } from '../../../shared/records/rules/record-entries';
import { call, isCode, newIdempotencyKey, outcomeUnknown } from '../platform/api';
import { formValues, h, show } from '../platform/dom';
import { type FieldProblem, showFieldProblems } from '../platform/field-problems';
import { formatWrittenDate, type MessageKey, t } from '../platform/i18n';
import { busy, field, ID_PATTERN, type Office, sectionFrame, showFailure } from '../platform/office';
import { refusalSentence } from './my-record';
import { aboutWords, lineWords, REASON_MAX, recordLines, targetWords } from './my-record-state';

/**
 * 更正申请 (the office): the queue of volunteers' requests to correct their record, waiting ones
 * first, each with the volunteer's name (masked), what it is about, the reason and the day; 受理
 * saying what was done (a required 处理结果, and the corrective service record if there is one,
 * picked from the volunteer's lines or typed) or 不予更正 with a reason. A correction is never an
 * edit: the office reverses or withdraws and records anew in its own sections, then answers here.
 * One Idempotency-Key per decision, kept until it is answered.
 */
const pendingKeys = new Map<string, string>();

type CorrectionList = { corrections: Correction[] };

function keyFor(purpose: string): string {
  const existing = pendingKeys.get(purpose);
  if (existing !== undefined) return existing;
  const key = newIdempotencyKey();
  pendingKeys.set(purpose, key);
  return key;
}

let lists = 0;

export function renderCorrections(office: Office): HTMLElement {
  const { root, body } = sectionFrame('office.corrections.title', 'office.corrections.lead');
  root.id = 'corrections';
  const status = h(
    'select',
    { id: 'corrections-status' },
    CORRECTION_STATUSES.map((value) =>
      h('option', { value }, t(`office.corrections.status.${value}` as MessageKey)),
    ),
  );
  status.value = 'open';
  const list = h('div', { id: 'corrections-list' }, h('p', { class: 'loading' }, t('common.loading')));
  const reload = () => void load(office, list, status.value);
  status.addEventListener('change', reload);
  show(
    body,
    h(
      'p',
      { class: 'record-note', id: 'corrections-note' },
      office.isAdmin ? t('office.corrections.noteAdmin') : t('office.corrections.noteCoordinator'),
    ),
    field(t('office.corrections.show'), status),
    list,
  );
  reload();
  return root;
}

async function load(office: Office, list: HTMLElement, status: string): Promise<void> {
  let answer: CorrectionList;
  try {
    answer = await call<CorrectionList>('GET', '/corrections', { query: { status, limit: 100 } });
  } catch (error) {
    showFailure(list, error);
    return;
  }
  if (answer.corrections.length === 0) {
    show(list, h('p', { class: 'hint', id: 'corrections-empty' }, t('office.corrections.none')));
    return;
  }
  show(list, ...answer.corrections.map((correction) => card(office, correction)));
}

/** What a decided request says in place of its buttons. */
function outcomeText(correction: Correction): string {
  if (correction.status === 'accepted') {
    const done = t('office.corrections.accepted', { resolution: correction.resolution ?? '' });
    return correction.recordId === undefined
      ? done
      : `${done} ${t('office.corrections.correctiveRecord', { id: correction.recordId })}`;
  }
  if (correction.status === 'refused')
    return t('office.corrections.refused', { refusal: correction.refusal ?? '' });
  return t('office.corrections.status.open');
}

function card(office: Office, correction: Correction): HTMLElement {
  const outcome = h('p', { class: 'record-outcome', 'aria-live': 'polite' });
  const subject = h('p', { class: 'hint correction-subject' });
  const actions = h('div', { class: 'actions' });
  const forms = h('div', { class: 'correction-forms' });
  const element = h(
    'article',
    {
      class: 'record correction',
      'data-correction': correction.correctionId,
      'data-status': correction.status,
    },
    h('h3', null, correction.name),
    h(
      'p',
      { class: 'correction-about' },
      t('office.corrections.about', { what: aboutWords(correction.about) }),
    ),
    subject,
    h('p', { class: 'correction-reason' }, t('office.corrections.reason', { reason: correction.reason })),
    h(
      'p',
      { class: 'hint' },
      t('office.corrections.filed', { date: formatWrittenDate(correction.filedAt) }),
      correction.decidedAt === undefined
        ? null
        : ` · ${t('office.corrections.decidedAt', { date: formatWrittenDate(correction.decidedAt) })}`,
    ),
    actions,
    forms,
    outcome,
  );
  const decided = (text: string, answered?: Correction) => {
    actions.replaceChildren();
    forms.replaceChildren();
    outcome.textContent = text;
    element.classList.add('decided');
    if (answered !== undefined) element.dataset.status = answered.status;
  };
  if (correction.status !== 'open') {
    decided(outcomeText(correction));
    return element;
  }
  const accept = acceptForm(office, correction, decided, subject);
  const refuse = refuseForm(office, correction, decided);
  const toggle = (form: HTMLFormElement, other: HTMLFormElement) => {
    other.hidden = true;
    form.hidden = !form.hidden;
    if (!form.hidden) form.querySelector<HTMLElement>('textarea, input')?.focus();
  };
  actions.append(
    h(
      'button',
      {
        type: 'button',
        class: 'button primary',
        'data-action': 'accept',
        onclick: () => toggle(accept, refuse),
      },
      t('office.corrections.accept'),
    ),
    h(
      'button',
      { type: 'button', class: 'button', 'data-action': 'refuse', onclick: () => toggle(refuse, accept) },
      t('office.corrections.refuse'),
    ),
  );
  forms.append(accept, refuse);
  return element;
}

const required = (name: string, label: string): FieldProblem => ({
  path: name,
  name,
  sentence: t('fieldProblem.sentence', { label, what: t('fieldProblem.required') }),
});

/** Sends one decision; the key of its purpose is kept until an answer comes. */
async function decide(
  office: Office,
  correction: Correction,
  body: Record<string, unknown>,
  decided: (text: string, answered?: Correction) => void,
): Promise<void> {
  const purpose = `${correction.correctionId}:${body.accept === true ? 'accept' : 'refuse'}`;
  try {
    const answered = await call<Correction>(
      'POST',
      `/corrections/${encodeURIComponent(correction.correctionId)}/decision`,
      {
        body,
        idempotencyKey: keyFor(purpose),
        onRetry: () => office.shell.notify('info', t('error.NETWORK_RETRYING')),
      },
    );
    pendingKeys.delete(purpose);
    decided(outcomeText(answered), answered);
    office.shell.notify('ok', outcomeText(answered));
  } catch (error) {
    if (!outcomeUnknown(error)) pendingKeys.delete(purpose);
    if (isCode(error, 'CORRECTION_STATE')) decided(refusalSentence(error));
    else office.onError(error);
  }
}

function acceptForm(
  office: Office,
  correction: Correction,
  decided: (text: string, answered?: Correction) => void,
  subject: HTMLElement,
): HTMLFormElement {
  lists += 1;
  const listId = `correction-records-${lists}`;
  const records = h('datalist', { id: listId });
  const resolutionLabel = t('office.corrections.resolution');
  const recordLabel = t('office.corrections.recordId');
  const form: HTMLFormElement = h(
    'form',
    { class: 'form-grid correction-accept', hidden: true, novalidate: true },
    field(
      resolutionLabel,
      h('textarea', {
        name: 'resolution',
        rows: 2,
        maxlength: REASON_MAX,
        required: true,
        placeholder: t('office.corrections.resolutionExample'),
      }),
    ),
    field(
      recordLabel,
      h('input', {
        name: 'recordId',
        list: listId,
        maxlength: 64,
        autocomplete: 'off',
        autocapitalize: 'off',
        spellcheck: 'false',
      }),
    ),
    h('p', { class: 'hint' }, t('office.corrections.recordIdHint')),
    records,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'button primary' }, t('office.corrections.confirmAccept')),
    ),
  );
  let filled = false;
  const fill = async () => {
    if (filled) return;
    filled = true;
    // The volunteer's lines of the year the request was filed: what it names, and the records to pick.
    try {
      const record = await call<VolunteerRecord>(
        'GET',
        `/volunteers/${encodeURIComponent(correction.volunteerId)}/record`,
        { query: { year: correction.filedAt.slice(0, 4) } },
      );
      if (correction.ref !== undefined) {
        const what = targetWords({ about: correction.about, ref: correction.ref }, record);
        if (what !== aboutWords(correction.about))
          subject.textContent = t('office.corrections.subject', { what });
      }
      show(
        records,
        recordLines(record).service.map((line) => {
          const words = lineWords(line);
          return h('option', { value: line.id }, `${words.facts.join(' · ')} · ${words.title}`);
        }),
      );
    } catch {
      filled = false;
    }
  };
  form.addEventListener('focusin', () => void fill());
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const values = formValues(form);
    const problems: FieldProblem[] = [];
    if (!values.resolution) problems.push(required('resolution', resolutionLabel));
    if (values.recordId && !ID_PATTERN.test(values.recordId)) {
      problems.push({
        path: 'recordId',
        name: 'recordId',
        sentence: t('fieldProblem.sentence', { label: recordLabel, what: t('fieldProblem.id') }),
      });
    }
    if (problems.length > 0) {
      showFieldProblems(form, problems);
      return;
    }
    void busy(form, () =>
      decide(
        office,
        correction,
        {
          accept: true,
          resolution: values.resolution,
          ...(values.recordId ? { recordId: values.recordId } : {}),
        },
        decided,
      ),
    );
  });
  return form;
}

function refuseForm(
  office: Office,
  correction: Correction,
  decided: (text: string, answered?: Correction) => void,
): HTMLFormElement {
  const label = t('office.corrections.refusal');
  const form: HTMLFormElement = h(
    'form',
    { class: 'form-grid correction-refuse', hidden: true, novalidate: true },
    field(label, h('input', { name: 'reason', maxlength: REASON_MAX, required: true })),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'button danger' }, t('office.corrections.confirmRefuse')),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const { reason } = formValues(form);
    if (!reason) {
      showFieldProblems(form, [required('reason', label)]);
      return;
    }
    void busy(form, () => decide(office, correction, { accept: false, reason }, decided));
  });
  return form;
}
