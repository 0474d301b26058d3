import { type CallOutcome, currentSession, onCallOutcome, sessions } from './api';
import { byId, h, show } from './dom';
import { lang, type MessageKey, setLang, t } from './i18n';
import { keepScrollersReachable } from './scrollers';
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

/**
 * When an error notice goes (errors do not fade by themselves): at the next message, or once a
 * later try succeeds. `errorNoticeGoes` says whether a successful call ends the error shown: the
 * call that failed (same method and path) worked when tried again after it failed. A form that
 * was sent again and went through says so itself (`errorOutlived`).
 */
export interface ShownError {
  /** When the notice was shown (Date.now()). */
  at: number;
  /** The call whose failure it reported, if one had just failed. */
  about?: { method: string; path: string; failedAt: number };
}

/** A failure this recent when an error is shown is what the error is about. */
const ABOUT_WINDOW_MS = 2000;

export function errorNoticeGoes(shown: ShownError, outcome: CallOutcome): boolean {
  const { about } = shown;
  return (
    outcome.ok &&
    about !== undefined &&
    outcome.method === about.method &&
    outcome.path === about.path &&
    outcome.startedAt >= about.failedAt
  );
}

let lastFailure: { method: string; path: string; failedAt: number } | undefined;
onCallOutcome((outcome) => {
  if (!outcome.ok) lastFailure = { method: outcome.method, path: outcome.path, failedAt: Date.now() };
});

/** The page's shell, for `errorOutlived`. */
let clearStaleError: ((since: number) => void) | undefined;

/**
 * Something the user started at `since` (Date.now()) went through: an error shown before then is
 * out of date, and goes. Forms call this when they succeed (`busy` in office.ts does).
 */
export function errorOutlived(since: number): void {
  clearStaleError?.(since);
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
  // The notice line is a landmark of its own (what the page says), so nothing sits outside one.
  const noticeRegion = h('section', { class: 'notice-region', 'aria-label': t('shell.notices') }, notice);
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
  show(byId('app'), header, noticeRegion, main);
  keepScrollersReachable(main);

  let timer: ReturnType<typeof setTimeout> | undefined;
  let shownError: ShownError | undefined;
  const hide = () => {
    clearTimeout(timer);
    notice.hidden = true;
    shownError = undefined;
  };
  onCallOutcome((outcome) => {
    if (shownError !== undefined && errorNoticeGoes(shownError, outcome)) hide();
  });
  clearStaleError = (since) => {
    if (shownError !== undefined && shownError.at <= since) hide();
  };
  return {
    main,
    notify(kind, text, action) {
      clearTimeout(timer);
      const now = Date.now();
      shownError =
        kind !== 'error'
          ? undefined
          : lastFailure !== undefined && now - lastFailure.failedAt <= ABOUT_WINDOW_MS
            ? { at: now, about: lastFailure }
            : { at: now };
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
      hide();
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
