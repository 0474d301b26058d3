import type { RecordEntryView, VolunteerRecord } from '../../../shared/records/contract/record';
import {
  COUNTY_HONOURS,
  EVALUATION_GRADES,
  RECORD_ENTRY_KINDS,
} from '../../../shared/records/rules/record-entries';
import type { VolunteerFound } from '../people/search-state';
import { foundLine, volunteerPicker } from '../people/volunteer-picker';
import { call, newIdempotencyKey, outcomeUnknown } from '../platform/api';
import { chinaDate } from '../platform/clock';
import { type Child, formValues, h, show } from '../platform/dom';
import { type FieldProblem, showFieldProblems } from '../platform/field-problems';
import { type MessageKey, t } from '../platform/i18n';
import { busy, field, type Office, sectionFrame, showFailure } from '../platform/office';
import { recordLists, yearSelect } from './my-record';
import {
  aboutWords,
  ENTRY_NOTE_MAX,
  ENTRY_TITLE_MAX,
  type EntryProblem,
  type EntryValues,
  entryRequestOf,
  mayWithdraw,
  type RecordLine,
  sayText,
  withdrawalOf,
  yearsFrom,
} from './my-record-state';

/**
 * 培训·表彰·评价 (the office): a volunteer found by name (never an id typed), an entry added to
 * their record — a training with its hours, an evaluation with its grade, or (the county office
 * only) an honour, with the county's own selections offered — and their record for a year below,
 * as the volunteer sees it, with 撤回 on each entry: a withdrawing entry with a required note
 * (nothing is edited or deleted; both stay). One Idempotency-Key per submission, kept until it is
 * answered.
 */
const pendingKeys = new Map<string, string>();

function keyFor(purpose: string): string {
  const existing = pendingKeys.get(purpose);
  if (existing !== undefined) return existing;
  const key = newIdempotencyKey();
  pendingKeys.set(purpose, key);
  return key;
}

/** Sends one submission with its kept key; true when it went through. */
async function post(
  office: Office,
  purpose: string,
  volunteerId: string,
  body: unknown,
): Promise<RecordEntryView | undefined> {
  try {
    const made = await call<RecordEntryView>(
      'POST',
      `/volunteers/${encodeURIComponent(volunteerId)}/record-entries`,
      {
        body,
        idempotencyKey: keyFor(purpose),
        onRetry: () => office.shell.notify('info', t('error.NETWORK_RETRYING')),
      },
    );
    pendingKeys.delete(purpose);
    return made;
  } catch (error) {
    // A lost answer keeps the key: sending again is the same entry, made once.
    if (!outcomeUnknown(error)) pendingKeys.delete(purpose);
    office.onError(error);
    return undefined;
  }
}

const LABELS: Readonly<Record<keyof EntryValues, MessageKey>> = {
  kind: 'office.recordEntries.kind',
  date: 'office.recordEntries.date',
  title: 'office.recordEntries.name',
  organiser: 'office.recordEntries.organiser',
  hours: 'office.recordEntries.hours',
  grade: 'office.recordEntries.grade',
  note: 'office.recordEntries.note',
};

const asFieldProblems = (problems: readonly EntryProblem[]): FieldProblem[] =>
  problems.map((problem) => ({
    path: problem.name,
    name: problem.name,
    sentence: t('fieldProblem.sentence', {
      label: t(LABELS[problem.name]),
      what: sayText(problem.what).replace(/[。.]$/u, ''),
    }),
  }));

export function renderRecordEntries(office: Office): HTMLElement {
  const { root, body } = sectionFrame('office.recordEntries.title', 'office.recordEntries.lead');
  root.id = 'record-entries';
  const chosen = h(
    'div',
    { id: 'record-entries-chosen' },
    h('p', { class: 'hint' }, t('office.recordEntries.pickFirst')),
  );
  let current: VolunteerFound | undefined;
  const picker = volunteerPicker({
    id: 'record-entries-search',
    pickKey: 'office.search.choose',
    onPick: (volunteer) => {
      current = volunteer;
      mountVolunteer(office, chosen, volunteer);
    },
    picked: () => new Set(current === undefined ? [] : [current.id]),
  });
  show(body, picker.root, chosen);
  return root;
}

