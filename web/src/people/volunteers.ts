import type {
  ImportRowInput,
  OrgVolunteerPage,
  VolunteerProfile,
} from '../../../shared/people/contract/volunteers';
import { mapColumns, rowFromFields } from '../../../shared/people/rules/volunteer-import';
import { decodeText, detectDelimiter, parseCsv } from '../../../shared/platform/csv';
import { ID_DOCUMENT_TYPES } from '../../../shared/records/rules/id-number';
import { honourRollChoiceBox } from '../donations/honour-roll-choice';
import { phoneButtons } from '../identity/volunteer-phones';
import { call, newIdempotencyKey } from '../platform/api';
import { formValues, h, show } from '../platform/dom';
import { formatDateTime, formatNumber, type MessageKey, t } from '../platform/i18n';
import {
  busy,
  field,
  moreButton,
  type Office,
  orgOptions,
  orgsOrFailure,
  sectionFrame,
  showFailure,
} from '../platform/office';
import { qrSvg } from '../platform/qr';
import {
  openedVolunteers,
  reduceVolunteers,
  type VolunteersEvent,
  type VolunteersState,
} from './register-state';
import { volunteerPicker } from './volunteer-picker';

/**
 * 志愿者: the volunteers of one organisation, registering one, and importing a spreadsheet. The
 * CSV is read in the browser (UTF-8 or GB18030, as Excel and WPS save it), with the same column
 * rules as `npm run import`, and sent in chunks of at most 200 rows; each chunk is safe to send
 * again, so a chunk that meets a bad network is simply retried.
 */
type Volunteer = VolunteerProfile;

const IMPORT_CHUNK_ROWS = 200;

export function renderVolunteers(office: Office): HTMLElement {
  const { root, body } = sectionFrame('office.volunteers.title');
  void load(office, body);
  return root;
}

async function load(office: Office, body: HTMLElement): Promise<void> {
  const orgs = await orgsOrFailure(office, body);
  if (orgs === undefined) return;
  const start =
    orgs.find((org) => org.orgId === office.session.claims.orgId) ??
    orgs.find((org) => org.level === 'village') ??
    orgs[0];
  // One organisation for the whole section: the list shows it, the register form registers into it.
  let state = openedVolunteers(start?.orgId);
  const list = h('div', { class: 'volunteer-list', id: 'volunteer-list' });
  const picker = h(
    'select',
    { id: 'org-picker', 'aria-label': t('office.volunteers.org') },
    orgOptions(orgs, start?.orgId),
  );
  const names = new Map(orgs.map((org) => [org.orgId, org.name]));
  const register = registerForm(office, {
    orgName: () => names.get(state.orgId ?? '') ?? '',
    dispatch: (event) => {
      state = reduceVolunteers(state, event);
      register.render(state);
      return state;
    },
    reload: () => void loadList(office, state.orgId ?? '', list),
    orgNameOf: (orgId) => names.get(orgId) ?? orgId,
  });
  const showOrg = (orgId: string) => {
    picker.value = orgId;
    state = reduceVolunteers(state, { type: 'orgPicked', orgId });
    register.render(state);
    return loadList(office, orgId, list);
  };
  picker.addEventListener('change', () => void showOrg(picker.value));
  // 找志愿者: by name or the phone's last digits; the one chosen is shown in their organisation's list.
  const finder = volunteerPicker({
    id: 'volunteer-search',
    pickKey: 'office.search.show',
    onPick: (volunteer) => {
      void showOrg(volunteer.orgId).then(() => {
        const row = list.querySelector<HTMLElement>(`tr[data-volunteer="${CSS.escape(volunteer.id)}"]`);
        // Marked without a style sheet rule of its own: the section's wash colour, and for readers.
        row?.setAttribute('aria-current', 'true');
        if (row !== null && row !== undefined) row.style.background = 'var(--wash)';
        row?.scrollIntoView({ block: 'center' });
      });
    },
  });
  register.render(state);
  show(
    body,
    finder.root,
    field(t('office.volunteers.org'), picker),
    list,
    register.root,
    office.isAdmin ? importPanel(office) : null,
  );
  if (start !== undefined) await loadList(office, start.orgId, list);
}

