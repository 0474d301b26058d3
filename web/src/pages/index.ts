import { activationCard } from '../identity/activate';
import { isActivationAddress, tokenFromHash } from '../identity/activation';
import { signInEffects } from '../identity/sign-in/effects';
import { mountSignIn } from '../identity/sign-in/render';
import { initialState, reduce, type SignInEvent, type SignInState } from '../identity/sign-in/state';
import { sessions } from '../platform/api';
import { loadConfig, type WebConfig } from '../platform/config';
import { h } from '../platform/dom';
import { type MessageKey, t } from '../platform/i18n';
import {
  claimsOf,
  homeOf,
  landingOf,
  mustChangePassword,
  type Role,
  type Session,
  safeNext,
} from '../platform/session';
import { mountShell, type Shell, signOut } from '../platform/shell';

/**
 * `/`: sign-in. Staff type their username and password (admins add the authenticator's 6-digit
 * code); a member whose password an admin set chooses their own next. A volunteer's phone is
 * activated here too (`/activate#<token>` from a QR code, or the 6-digit code typed in, at
 * `/?activate`). Locally (`npm start`) the seeded demo users are listed below the form.
 */
interface DemoUser {
  sub: string;
  label: string;
  groups: Role[];
}

const params = new URLSearchParams(location.search);
const next = safeNext(params.get('next'));
const VOLUNTEER_HOME = homeOf('volunteer');

function roleBadge(role: Role): HTMLElement {
  return h('span', { class: `badge badge-${role}` }, t(`role.${role}` as MessageKey));
}

function signedInCard(session: Session): HTMLElement {
  return h(
    'section',
    { class: 'card sign-in-extra', id: 'signed-in' },
    h('p', { class: 'lead' }, t('signin.already', { who: session.label ?? session.claims.sub })),
    h(
      'button',
      {
        type: 'button',
        class: 'button primary big',
        onclick: () => location.replace(landingOf(session, next)),
      },
      t('signin.continue'),
    ),
    h('button', { type: 'button', class: 'button', onclick: () => void signOut() }, t('signin.switch')),
  );
}

function volunteerCard(): HTMLElement {
  return h(
    'section',
    { class: 'card sign-in-extra', id: 'volunteer-entry' },
    h('h2', null, t('signin.volunteerTitle')),
    h('p', { class: 'hint' }, t('signin.volunteerHint')),
    h('a', { class: 'button big', href: '/?activate', id: 'go-activate' }, t('signin.volunteerButton')),
  );
}

async function localSignIn(
  shell: Shell,
  config: WebConfig,
  user: DemoUser,
  button: HTMLButtonElement,
): Promise<void> {
  button.disabled = true;
  try {
    const answer = await fetch('/local/demo-sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sub: user.sub }),
    });
    if (!answer.ok) throw new Error(String(answer.status));
    const { token, expiresIn } = (await answer.json()) as { token: string; expiresIn?: number };
    const claims = claimsOf(token);
    if (claims === undefined) throw new Error('bad token');
    const session: Session = {
      token,
      apiBase: config.apiBase,
      mode: 'local',
      label: user.label,
      claims,
      ...(typeof expiresIn === 'number' ? { expiresAtMs: Date.now() + expiresIn * 1000 } : {}),
    };
    sessions.save(session);
    location.replace(landingOf(session, next));
  } catch {
    shell.notify('error', t('signin.failed'));
    button.disabled = false;
  }
}

/** The local stack's demo users, one tap each; nothing when the demo sign-in is off. */
async function demoCard(shell: Shell, config: WebConfig): Promise<HTMLElement | null> {
  let users: DemoUser[];
  try {
    const answer = await fetch('/local/demo-users', { cache: 'no-store' });
    if (!answer.ok) throw new Error(String(answer.status));
    users = ((await answer.json()) as { users: DemoUser[] }).users;
  } catch {
    return h('section', { class: 'card sign-in-extra' }, h('p', { class: 'hint' }, t('signin.demoOff')));
  }
  return h(
    'section',
    { class: 'card sign-in-extra', id: 'demo-users' },
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
            onclick: () => void localSignIn(shell, config, user, button),
          },
          h('span', { class: 'choice-label' }, user.label),
          user.groups.map(roleBadge),
        );
        return h('li', null, button);
      }),
    ),
  );
}

