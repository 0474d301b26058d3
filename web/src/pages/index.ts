import { loadConfig, type WebConfig } from '../platform/config';
import { h, show } from '../platform/dom';
import { t } from '../platform/i18n';
import { beginCognitoSignIn, completeCognitoSignIn } from '../platform/pkce';
import {
  claimsOf,
  homeOf,
  type Role,
  readSession,
  type Session,
  safeNext,
  saveSession,
} from '../platform/session';
import { mountShell, signOut } from '../platform/shell';

/**
 * `/`: sign-in. In AWS it sends the browser to Cognito's hosted UI (authorization code + PKCE)
 * and finishes the exchange when Cognito sends it back here; locally it lists the seeded demo
 * users, and one tap signs in as one of them.
 */
interface DemoUser {
  sub: string;
  label: string;
  groups: Role[];
}

const shell = mountShell('signin.title', undefined);
const params = new URLSearchParams(location.search);
const next = safeNext(params.get('next'));

function go(session: Session): void {
  const role = session.claims.groups[0];
  location.replace(next ?? (role === undefined ? '/' : homeOf(role)));
}

function roleBadge(role: Role): HTMLElement {
  return h('span', { class: `badge badge-${role}` }, t(`role.${role}`));
}

function signedInCard(session: Session): HTMLElement {
  return h(
    'section',
    { class: 'card' },
    h('p', { class: 'lead' }, t('signin.already', { who: session.label ?? session.claims.sub })),
    h(
      'button',
      { type: 'button', class: 'button primary big', onclick: () => go(session) },
      t('signin.continue'),
    ),
    h('button', { type: 'button', class: 'button', onclick: () => signOut(session) }, t('signin.switch')),
  );
}

async function localSignIn(config: WebConfig, user: DemoUser, button: HTMLButtonElement): Promise<void> {
  button.disabled = true;
  try {
    const answer = await fetch('/local/demo-sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sub: user.sub }),
    });
    if (!answer.ok) throw new Error(String(answer.status));
    const { token } = (await answer.json()) as { token: string };
    const claims = claimsOf(token);
    if (claims === undefined) throw new Error('bad token');
    const session: Session = { token, apiBase: config.apiBase, mode: 'local', label: user.label, claims };
    saveSession(session);
    go(session);
  } catch {
    shell.notify('error', t('signin.failed'));
    button.disabled = false;
  }
}

async function showLocal(config: WebConfig): Promise<void> {
  let users: DemoUser[];
  try {
    const answer = await fetch('/local/demo-users', { cache: 'no-store' });
    if (!answer.ok) throw new Error(String(answer.status));
    users = ((await answer.json()) as { users: DemoUser[] }).users;
  } catch {
    const why = config.missing === true ? t('signin.noConfig') : t('signin.demoOff');
    show(shell.main, h('section', { class: 'card' }, h('p', { class: 'lead' }, why)));
    return;
  }
  const existing = readSession();
  show(
    shell.main,
    existing === undefined ? null : signedInCard(existing),
    h(
      'section',
      { class: 'card' },
      h('h2', null, t('signin.demoTitle')),
      h('p', { class: 'hint' }, t('signin.demoHint')),
      h(
        'ul',
        { class: 'choice-list' },
        users.map((user) => {
          const button: HTMLButtonElement = h(
            'button',
            {
              type: 'button',
              class: 'choice',
              'data-sub': user.sub,
              onclick: () => void localSignIn(config, user, button),
            },
            h('span', { class: 'choice-label' }, user.label),
            user.groups.map(roleBadge),
          );
          return h('li', null, button);
        }),
      ),
    ),
  );
}

async function showCognito(config: WebConfig): Promise<void> {
  const cognito = config.cognito;
  if (cognito === undefined) return;
  if (params.has('code')) {
    show(shell.main, h('p', { class: 'lead loading' }, t('signin.finishing')));
    try {
      const done = await completeCognitoSignIn(cognito, config.apiBase, params);
      saveSession(done.session);
      const role = done.session.claims.groups[0];
      if (role === undefined) {
        show(shell.main, h('section', { class: 'card' }, h('p', { class: 'lead' }, t('signin.noRole'))));
        return;
      }
      location.replace(safeNext(done.next ?? null) ?? homeOf(role));
      return;
    } catch {
      history.replaceState(null, '', '/');
      shell.notify('error', t('signin.failed'));
    }
  } else if (params.has('error')) {
    shell.notify('error', t('signin.failed'));
  }
  const existing = readSession();
  const start = h(
    'button',
    {
      type: 'button',
      class: 'button primary big',
      onclick: () => {
        start.disabled = true;
        void beginCognitoSignIn(cognito, next);
      },
    },
    t('signin.button'),
  );
  show(
    shell.main,
    existing === undefined ? null : signedInCard(existing),
    h('section', { class: 'card' }, h('p', { class: 'lead' }, t('signin.intro')), start),
  );
}

async function main(): Promise<void> {
  const config = await loadConfig();
  if (params.get('reason') === 'expired') shell.notify('info', t('signin.expired'));
  if (config.banner !== undefined) shell.notify('info', config.banner);
  if (config.mode === 'cognito') await showCognito(config);
  else await showLocal(config);
}

void main();