function mountVolunteer(office: Office, holder: HTMLElement, volunteer: VolunteerFound): void {
  const today = chinaDate();
  const years = yearsFrom(today);
  const year = yearSelect('record-entries-year', years, years[0] ?? today.slice(0, 4));
  const record = h('div', { id: 'record-entries-record' }, h('p', { class: 'loading' }, t('common.loading')));
  const reload = () => void loadRecord(office, record, volunteer, () => year.value);
  year.addEventListener('change', reload);
  show(
    holder,
    h(
      'p',
      { class: 'record-chosen', id: 'record-entries-who', 'data-volunteer': volunteer.id },
      t('office.recordEntries.chosen', { who: foundLine(volunteer) }),
    ),
    h('h3', null, t('office.recordEntries.addTitle')),
    entryForm(office, volunteer, today, reload),
    h('h3', null, t('office.recordEntries.recordTitle')),
    h('p', { class: 'hint' }, t('office.recordEntries.serviceHint')),
    field(t('myRecord.year'), year),
    record,
  );
  reload();
}

function entryForm(
  office: Office,
  volunteer: VolunteerFound,
  today: string,
  saved: () => void,
): HTMLFormElement {
  const kinds = RECORD_ENTRY_KINDS.filter((kind) => kind !== 'honour' || office.isAdmin);
  const kind = h(
    'select',
    { name: 'kind', id: 'record-entry-kind' },
    kinds.map((one) => h('option', { value: one }, aboutWords(one))),
  );
  const honours = h(
    'datalist',
    { id: 'record-entry-honours' },
    COUNTY_HONOURS.map((honour) => h('option', { value: honour })),
  );
  const title = h('input', {
    name: 'title',
    id: 'record-entry-title',
    maxlength: ENTRY_TITLE_MAX,
    autocomplete: 'off',
    required: true,
  });
  const hours = h('input', {
    name: 'hours',
    id: 'record-entry-hours',
    inputmode: 'decimal',
    maxlength: 6,
    autocomplete: 'off',
    placeholder: '2',
  });
  const grade = h(
    'select',
    { name: 'grade', id: 'record-entry-grade' },
    EVALUATION_GRADES.map((one) => h('option', { value: one }, one)),
  );
  const hoursField = field(t('office.recordEntries.hours'), hours);
  const gradeField = field(t('office.recordEntries.grade'), grade);
  const form: HTMLFormElement = h(
    'form',
    { class: 'form-grid', id: 'record-entry-form', novalidate: true },
    field(t('office.recordEntries.kind'), kind),
    office.isAdmin ? null : h('p', { class: 'hint' }, t('office.recordEntries.honoursByCounty')),
    field(
      t('office.recordEntries.date'),
      h('input', {
        name: 'date',
        id: 'record-entry-date',
        type: 'date',
        value: today,
        max: today,
        required: true,
      }),
    ),
    field(t('office.recordEntries.name'), title),
    honours,
    field(
      t('office.recordEntries.organiser'),
      h('input', {
        name: 'organiser',
        id: 'record-entry-organiser',
        maxlength: ENTRY_TITLE_MAX,
        autocomplete: 'off',
      }),
    ),
    hoursField,
    gradeField,
    field(
      t('office.recordEntries.note'),
      h('input', { name: 'note', id: 'record-entry-note', maxlength: ENTRY_NOTE_MAX, autocomplete: 'off' }),
    ),
    h(
      'div',
      { class: 'actions' },
      h(
        'button',
        { type: 'submit', class: 'button primary', id: 'record-entry-save' },
        t('office.recordEntries.save'),
      ),
    ),
  );
  const kindChanged = () => {
    const chosen = kind.value;
    hoursField.hidden = chosen !== 'training';
    gradeField.hidden = chosen !== 'evaluation';
    // The county's own selections are offered for an honour; any other title may be typed.
    if (chosen === 'honour') title.setAttribute('list', honours.id);
    else title.removeAttribute('list');
    title.placeholder = t(`office.recordEntries.example.${chosen}` as MessageKey);
  };
  kind.addEventListener('change', kindChanged);
  kindChanged();
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const values = formValues(form);
    const filled: EntryValues = {
      kind: values.kind ?? '',
      date: values.date ?? '',
      title: values.title ?? '',
      organiser: values.organiser ?? '',
      hours: values.hours ?? '',
      grade: values.grade ?? '',
      note: values.note ?? '',
    };
    const checked = entryRequestOf(filled, chinaDate(), office.isAdmin);
    if ('problems' in checked) {
      showFieldProblems(form, asFieldProblems(checked.problems));
      return;
    }
    void busy(form, async () => {
      const made = await post(office, `entry:${volunteer.id}`, volunteer.id, checked.request);
      if (made === undefined) return;
      office.shell.notify('ok', t('office.recordEntries.saved', { title: made.title }));
      for (const input of [title, hours, form.querySelector<HTMLInputElement>('input[name="note"]')])
        if (input !== null) input.value = '';
      saved();
    });
  });
  return form;
}

