import { currentSession, sessions } from './api';
import { byId, h, show } from './dom';
import { lang, type MessageKey, setLang, t } from './i18n';
import { goToSignIn, homeOf, mustChangePassword, type Role, type Session } from './session';

/**
 * The frame every page shares: a header with the page's name, who is signed in, the language
 * switch and sign-out; a notice line for messages (polite for news, assertive for errors); the
 * page's main area.
 */
export type NoticeKind = 'info' | 'ok' | 'error';

export interface NoticeAction {
  label: string;
  run: () => void;
}

export interface Shell {
  main: HTMLElement;
  notify(kind: NoticeKind, text: string, action?: NoticeAction): void;
  clearNotice(): void;
}

/** Signs out here and ends the session on the server (a shared phone is left signed out). */
export async function signOut(): Promise<void> {
  await sessions.signOut();
  location.assign('/?reason=signed-out');
}

export function languageButton(): HTMLButtonElement {
  const other = lang === 'en' ? 'zh-CN' : 'en';
  return h(
    'button',
    { type: 'button', class: 'link-button', lang: other, onclick: () => setLang(other) },
    t('shell.switchLanguage'),
  );
}

function roleLabel(session: Session): string {
  if (session.label !== undefined) return session.label;
  const role = session.claims.groups[0];
  return role === undefined ? session.claims.sub : t(`role.${role}` as MessageKey);
}

export function mountShell(titleKey: MessageKey, session: Session | undefined): Shell {
  document.title = `${t(titleKey)} · ${t('app.name')}`;
  document.documentElement.lang = lang;
  const notice = h('div', { id: 'notice', class: 'notice', hidden: true });
  const main = h('main', { id: 'main' });
  const header = h(
    'header',
    { class: 'top' },
    h('div', { class: 'brand' }, h('span', { class: 'logo', 'aria-hidden': 'true' }, '♥'), t('app.name')),
    h('h1', { class: 'page-title' }, t(titleKey)),
    h(
      'div',
      { class: 'top-actions' },
      session === undefined ? null : h('span', { class: 'who', id: 'who' }, roleLabel(session)),
      languageButton(),
      session === undefined
        ? null
        : h(
            'button',
            { type: 'button', class: 'link-button', onclick: () => void signOut() },
            t('shell.signOut'),
          ),
    ),
  );
  show(byId('app'), header, notice, main);

  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    main,
    notify(kind, text, action) {
      clearTimeout(timer);
      notice.hidden = false;
      notice.className = `notice notice-${kind}`;
      notice.setAttribute('role', kind === 'error' ? 'alert' : 'status');
      show(
        notice,
        h('span', { class: 'notice-text' }, text),
        action === undefined
          ? null
          : h('button', { type: 'button', class: 'button notice-action', onclick: action.run }, action.label),
      );
      // News fades; errors stay until the next message or a fix.
      if (kind !== 'error') {
        timer = setTimeout(() => {
          notice.hidden = true;
        }, 6000);
      }
    },
    clearNotice() {
      clearTimeout(timer);
      notice.hidden = true;
    },
  };
}

/**
 * The session for a page that needs one of `roles`; otherwise the browser goes to sign in (and
 * undefined comes back). A signed-in user with another role is told where their page is.
 */
export async function requireRole(
  roles: readonly Role[],
  titleKey: MessageKey,
): Promise<Session | undefined> {
  let session: Session | undefined;
  try {
    session = await currentSession();
  } catch {
    // No answer to the refresh (offline): the token we have is the best try; the calls will say.
    session = sessions.read();
  }
  if (session === undefined) {
    goToSignIn('expired');
    return undefined;
  }
  if (mustChangePassword(session)) {
    // The first password was an admin's: the member chooses their own before anything else.
    const next = `${location.pathname}${location.search}${location.hash}`;
    location.assign(`/?${new URLSearchParams({ change: '1', next }).toString()}`);
    return undefined;
  }
  if (!session.claims.groups.some((group) => roles.includes(group))) {
    const shell = mountShell(titleKey, session);
    const home = session.claims.groups[0];
    show(
      shell.main,
      h(
        'section',
        { class: 'card' },
        h('p', { class: 'lead' }, t('shell.wrongRole')),
        home === undefined
          ? null
          : h('a', { class: 'button primary', href: homeOf(home) }, t('shell.goHome')),
        h(
          'button',
          { type: 'button', class: 'button', onclick: () => void signOut() },
          t('shell.otherAccount'),
        ),
      ),
    );
    return undefined;
  }
  return session;
}

/** What to show for UNAUTHENTICATED: a button that signs in again and comes back. */
export const signInAgain = (): NoticeAction => ({
  label: t('shell.signInAgain'),
  run: () => goToSignIn('expired'),
});
