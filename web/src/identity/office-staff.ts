import type { StaffMember } from '../../../shared/identity/contract/identity';
import {
  PASSWORD_LENGTH_MIN_SINGLE_FACTOR,
  PASSWORD_LENGTH_MIN_WITH_TOTP,
} from '../../../shared/identity/rules/passwords';
import { call, isCode } from '../platform/api';
import { h, show } from '../platform/dom';
import { formatDateTime, formatTime, type MessageKey, t } from '../platform/i18n';
import {
  busy,
  field,
  type Office,
  type Org,
  orgOptions,
  type Store,
  sectionFrame,
  showFailure,
} from '../platform/office';
import { qrSvg } from '../platform/qr';
import { problemOf } from './sign-in/effects';
import { passwordInput, passwordRefusalText } from './sign-in/render';
import { passwordRefusal } from './sign-in/state';
import {
  createRequest,
  firstPasswordProblem,
  STAFF_ROLES,
  type StaffFormProblem,
  type StaffRole,
  staffStatus,
  totpSecretOf,
  updateRequest,
} from './staff-form';

/**
 * 工作人员 (admins): the staff accounts. Create a counter clerk, coordinator or admin with a first
 * password (which they change at their first sign-in); change a member's name, roles, store or
 * organisation; set a new first password for one who forgot theirs (which also lifts a lock);
 * disable and enable. An admin's authenticator secret is shown once, as a QR code and as text.
 */
interface Lists {
  stores: readonly Store[];
  orgs: readonly Org[];
}

export function renderStaff(office: Office): HTMLElement {
  const { root, body } = sectionFrame('office.staff.title', 'office.staff.lead');
  root.id = 'staff';
  void load(office, body);
  return root;
}

function problemText(problem: StaffFormProblem, roles: readonly string[]): string {
  switch (problem) {
    case 'need-username':
      return t('signin.usernameFormat');
    case 'need-name':
      return t('office.staff.needName');
    case 'need-role':
      return t('office.staff.needRole');
    case 'need-store':
      return t('office.staff.needStore');
    case 'need-org':
      return t('office.staff.needOrg');
    default:
      return passwordRefusalText({ kind: problem, length: undefined }, roles.includes('admin'));
  }
}

/** The roles as checkboxes, with the store and organisation pickers each role needs beside them. */
function rolePickers(
  lists: Lists,
  current?: Pick<StaffMember, 'roles' | 'storeId' | 'orgId'>,
): { element: HTMLElement; roles(): StaffRole[]; storeId(): string; orgId(): string } {
  const boxes = STAFF_ROLES.map((role) =>
    h('input', {
      type: 'checkbox',
      name: 'roles',
      value: role,
      checked: current?.roles.includes(role) ?? role === 'counter',
    }),
  );
  const store = h(
    'select',
    { name: 'storeId' },
    h('option', { value: '' }, t('office.staff.chooseStore')),
    lists.stores.map((candidate) =>
      h(
        'option',
        { value: candidate.storeId, selected: candidate.storeId === current?.storeId },
        candidate.name,
      ),
    ),
  );
  const org = h(
    'select',
    { name: 'orgId' },
    h('option', { value: '' }, t('office.staff.chooseOrg')),
    orgOptions(lists.orgs, current?.orgId),
  );
  const storeField = field(t('office.staff.store'), store);
  const orgField = field(t('office.staff.org'), org);
  const roles = () => STAFF_ROLES.filter((_, index) => boxes[index]?.checked === true);
  const sync = () => {
    storeField.hidden = !roles().includes('counter');
    orgField.hidden = !roles().includes('coordinator');
  };
  for (const box of boxes) box.addEventListener('change', sync);
  sync();
  const element = h(
    'div',
    { class: 'role-pickers' },
    h(
      'fieldset',
      { class: 'roles' },
      h('legend', { class: 'field-label' }, t('office.staff.roles')),
      STAFF_ROLES.map((role, index) =>
        h('label', { class: 'radio' }, boxes[index], t(`office.staff.role.${role}` as MessageKey)),
      ),
    ),
    storeField,
    orgField,
  );
  return { element, roles, storeId: () => store.value, orgId: () => org.value };
}