async function loadList(
  office: Office,
  orgId: string,
  list: HTMLElement,
  cursor?: string,
  rows?: HTMLElement,
): Promise<void> {
  // The list shows the organisation picked last: an earlier pick's late answer is dropped.
  list.dataset.org = orgId;
  let page: OrgVolunteerPage;
  try {
    page = await call('GET', `/orgs/${encodeURIComponent(orgId)}/volunteers`, {
      query: { limit: 50, cursor },
    });
  } catch (error) {
    if (list.dataset.org === orgId) showFailure(list, error);
    return;
  }
  if (list.dataset.org !== orgId) return;
  const tbody = rows ?? h('tbody');
  if (rows === undefined) {
    show(
      list,
      page.volunteers.length === 0
        ? h('p', { class: 'hint' }, t('office.volunteers.none'))
        : h(
            'table',
            { class: 'table' },
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                h('th', null, t('office.volunteers.name')),
                h('th', null, t('office.volunteers.phone')),
                h('th', null, t('office.volunteers.id')),
                h('th', null, t('common.actions')),
              ),
            ),
            tbody,
          ),
    );
  }
  for (const volunteer of page.volunteers) {
    const actions = h(
      'div',
      { class: 'row-actions' },
      h(
        'a',
        { href: `/passbook.html?volunteer=${encodeURIComponent(volunteer.id)}` },
        t('office.volunteers.passbook'),
      ),
    );
    const row = h(
      'tr',
      { 'data-volunteer': volunteer.id },
      h('td', null, volunteer.name),
      h('td', { class: 'mono' }, volunteer.phone),
      // The national system's number when there is one; the internal id is never shown for a name.
      h('td', { class: 'mono' }, volunteer.externalId ?? ''),
      h('td', null, actions),
    );
    // The volunteer's phones (activate one, sign a lost one out), then the printed card.
    actions.append(...phoneButtons(office, volunteer, row));
    if (office.isAdmin)
      actions.append(cardControls(office, volunteer), personalControls(office, volunteer, row));
    tbody.append(row);
  }
  if (page.nextCursor !== null) {
    list.append(moreButton(() => void loadList(office, orgId, list, page.nextCursor ?? undefined, tbody)));
  }
}

/**
 * 个人信息, for the county office: what is on file (the ID number masked), the whole number only by
 * a deliberate 查看 with the reason (each look is logged), and 注销 at the person's request.
 */
function personalControls(office: Office, volunteer: Volunteer, row: HTMLElement): HTMLElement {
  const facts = h(
    'dl',
    { class: 'facts' },
    h('dt', null, t('office.volunteers.gender')),
    h(
      'dd',
      null,
      volunteer.gender === undefined ? '—' : t(`office.volunteers.${volunteer.gender}` as MessageKey),
    ),
    h('dt', null, t('office.volunteers.idNumber')),
    h(
      'dd',
      { class: 'mono', 'data-field': 'idNumber' },
      volunteer.idNumberMasked === undefined
        ? '—'
        : `${t(`office.volunteers.idType.${volunteer.idType ?? 'resident-id'}` as MessageKey)} ${volunteer.idNumberMasked}`,
    ),
    h('dt', null, t('office.volunteers.skills')),
    h('dd', null, (volunteer.skills ?? []).join('、') || '—'),
    h('dt', null, t('office.volunteers.intentions')),
    h('dd', null, (volunteer.serviceIntentions ?? []).join('、') || '—'),
  );
  const reasonField = (name: string) =>
    h('input', {
      name,
      required: true,
      maxlength: 200,
      'aria-label': t('office.volunteers.reason'),
      placeholder: t('office.volunteers.reason'),
    });
  const reveal = h(
    'form',
    { class: 'inline-form compact', 'data-action': 'reveal' },
    reasonField('reason'),
    h('button', { type: 'submit', class: 'button' }, t('office.volunteers.reveal')),
  );
  reveal.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(reveal, async () => {
      try {
        const shown = await call<{ idNumber: string }>(
          'POST',
          `/volunteers/${encodeURIComponent(volunteer.id)}/id-number/reveal`,
          { body: { reason: formValues(reveal).reason } },
        );
        const cell = facts.querySelector<HTMLElement>('[data-field="idNumber"]');
        if (cell !== null) cell.textContent = shown.idNumber;
        reveal.reset();
      } catch (error) {
        office.onError(error);
      }
    });
  });
  // One key for this form's erasure: a lost answer retried is the same request.
  const eraseKey = newIdempotencyKey();
  const erase = h(
    'form',
    { class: 'inline-form compact', 'data-action': 'erase' },
    reasonField('reason'),
    h('button', { type: 'submit', class: 'button danger' }, t('office.volunteers.erase')),
  );
  erase.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!window.confirm(t('office.volunteers.eraseConfirm', { name: volunteer.name }))) return;
    void busy(erase, async () => {
      try {
        const done = await call<{ erasedAt: string }>(
          'POST',
          `/volunteers/${encodeURIComponent(volunteer.id)}/erasure`,
          {
            body: { reason: formValues(erase).reason },
            idempotencyKey: eraseKey,
          },
        );
        office.shell.notify('ok', t('office.volunteers.erased', { at: formatDateTime(done.erasedAt) }));
        row.remove();
      } catch (error) {
        office.onError(error);
      }
    });
  });
  // 光荣榜: a volunteer without a phone asks the office to keep their name off; read when opened.
  const honourRoll = honourRollChoiceBox(
    volunteer.id,
    t('honourRoll.officeOptOut'),
    `honour-roll-${volunteer.id}`,
    office.onError,
  );
  const details = h(
    'details',
    { class: 'personal-controls' },
    h('summary', null, t('office.volunteers.personal')),
    facts,
    volunteer.idNumberMasked === undefined ? null : reveal,
    h('div', { class: 'honour-roll-choice' }, honourRoll.control, honourRoll.status),
    h('p', { class: 'hint' }, t('office.volunteers.eraseHint')),
    erase,
  );
  let honourRollRead = false;
  details.addEventListener('toggle', () => {
    if (!details.open || honourRollRead) return;
    honourRollRead = true;
    void honourRoll.load();
  });
  return details;
}

