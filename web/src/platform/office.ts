import type { OrgView } from '../../../shared/people/contract/orgs';
import type { Store } from '../../../shared/stores/contract/stores';
import { call, isCode, isMissingRoute } from './api';
import { h, show } from './dom';
import { describeError } from './errors';
import { type MessageKey, t } from './i18n';
import type { Session } from './session';
import { type Shell, signInAgain } from './shell';

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

/** Runs a form's action with its submit button disabled (no double submits). */
export async function busy(form: HTMLFormElement, action: () => Promise<void>): Promise<void> {
  const buttons = Array.from(form.querySelectorAll<HTMLButtonElement>('button'));
  if (buttons.some((button) => button.disabled && button.type === 'submit')) return;
  for (const button of buttons) button.disabled = true;
  try {
    await action();
  } finally {
    for (const button of buttons) button.disabled = false;
  }
}