/** The authenticator secret of an admin, once: QR code, the secret as text, and a button to close. */
function totpPanel(member: StaffMember): HTMLElement | null {
  if (member.totpUri === undefined) return null;
  const panel: HTMLElement = h(
    'div',
    { class: 'totp-panel card', id: 'totp-panel', role: 'region', 'aria-label': t('office.staff.totpTitle') },
    h('h3', null, t('office.staff.totpTitle')),
    h('p', null, t('office.staff.totpLead', { name: member.name })),
    h('div', { class: 'qr-holder' }, qrSvg(member.totpUri, t('office.staff.totpQr'))),
    h(
      'p',
      null,
      h('span', { class: 'field-label' }, `${t('office.staff.totpSecret')}：`),
      h('code', { class: 'mono totp-secret', id: 'totp-secret' }, totpSecretOf(member.totpUri) ?? ''),
    ),
    h(
      'button',
      { type: 'button', class: 'button primary', onclick: () => panel.remove() },
      t('office.staff.totpDone'),
    ),
  );
  return panel;
}

function scopeName(member: StaffMember, lists: Lists): string {
  const names: string[] = [];
  if (member.storeId !== undefined)
    names.push(lists.stores.find((store) => store.storeId === member.storeId)?.name ?? member.storeId);
  if (member.orgId !== undefined)
    names.push(lists.orgs.find((org) => org.orgId === member.orgId)?.name ?? member.orgId);
  return names.join('、');
}

function statusCell(member: StaffMember): HTMLElement {
  const status = staffStatus(member, new Date().toISOString());
  const text =
    status === 'locked'
      ? t('office.staff.locked', { time: formatTime(member.lockedUntil ?? '') })
      : t(`office.staff.status.${status}` as MessageKey);
  return h(
    'td',
    {
      class: `staff-status status-${status}`,
      title: t('office.staff.updated', { at: formatDateTime(member.updatedAt) }),
    },
    text,
    member.totpEnabled ? h('span', { class: 'badge' }, t('office.staff.totp')) : null,
  );
}

async function load(office: Office, body: HTMLElement, shownOnce?: StaffMember): Promise<void> {
  let staff: StaffMember[];
  let lists: Lists;
  try {
    const [answer, stores, orgs] = await Promise.all([
      call<{ staff: StaffMember[] }>('GET', '/staff'),
      office.stores(),
      office.orgs(),
    ]);
    staff = answer.staff;
    lists = { stores, orgs };
  } catch (error) {
    showFailure(body, error);
    return;
  }
  const reload = (member?: StaffMember) => void load(office, body, member);
  const tbody = h('tbody');
  for (const member of staff) tbody.append(...memberRows(office, member, lists, reload));
  show(
    body,
    // An admin's authenticator secret, right after it was made: shown this once.
    shownOnce === undefined ? null : totpPanel(shownOnce),
    staff.length === 0
      ? h('p', { class: 'hint' }, t('office.staff.none'))
      : h(
          'table',
          { class: 'table staff-table', id: 'staff-list' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', null, t('office.staff.username')),
              h('th', null, t('office.staff.name')),
              h('th', null, t('office.staff.roles')),
              h('th', null, t('office.staff.scope')),
              h('th', null, t('office.staff.status')),
              h('th', null, t('common.actions')),
            ),
          ),
          tbody,
        ),
    createForm(office, lists, (created) => {
      office.shell.notify(
        'ok',
        t('office.staff.created', { name: created.name, username: created.username }),
      );
      reload(created.totpUri === undefined ? undefined : created);
    }),
  );
  body.querySelector('#totp-panel')?.scrollIntoView({ block: 'nearest' });
}

/** What went wrong with a staff form, in the form's own words. */
function errorText(error: unknown, roles: readonly string[]): string {
  const problem = problemOf(error);
  if (problem.code === 'VALIDATION_FAILED') {
    const refusal = passwordRefusal(problem);
    if (refusal.kind !== 'other') return passwordRefusalText(refusal, roles.includes('admin'));
    const path = Array.isArray(problem.body.errors)
      ? String((problem.body.errors as { path?: unknown }[])[0]?.path ?? '')
      : '';
    if (path.endsWith('storeId')) return t('office.staff.needStore');
    if (path.endsWith('orgId')) return t('office.staff.needOrg');
  }
  if (problem.code === 'CONFLICT' && /username|用户名/.test(String(problem.body.detail ?? '')))
    return t('office.staff.usernameTaken');
  return problem.message;
}