/**
 * A printed card for a volunteer without a phone: the first PIN issues the card number; a new PIN
 * later keeps the number and unlocks the card.
 */
function cardControls(office: Office, volunteer: Volunteer): HTMLElement {
  const result = h('p', { class: 'card-result', 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'inline-form compact' },
    h('input', {
      name: 'pin',
      type: 'password',
      inputmode: 'numeric',
      pattern: '[0-9]{4,6}',
      required: true,
      maxlength: 6,
      autocomplete: 'off',
      'aria-label': t('office.volunteers.cardPin'),
      placeholder: t('office.volunteers.cardPin'),
    }),
    h('button', { type: 'submit', class: 'button' }, t('office.volunteers.cardSet')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(form, async () => {
      try {
        const card = await call<{ cardNumber: string }>(
          'PUT',
          `/volunteers/${encodeURIComponent(volunteer.id)}/card`,
          {
            body: { pin: formValues(form).pin },
          },
        );
        show(
          result,
          t('office.volunteers.cardIssued', { number: groupedDigits(card.cardNumber) }),
          ' ',
          h(
            'button',
            {
              type: 'button',
              class: 'button',
              id: 'card-print',
              onclick: () => printCard(volunteer.name, card.cardNumber),
            },
            t('office.volunteers.cardPrint'),
          ),
        );
        form.reset();
      } catch (error) {
        office.onError(error);
      }
    });
  });
  return h(
    'details',
    { class: 'card-controls' },
    h('summary', null, t('office.volunteers.card')),
    form,
    result,
  );
}

/** 更多信息: what order No. 67 keeps beyond name and phone, folded away, all optional. */
function moreDetails(): HTMLElement {
  const select = (name: string, options: readonly [string, string][]) =>
    h(
      'select',
      { name },
      options.map(([value, label]) => h('option', { value }, label)),
    );
  return h(
    'details',
    { class: 'more-details', id: 'register-more' },
    h('summary', null, t('office.volunteers.more')),
    field(
      t('office.volunteers.gender'),
      select('gender', [
        ['', t('office.volunteers.genderUnsaid')],
        ['male', t('office.volunteers.male')],
        ['female', t('office.volunteers.female')],
      ]),
    ),
    field(
      t('office.volunteers.idType'),
      select(
        'idType',
        ID_DOCUMENT_TYPES.map(
          (type) => [type, t(`office.volunteers.idType.${type}` as MessageKey)] as [string, string],
        ),
      ),
    ),
    field(
      t('office.volunteers.idNumber'),
      h('input', { name: 'idNumber', maxlength: 40, autocomplete: 'off', spellcheck: 'false' }),
    ),
    field(
      t('office.volunteers.skills'),
      h('input', { name: 'skills', maxlength: 240, placeholder: t('office.volunteers.skillsExample') }),
    ),
    field(
      t('office.volunteers.intentions'),
      h('input', {
        name: 'serviceIntentions',
        maxlength: 240,
        placeholder: t('office.volunteers.intentionsExample'),
      }),
    ),
    h('p', { class: 'hint' }, t('office.volunteers.idHint')),
  );
}

interface RegisterWiring {
  /** The name of the organisation on screen. */
  orgName: () => string;
  orgNameOf: (orgId: string) => string;
  dispatch: (event: VolunteersEvent) => VolunteersState;
  reload: () => void;
}