async function loadRecord(
  office: Office,
  holder: HTMLElement,
  volunteer: VolunteerFound,
  shownYear: () => string,
): Promise<void> {
  const year = shownYear();
  let record: VolunteerRecord;
  try {
    record = await call<VolunteerRecord>('GET', `/volunteers/${encodeURIComponent(volunteer.id)}/record`, {
      query: { year },
    });
  } catch (error) {
    showFailure(holder, error);
    return;
  }
  // A slow answer for a year no longer picked is dropped.
  if (record.year !== shownYear()) return;
  const reload = () => void loadRecord(office, holder, volunteer, shownYear);
  const lineExtra = (line: RecordLine): Child => {
    if (line.kind === 'service') return null;
    // Honours are the county office's to record, and to withdraw.
    if (line.kind === 'honour' && !office.isAdmin) return null;
    if (!mayWithdraw(line.entry)) return null;
    return withdrawControls(office, volunteer, line.entry, reload);
  };
  show(holder, ...recordLists(record, { id: 'record-entries', lineExtra }));
}

function withdrawControls(
  office: Office,
  volunteer: VolunteerFound,
  entry: RecordEntryView,
  withdrawn: () => void,
): Child {
  const label = t('office.recordEntries.withdrawNote');
  const form: HTMLFormElement = h(
    'form',
    { class: 'inline-form withdraw-form', hidden: true, novalidate: true, 'data-entry': entry.entryId },
    field(
      label,
      h('input', { name: 'note', maxlength: ENTRY_NOTE_MAX, required: true, autocomplete: 'off' }),
    ),
    h('button', { type: 'submit', class: 'button danger' }, t('office.recordEntries.confirmWithdraw')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const checked = withdrawalOf(entry, formValues(form).note ?? '');
    if (checked === undefined) return;
    if ('problem' in checked) {
      showFieldProblems(form, [
        {
          path: 'note',
          name: 'note',
          sentence: t('fieldProblem.sentence', { label, what: sayText(checked.problem) }),
        },
      ]);
      return;
    }
    void busy(form, async () => {
      const made = await post(office, `withdraw:${entry.entryId}`, volunteer.id, checked.request);
      if (made === undefined) return;
      office.shell.notify('ok', t('office.recordEntries.withdrawn', { title: entry.title }));
      withdrawn();
    });
  });
  const button = h(
    'button',
    {
      type: 'button',
      class: 'button',
      'data-action': 'withdraw',
      'aria-expanded': 'false',
      onclick: () => {
        form.hidden = !form.hidden;
        button.setAttribute('aria-expanded', form.hidden ? 'false' : 'true');
        if (!form.hidden) form.querySelector('input')?.focus();
      },
    },
    t('office.recordEntries.withdraw'),
  );
  return [button, form];
}