/** The sign-in form as a reducer (identity/sign-in): events reduced, painted, then followed. */
function staffSignIn(holder: HTMLElement, config: WebConfig, changing: Session | undefined): void {
  let state: SignInState = initialState;
  const paint = mountSignIn(holder, dispatch);
  const effects = signInEffects(config, dispatch, (session) => {
    location.replace(landingOf(session, next));
  });
  function dispatch(event: SignInEvent): void {
    const before = state;
    state = reduce(state, event);
    paint(state);
    // Choosing the new password is the only thing on the screen (no other cards to tap).
    document.body.classList.toggle('choosing-password', state.step.step !== 'credentials');
    effects.follow(event, before, state);
  }
  paint(state);
  if (changing?.user !== undefined) {
    dispatch({ type: 'changeNeeded', username: changing.username ?? '', user: changing.user });
  }
}

function showActivation(config: WebConfig): void {
  // The QR link's token is read once and taken out of the address (and so out of the history).
  const token = tokenFromHash(location.hash);
  if (location.hash !== '') history.replaceState(null, '', `${location.pathname}${location.search}`);
  const shell = mountShell('activate.pageTitle', undefined);
  shell.main.append(
    activationCard(config, { token, ended: false, next: VOLUNTEER_HOME }),
    h('p', { class: 'hint center' }, h('a', { href: '/', id: 'staff-link' }, t('activate.staffLink'))),
  );
  document.body.dataset.ready = 'true';
}

async function main(): Promise<void> {
  const config = await loadConfig();
  if (isActivationAddress(location.pathname, location.search)) {
    showActivation(config);
    return;
  }
  const shell = mountShell('signin.title', undefined);
  const reason = params.get('reason');
  const existing = sessions.read();
  if (config.banner !== undefined) shell.notify('info', config.banner);
  if (existing !== undefined && mustChangePassword(existing)) {
    // Signed in with a password an admin set: the member's own password comes first.
    staffSignIn(shell.main, config, existing);
    shell.main.append(
      h(
        'button',
        { type: 'button', class: 'link-button', onclick: () => void signOut() },
        t('signin.switch'),
      ),
    );
    document.body.dataset.ready = 'true';
    return;
  }
  // A volunteer's phone that was signed out is shown how to activate it again, first.
  const volunteerPhone = reason === 'expired' && next?.startsWith(VOLUNTEER_HOME) === true;
  if (reason === 'expired' && !volunteerPhone) shell.notify('info', t('signin.expired'));
  if (reason === 'signed-out') shell.notify('ok', t('signin.signedOut'));
  if (volunteerPhone) {
    shell.main.append(
      activationCard(config, { token: undefined, ended: true, next: next ?? VOLUNTEER_HOME }),
    );
  }
  if (existing !== undefined && !mustChangePassword(existing)) shell.main.append(signedInCard(existing));
  const staff = h('div', { id: 'staff-sign-in' });
  shell.main.append(staff);
  staffSignIn(staff, config, undefined);
  if (!volunteerPhone) shell.main.append(volunteerCard());
  // Residents need no account: asking for help (群众点单) and following it is one tap away.
  shell.main.append(
    h(
      'section',
      { class: 'card sign-in-extra', id: 'resident-link' },
      h('p', { class: 'lead' }, t('signin.residentLead')),
      h('a', { href: '/request.html', class: 'button big' }, t('signin.residentButton')),
    ),
  );
  // The monthly public notice (公示) is for anyone, with no account.
  shell.main.append(
    h(
      'section',
      { class: 'card sign-in-extra', id: 'disclosure-link' },
      h('p', { class: 'lead' }, t('signin.disclosureLead')),
      h('a', { href: '/disclosure.html', class: 'button big' }, t('signin.disclosureButton')),
    ),
  );
  if (config.mode === 'local') {
    const demo = await demoCard(shell, config);
    if (demo !== null) shell.main.append(demo);
  }
  document.body.dataset.ready = 'true';
}

void main();