/**
 * 登记志愿者, into the organisation on screen: the form names it ("登记到：文山村") and has no
 * organisation of its own, so the person lands where the office sees them.
 */
function registerForm(
  office: Office,
  wiring: RegisterWiring,
): { root: HTMLElement; render: (state: VolunteersState) => void } {
  const into = h('p', { class: 'register-into', id: 'register-org' });
  const button = h(
    'button',
    { type: 'submit', class: 'button primary' },
    t('office.volunteers.registerButton'),
  );
  const form = h(
    'form',
    { class: 'form-grid', id: 'register-form' },
    h('h3', null, t('office.volunteers.register')),
    into,
    field(t('office.volunteers.name'), h('input', { name: 'name', required: true, maxlength: 50 })),
    field(
      t('office.volunteers.phone'),
      h('input', { name: 'phone', required: true, inputmode: 'tel', placeholder: '138 0000 0000' }),
    ),
    field(t('office.volunteers.externalId'), h('input', { name: 'externalId', maxlength: 64 })),
    moreDetails(),
    h('div', { class: 'actions' }, button),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const values = formValues(form);
    const state = wiring.dispatch({
      type: 'registerSubmitted',
      form: {
        name: values.name ?? '',
        phone: values.phone ?? '',
        externalId: values.externalId ?? '',
        gender: values.gender ?? '',
        idType: values.idType ?? '',
        idNumber: values.idNumber ?? '',
        skills: values.skills ?? '',
        serviceIntentions: values.serviceIntentions ?? '',
      },
    });
    const request = state.sending;
    if (request === undefined) return;
    void (async () => {
      try {
        const created = await call<Volunteer>('POST', '/volunteers', { body: request });
        wiring.dispatch({ type: 'registered', name: created.name });
        office.shell.notify(
          'ok',
          t('office.volunteers.registered', { name: created.name, org: wiring.orgNameOf(created.orgId) }),
        );
        form.reset();
        wiring.reload();
      } catch (error) {
        wiring.dispatch({ type: 'registerFailed' });
        office.onError(error);
      }
    })();
  });
  const render = (state: VolunteersState) => {
    into.textContent = t('office.volunteers.registerInto', { org: wiring.orgName() });
    into.dataset.org = state.orgId ?? '';
    button.disabled = state.phase === 'sending' || state.orgId === undefined;
  };
  return { root: form, render };
}

type ImportRowBody = ImportRowInput;

function importPanel(office: Office): HTMLElement {
  const progress = h('progress', { id: 'import-progress', max: 1, value: 0, hidden: true });
  const status = h('p', { class: 'hint', id: 'import-status', 'aria-live': 'polite' });
  const rejected = h('div', { id: 'import-rejected' });
  const input = h('input', { type: 'file', accept: '.csv,.txt,text/csv', id: 'import-file' });
  const button: HTMLButtonElement = h(
    'button',
    {
      type: 'button',
      class: 'button primary',
      onclick: () => {
        const file = input.files?.[0];
        if (file === undefined) {
          office.shell.notify('error', t('office.import.chooseFile'));
          return;
        }
        button.disabled = true;
        void runImport(office, file, { progress, status, rejected }).finally(() => {
          button.disabled = false;
        });
      },
    },
    t('office.import.start'),
  );
  return h(
    'div',
    { class: 'import' },
    h('h3', null, t('office.import.title')),
    h('p', { class: 'hint' }, t('office.import.lead')),
    field(t('office.import.file'), input),
    h('div', { class: 'actions' }, button),
    progress,
    status,
    rejected,
  );
}