/** Shows a refusal in the form (and the sign-in action at the top when the session has ended). */
function refused(office: Office, message: HTMLElement, error: unknown, roles: readonly string[]): void {
  if (isCode(error, 'UNAUTHENTICATED')) office.onError(error);
  say(message, errorText(error, roles));
}

type Reload = (shownOnce?: StaffMember) => void;

function memberRows(office: Office, member: StaffMember, lists: Lists, reload: Reload): HTMLElement[] {
  const self = member.userId === office.session.claims.sub;
  const editor = h('td', { colspan: 6 });
  const editorRow = h('tr', { class: 'staff-editor', hidden: true }, editor);
  const open = (content: HTMLElement) => {
    const same = !editorRow.hidden && editor.firstElementChild === content;
    show(editor, content);
    editorRow.hidden = same;
  };
  const toggle = () => {
    const disabling = !member.disabled;
    if (disabling) {
      open(confirmDisable(office, member, reload, () => (editorRow.hidden = true)));
      return;
    }
    void setDisabled(office, member, false, reload);
  };
  const row = h(
    'tr',
    { 'data-username': member.username, class: member.disabled ? 'is-disabled' : undefined },
    h('td', { class: 'mono' }, member.username),
    h('td', null, member.name, self ? h('span', { class: 'hint' }, t('office.staff.you')) : null),
    h(
      'td',
      null,
      member.roles.map((role) =>
        h('span', { class: `badge badge-${role}` }, t(`office.staff.role.${role}` as MessageKey)),
      ),
    ),
    h('td', null, scopeName(member, lists)),
    statusCell(member),
    h(
      'td',
      null,
      h(
        'div',
        { class: 'row-actions' },
        h(
          'button',
          {
            type: 'button',
            class: 'link-button',
            'data-action': 'edit',
            onclick: () => open(editForm(office, member, lists, reload)),
          },
          t('office.staff.edit'),
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'link-button',
            'data-action': 'reset',
            onclick: () => open(resetForm(office, member, reload)),
          },
          t('office.staff.resetPassword'),
        ),
        self
          ? null
          : h(
              'button',
              {
                type: 'button',
                class: 'link-button',
                'data-action': member.disabled ? 'enable' : 'disable',
                onclick: toggle,
              },
              member.disabled ? t('office.staff.enable') : t('office.staff.disable'),
            ),
      ),
    ),
  );
  return [row, editorRow];
}

function confirmDisable(
  office: Office,
  member: StaffMember,
  reload: () => void,
  cancel: () => void,
): HTMLElement {
  return h(
    'div',
    { class: 'confirm' },
    h('p', null, t('office.staff.confirmDisable', { name: member.name })),
    h(
      'button',
      {
        type: 'button',
        class: 'button danger',
        'data-action': 'confirm-disable',
        onclick: (event: Event) => {
          (event.currentTarget as HTMLButtonElement).disabled = true;
          void setDisabled(office, member, true, reload);
        },
      },
      t('office.staff.disable'),
    ),
    h('button', { type: 'button', class: 'button', onclick: cancel }, t('common.cancel')),
  );
}

async function setDisabled(
  office: Office,
  member: StaffMember,
  disabled: boolean,
  reload: () => void,
): Promise<void> {
  try {
    await call<StaffMember>('PUT', `/staff/${encodeURIComponent(member.userId)}`, { body: { disabled } });
    office.shell.notify(
      'ok',
      t(disabled ? 'office.staff.disabledNotice' : 'office.staff.enabledNotice', { name: member.name }),
    );
    reload();
  } catch (error) {
    office.onError(error);
  }
}

function formMessage(): HTMLElement {
  return h('p', { class: 'warning', role: 'alert', hidden: true });
}

function say(message: HTMLElement, text: string | undefined): void {
  message.hidden = text === undefined;
  message.textContent = text ?? '';
}

