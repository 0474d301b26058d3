import type { OrgView } from '../../../shared/people/contract/orgs';
import type { Store } from '../../../shared/stores/contract/stores';
import { call, isCode, isMissingRoute } from './api';
import { h, show } from './dom';
import { describeError } from './errors';
import { clearFieldProblems, fieldProblemsOf, showFieldProblems } from './field-problems';
import { type MessageKey, t } from './i18n';
import { ApiError } from './problem';
import type { Session } from './session';
import { errorOutlived, type Shell, signInAgain } from './shell';

export type Org = OrgView;
export type { Store };

/** What every section of the office page shares: who is signed in, messages, cached lists. */
export interface Office {
  session: Session;
  shell: Shell;
  isAdmin: boolean;
  orgs(): Promise<Org[]>;
  stores(): Promise<Store[]>;
  forget(): void;
  onError(error: unknown): void;
}

export function makeOffice(session: Session, shell: Shell): Office {
  let orgs: Promise<Org[]> | undefined;
  let stores: Promise<Store[]> | undefined;
  return {
    session,
    shell,
    isAdmin: session.claims.groups.includes('admin'),
    orgs() {
      orgs ??= call<{ orgs: Org[] }>('GET', '/orgs').then((answer) => answer.orgs);
      orgs.catch(() => {
        orgs = undefined;
      });
      return orgs;
    },
    stores() {
      stores ??= call<{ stores: Store[] }>('GET', '/stores').then((answer) => answer.stores);
      stores.catch(() => {
        stores = undefined;
      });
      return stores;
    },
    forget() {
      orgs = undefined;
      stores = undefined;
    },
    onError(error) {
      failedWhileBusy(error);
      if (isCode(error, 'UNAUTHENTICATED')) shell.notify('error', describeError(error), signInAgain());
      else shell.notify('error', describeError(error));
    },
  };
}

/** A section's frame: its title, an optional lead line, and its body. */
export function sectionFrame(
  titleKey: MessageKey,
  leadKey?: MessageKey,
): { root: HTMLElement; body: HTMLElement } {
  const body = h('div', { class: 'section-body' }, h('p', { class: 'loading' }, t('common.loading')));
  const root = h(
    'section',
    { class: 'card office-section' },
    h('h2', null, t(titleKey)),
    leadKey === undefined ? null : h('p', { class: 'hint' }, t(leadKey)),
    body,
  );
  return { root, body };
}

/** What a section shows when its data cannot be read: "not available yet" for a route not deployed. */
/** 加载更多: a button that removes itself and loads the next page. */
export function moreButton(loadNext: () => void): HTMLButtonElement {
  const more: HTMLButtonElement = h(
    'button',
    {
      type: 'button',
      class: 'button',
      onclick: () => {
        more.remove();
        loadNext();
      },
    },
    t('common.more'),
  );
  return more;
}

/** The organisation tree for a section, or undefined once the failure is shown in its body. */
export async function orgsOrFailure(office: Office, body: HTMLElement): Promise<Org[] | undefined> {
  try {
    return await office.orgs();
  } catch (error) {
    showFailure(body, error);
    return undefined;
  }
}

export function showFailure(body: HTMLElement, error: unknown): void {
  show(
    body,
    h(
      'p',
      { class: isMissingRoute(error) ? 'not-yet' : 'warning' },
      isMissingRoute(error) ? t('error.NOT_AVAILABLE_YET') : describeError(error),
    ),
  );
}

/** Options of an organisation <select>, indented by depth. */
export function orgOptions(orgs: readonly Org[], selected?: string): HTMLOptionElement[] {
  return orgs.map((org) =>
    h(
      'option',
      { value: org.orgId, selected: org.orgId === selected },
      `${'　'.repeat(Math.max(0, org.path.length - 1))}${org.name}`,
    ),
  );
}

/** A labelled form field. */
export function field(label: string, control: HTMLElement): HTMLElement {
  return h('label', { class: 'field' }, h('span', { class: 'field-label' }, label), control);
}

/** What an id (a store's, an item's) may hold: as `Id` in the contract. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
let idHints = 0;

/**
 * A labelled field for an id the office chooses (a barcode): it says under the box what
 * is allowed, and the browser's own refusal of anything else (汉字, spaces) says the same, in the
 * page's language, instead of its "match the requested format".
 */
export function idField(
  label: string,
  name: string,
  options: { optional?: boolean; hint?: string } = {},
): HTMLElement {
  idHints += 1;
  const hintId = `id-hint-${idHints}`;
  const inputId = `id-field-${idHints}`;
  const rule = t('fieldProblem.id');
  const input = h('input', {
    id: inputId,
    name,
    required: options.optional !== true,
    maxlength: 64,
    autocapitalize: 'off',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': hintId,
  });
  const check = () => {
    const value = input.value.trim();
    input.setCustomValidity(value === '' || ID_PATTERN.test(value) ? '' : `${label}${rule}。`);
  };
  input.addEventListener('input', check);
  input.addEventListener('change', check);
  // The rule under the box, outside its label: the box is named by the label, described by the rule.
  return h(
    'div',
    { class: 'field' },
    h('label', { class: 'field-label', for: inputId }, label),
    input,
    h('p', { class: 'hint field-hint', id: hintId }, options.hint ?? `${rule}。`),
  );
}

/** The forms whose action is under way, and whether an error was reported while it ran. */
const busyForms = new Map<HTMLFormElement, { failed: boolean }>();

/**
 * An error reported while forms are busy: its field errors go beside the fields they name, in
 * the busy form that has them, and that form's action counts as failed.
 */
function failedWhileBusy(error: unknown): void {
  if (busyForms.size === 0) return;
  const problems =
    error instanceof ApiError && error.code === 'VALIDATION_FAILED' ? fieldProblemsOf(error.body) : [];
  for (const [form, run] of busyForms) {
    if (problems.length === 0 || showFieldProblems(form, problems).length < problems.length) {
      run.failed = true;
      if (problems.length > 0) return;
    }
  }
}

/**
 * Runs a form's action with its submit button disabled (no double submits). The field errors of a
 * refusal reported through `office.onError` are shown beside their fields; when the action goes
 * through, they and an error notice from before it go away.
 */
export async function busy(form: HTMLFormElement, action: () => Promise<void>): Promise<void> {
  const buttons = Array.from(form.querySelectorAll<HTMLButtonElement>('button'));
  if (buttons.some((button) => button.disabled && button.type === 'submit')) return;
  for (const button of buttons) button.disabled = true;
  const since = Date.now();
  const run = { failed: false };
  busyForms.set(form, run);
  clearFieldProblems(form);
  try {
    await action();
    if (!run.failed) errorOutlived(since);
  } finally {
    busyForms.delete(form);
    for (const button of buttons) button.disabled = false;
  }
}