async function runImport(
  office: Office,
  file: File,
  view: { progress: HTMLProgressElement; status: HTMLElement; rejected: HTMLElement },
): Promise<void> {
  view.rejected.replaceChildren();
  let rows: ImportRowBody[];
  try {
    const { text } = decodeText(new Uint8Array(await file.arrayBuffer()));
    const records = parseCsv(text, { delimiter: detectDelimiter(text) });
    const [header, ...data] = records;
    if (header === undefined) throw new Error(t('office.import.emptyFile'));
    const mapping = mapColumns(header.fields);
    if (mapping.missing.length > 0) {
      throw new Error(
        t('office.import.missingColumns', {
          columns: mapping.missing.map((name) => t(`office.import.column.${name}`)).join('、'),
        }),
      );
    }
    rows = data.map((record) => {
      // The cells the file has (性别, 证件号码, 技能特长… only when filled in), checked by the server per row.
      const { row: _row, ...cells } = rowFromFields(record.line, record.fields, mapping.columns);
      return { ...cells, line: record.line };
    });
  } catch (error) {
    view.status.textContent = error instanceof Error ? error.message : String(error);
    return;
  }
  const totals = { imported: 0, alreadyThere: 0, rejected: [] as { row: number; reason: string }[] };
  view.progress.hidden = false;
  view.progress.max = Math.max(1, rows.length);
  view.progress.value = 0;
  for (let start = 0; start < rows.length; start += IMPORT_CHUNK_ROWS) {
    const chunk = rows.slice(start, start + IMPORT_CHUNK_ROWS);
    view.status.textContent = t('office.import.progress', {
      done: formatNumber(start),
      total: formatNumber(rows.length),
    });
    try {
      const answer = await call<{
        imported: number;
        alreadyThere: number;
        rejected: { row: number; reason: string }[];
      }>('POST', '/volunteers/import', {
        body: { rows: chunk },
        retry: true,
        onRetry: () => office.shell.notify('info', t('error.NETWORK_RETRYING')),
      });
      totals.imported += answer.imported;
      totals.alreadyThere += answer.alreadyThere;
      totals.rejected.push(...answer.rejected);
    } catch (error) {
      office.onError(error);
      view.status.textContent = t('office.import.stopped', {
        done: formatNumber(start),
        total: formatNumber(rows.length),
      });
      showRejected(view.rejected, totals.rejected);
      return;
    }
    view.progress.value = Math.min(rows.length, start + chunk.length);
  }
  view.status.textContent = t('office.import.done', {
    imported: formatNumber(totals.imported),
    already: formatNumber(totals.alreadyThere),
    rejected: formatNumber(totals.rejected.length),
  });
  showRejected(view.rejected, totals.rejected);
  office.forget();
}

function showRejected(holder: HTMLElement, rejected: readonly { row: number; reason: string }[]): void {
  if (rejected.length === 0) {
    holder.replaceChildren();
    return;
  }
  show(
    holder,
    h('h4', null, t('office.import.rejectedTitle', { n: formatNumber(rejected.length) })),
    h(
      'table',
      { class: 'table' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { class: 'num' }, t('office.import.line')),
          h('th', null, t('office.import.reason')),
        ),
      ),
      h(
        'tbody',
        null,
        rejected
          .slice(0, 1000)
          .map((row) => h('tr', null, h('td', { class: 'num' }, String(row.row)), h('td', null, row.reason))),
      ),
    ),
  );
}

const groupedDigits = (digits: string): string => digits.replace(/(\d{4})(?=\d)/g, '$1 ');

/**
 * 爱心卡 to print for someone without a phone: the name (masked, in case it is lost), the number
 * in large digits and as a QR code (an activity's organiser scans it to sign them in; the counter
 * types or scans it, then asks the PIN, which is never printed). A page of its own, so printing
 * it prints nothing else.
 */
export function printCard(name: string, cardNumber: string): void {
  const masked =
    name.length <= 1
      ? name
      : name.length === 2
        ? `${name[0]}*`
        : `${name[0]}${'*'.repeat(name.length - 2)}${name.at(-1)}`;
  const sheet = window.open('', '_blank', 'width=480,height=640');
  if (sheet === null) return;
  const card = h(
    'section',
    { class: 'love-card', 'data-card': cardNumber },
    h('h1', null, t('office.volunteers.cardTitle')),
    h('p', { class: 'love-card-name' }, masked),
    qrSvg(cardNumber, t('office.volunteers.cardTitle')),
    h('p', { class: 'love-card-number' }, groupedDigits(cardNumber)),
    h('p', { class: 'love-card-hint' }, t('office.volunteers.cardHint')),
  );
  sheet.document.title = t('office.volunteers.cardTitle');
  const style = sheet.document.createElement('style');
  style.textContent = `body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;margin:0;padding:16px}
.love-card{box-sizing:border-box;width:85.6mm;max-width:100%;border:2px solid #b3261e;border-radius:12px;padding:12px;text-align:center}
.love-card h1{font-size:20px;color:#b3261e;margin:0 0 4px}.love-card svg{width:40mm;height:40mm}
.love-card-name{font-size:20px;margin:4px 0}.love-card-number{font-size:22px;letter-spacing:1px;font-weight:700;margin:4px 0}
.love-card-hint{font-size:14px;margin:4px 0 0}`;
  sheet.document.head.append(style);
  sheet.document.body.append(sheet.document.importNode(card, true));
  sheet.focus();
  sheet.print();
}