function editForm(office: Office, member: StaffMember, lists: Lists, reload: Reload): HTMLElement {
  const name = h('input', { name: 'name', required: true, maxlength: 50, value: member.name });
  const pickers = rolePickers(lists, member);
  const message = formMessage();
  const form = h(
    'form',
    { class: 'form-grid staff-edit' },
    h('h3', null, t('office.staff.editing', { name: member.name })),
    field(t('office.staff.name'), name),
    pickers.element,
    message,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'button primary' }, t('common.save')),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const made = updateRequest({
      name: name.value,
      roles: pickers.roles(),
      storeId: pickers.storeId(),
      orgId: pickers.orgId(),
    });
    if (!made.ok) {
      say(message, problemText(made.problem, pickers.roles()));
      return;
    }
    say(message, undefined);
    void busy(form, async () => {
      try {
        const saved = await call<StaffMember>('PUT', `/staff/${encodeURIComponent(member.userId)}`, {
          body: made.request,
        });
        office.shell.notify('ok', t('common.saved'));
        reload(saved.totpUri === undefined ? undefined : saved);
      } catch (error) {
        refused(office, message, error, pickers.roles());
      }
    });
  });
  return form;
}

function resetForm(office: Office, member: StaffMember, reload: Reload): HTMLElement {
  const password = passwordInput({
    name: 'password',
    required: true,
    autocomplete: 'new-password',
    id: `reset-${member.userId}`,
  });
  const message = formMessage();
  const form = h(
    'form',
    { class: 'form-grid staff-reset' },
    h('h3', null, t('office.staff.resetTitle', { name: member.name })),
    h('p', { class: 'hint' }, passwordHint()),
    field(t('office.staff.password'), password.row),
    message,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'button primary' }, t('office.staff.resetButton')),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const problem = firstPasswordProblem(password.input.value, member.username, member.roles);
    if (problem !== undefined) {
      say(message, problemText(problem, member.roles));
      return;
    }
    say(message, undefined);
    void busy(form, async () => {
      try {
        const saved = await call<StaffMember>(
          'POST',
          `/staff/${encodeURIComponent(member.userId)}/password`,
          {
            body: { password: password.input.value },
          },
        );
        office.shell.notify('ok', t('office.staff.resetDone', { name: member.name }));
        reload(saved.totpUri === undefined ? undefined : saved);
      } catch (error) {
        refused(office, message, error, member.roles);
      }
    });
  });
  return form;
}

const passwordHint = (): string =>
  t('office.staff.passwordHint', {
    min: PASSWORD_LENGTH_MIN_SINGLE_FACTOR,
    adminMin: PASSWORD_LENGTH_MIN_WITH_TOTP,
  });

function createForm(office: Office, lists: Lists, onCreated: (member: StaffMember) => void): HTMLElement {
  const username = h('input', {
    name: 'username',
    id: 'staff-username',
    required: true,
    maxlength: 32,
    autocomplete: 'off',
    autocapitalize: 'none',
    spellcheck: 'false',
    pattern: '[A-Za-z0-9._\\-]{3,32}',
  });
  const name = h('input', { name: 'name', id: 'staff-name', required: true, maxlength: 50 });
  const pickers = rolePickers(lists);
  const password = passwordInput({
    name: 'password',
    id: 'staff-password',
    required: true,
    autocomplete: 'new-password',
  });
  const message = formMessage();
  const form = h(
    'form',
    { class: 'form-grid', id: 'staff-form' },
    h('h3', null, t('office.staff.create')),
    field(t('office.staff.username'), username),
    h('p', { class: 'hint' }, t('office.staff.usernameHint')),
    field(t('office.staff.name'), name),
    pickers.element,
    field(t('office.staff.password'), password.row),
    h('p', { class: 'hint' }, passwordHint()),
    message,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'button primary' }, t('office.staff.createButton')),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const made = createRequest({
      username: username.value,
      name: name.value,
      roles: pickers.roles(),
      storeId: pickers.storeId(),
      orgId: pickers.orgId(),
      password: password.input.value,
    });
    if (!made.ok) {
      say(message, problemText(made.problem, pickers.roles()));
      return;
    }
    say(message, undefined);
    void busy(form, async () => {
      try {
        onCreated(await call<StaffMember>('POST', '/staff', { body: made.request }));
      } catch (error) {
        refused(office, message, error, made.request.roles);
      }
    });
  });
  return form;
}
