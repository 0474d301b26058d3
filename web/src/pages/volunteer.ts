import type { LedgerPage } from '../../../shared/ledger/contract/ledger';
import { myActivities } from '../activities/mine/mount';
import { catalogueSection } from '../catalogue/section';
import { honourRollChoiceSection } from '../donations/honour-roll-choice';
import { type LedgerEntry, ledgerRow } from '../ledger/ledger';
import { inboxSection } from '../messages/section';
import { call, isCode } from '../platform/api';
import { localDeadline } from '../platform/clock';
import { byId, h, show } from '../platform/dom';
import { describeError } from '../platform/errors';
import { formatSeconds, points, t } from '../platform/i18n';
import { qrSvg } from '../platform/qr';
import { mountShell, requireRole, type Shell, signInAgain } from '../platform/shell';
import { myCertificates } from '../records/my-certificates';
import { myRecordSection } from '../records/my-record';

/**
 * 志愿者: for a volunteer's own phone, often an elderly person's: large type, high contrast, few
 * controls. The balance, the code to show at the counter (a QR code that renews itself before it
 * expires, with a countdown), 我的活动 (扫码签到 at an activity's door, this month's activities to
 * sign up for, 本月服务时长: web/src/activities/mine) and the passbook (爱心存折) with the running
 * balance.
 */
const CODE_TTL_MAX_MS = 120_000;
/** Renew this long before the code expires, so the one on screen always has time left to scan. */
const RENEW_BEFORE_MS = 15_000;
const RETRY_AFTER_MS = 5_000;
const BALANCE_POLL_MS = 20_000;
const PAGE_SIZE = 20;

interface ShownCode {
  code: string;
  deadlineMs: number;
  renewAtMs: number;
}

const state = {
  volunteerId: '',
  code: undefined as ShownCode | undefined,
  fetchingCode: false,
  nextTryMs: 0,
  codeFailed: false,
  balance: undefined as number | undefined,
  balanceCheckedMs: 0,
  entries: [] as LedgerEntry[],
  nextCursor: null as string | null,
  loadingLedger: false,
};

let shell: Shell;
const base = () => `/volunteers/${encodeURIComponent(state.volunteerId)}`;

function onError(error: unknown): void {
  if (isCode(error, 'UNAUTHENTICATED')) shell.notify('error', describeError(error), signInAgain());
  else shell.notify('error', describeError(error));
}

async function renewCode(): Promise<void> {
  if (state.fetchingCode) return;
  state.fetchingCode = true;
  renderCodeStatus();
  let response: Response | undefined;
  try {
    const issued = await call<{ code: string; expiresAt: string }>('POST', `${base()}/code`, {
      retry: true,
      onResponse: (received) => {
        response = received;
      },
    });
    const deadlineMs = localDeadline(issued.expiresAt, response, CODE_TTL_MAX_MS);
    const ttl = deadlineMs - Date.now();
    state.code = {
      code: issued.code,
      deadlineMs,
      renewAtMs: deadlineMs - Math.min(RENEW_BEFORE_MS, ttl / 2),
    };
    state.codeFailed = false;
    renderCode();
    // A code may just have been spent at the counter: the balance may have moved.
    void loadBalance();
  } catch (error) {
    state.codeFailed = true;
    state.nextTryMs = Date.now() + RETRY_AFTER_MS;
    if (isCode(error, 'UNAUTHENTICATED', 'FORBIDDEN')) {
      state.nextTryMs = Number.POSITIVE_INFINITY;
      onError(error);
    }
  } finally {
    state.fetchingCode = false;
    renderCodeStatus();
  }
}

function renderCode(): void {
  const holder = byId('qr-holder');
  const code = state.code;
  if (code === undefined) {
    show(holder, h('p', { class: 'loading' }, t('common.loading')));
    return;
  }
  const qr = qrSvg(code.code, t('volunteer.qrLabel'));
  show(holder, qr);
  holder.dataset.code = code.code;
}

function renderCodeStatus(): void {
  const timer = document.getElementById('qr-timer');
  const holder = document.getElementById('qr-holder');
  if (timer === null || holder === null) return;
  const code = state.code;
  const now = Date.now();
  const expired = code === undefined || now >= code.deadlineMs;
  holder.classList.toggle('expired', code !== undefined && expired);
  if (code !== undefined && !expired) {
    timer.textContent = t('volunteer.renewsIn', { time: formatSeconds((code.renewAtMs - now) / 1000) });
    timer.className = 'qr-timer';
  } else if (state.codeFailed) {
    timer.textContent = t('error.NETWORK_RETRYING');
    timer.className = 'qr-timer warning';
  } else {
    timer.textContent = code === undefined ? t('common.loading') : t('volunteer.codeExpired');
    timer.className = 'qr-timer';
  }
}

async function loadBalance(): Promise<void> {
  try {
    const answer = await call<{ balance: number; held?: number }>('GET', `${base()}/balance`);
    const changed = state.balance !== undefined && state.balance !== answer.balance;
    state.balance = answer.balance;
    state.balanceCheckedMs = Date.now();
    byId('balance').textContent = points(answer.balance);
    // Points held for the mobile shop's trip today: spent at the van or back when it returns.
    const held = answer.held ?? 0;
    const heldLine = byId('balance-held');
    heldLine.hidden = held === 0;
    heldLine.textContent = held === 0 ? '' : t('volunteer.balanceHeld', { points: points(held) });
    if (changed) await loadLedger(true);
  } catch (error) {
    state.balanceCheckedMs = Date.now();
    if (state.balance === undefined) onError(error);
  }
}

async function loadLedger(fromStart: boolean): Promise<void> {
  if (state.loadingLedger) return;
  state.loadingLedger = true;
  try {
    const page = await call<LedgerPage>('GET', `${base()}/ledger`, {
      query: { limit: PAGE_SIZE, cursor: fromStart ? undefined : (state.nextCursor ?? undefined) },
    });
    state.entries = fromStart ? page.entries : [...state.entries, ...page.entries];
    state.nextCursor = page.nextCursor;
  } catch (error) {
    onError(error);
  } finally {
    state.loadingLedger = false;
    renderLedger();
  }
}

function renderLedger(): void {
  const panel = byId('passbook-list');
  show(
    panel,
    state.entries.length === 0
      ? h('p', { class: 'hint' }, state.loadingLedger ? t('common.loading') : t('volunteer.noEntries'))
      : h('ol', { class: 'passbook' }, state.entries.map(ledgerRow)),
    state.nextCursor === null
      ? null
      : h(
          'button',
          { type: 'button', class: 'button big', onclick: () => void loadLedger(false) },
          t('volunteer.more'),
        ),
  );
}

function tick(): void {
  const now = Date.now();
  const code = state.code;
  const due = code === undefined || now >= code.renewAtMs;
  if (due && !state.fetchingCode && now >= state.nextTryMs && document.visibilityState !== 'hidden') {
    void renewCode();
  }
  if (now - state.balanceCheckedMs >= BALANCE_POLL_MS && document.visibilityState !== 'hidden') {
    state.balanceCheckedMs = now;
    void loadBalance();
  }
  renderCodeStatus();
}

async function showName(): Promise<void> {
  try {
    const profile = await call<{ name: string }>('GET', base(), { retry: false });
    byId('hello').textContent = t('volunteer.hello', { name: profile.name });
    const who = document.getElementById('who');
    if (who !== null) who.textContent = profile.name;
  } catch {
    // The greeting without a name.
  }
}

async function main(): Promise<void> {
  const session = await requireRole(['volunteer'], 'volunteer.title');
  if (session === undefined) return;
  shell = mountShell('volunteer.title', session);
  document.body.classList.add('large-type');
  const volunteerId = session.claims.volunteerId;
  if (volunteerId === undefined) {
    show(shell.main, h('section', { class: 'card' }, h('p', { class: 'lead' }, t('volunteer.noVolunteer'))));
    return;
  }
  state.volunteerId = volunteerId;
  const activities = myActivities(volunteerId, onError);
  const inbox = inboxSection(volunteerId, onError);
  const certificates = myCertificates(volunteerId, onError);
  const record = myRecordSection(volunteerId, onError);
  const honourRoll = honourRollChoiceSection(volunteerId, onError);
  show(
    shell.main,
    h('p', { class: 'hello', id: 'hello' }, t('volunteer.helloPlain')),
    h(
      'section',
      { class: 'card balance-card' },
      h('h2', null, t('volunteer.balanceTitle')),
      h('p', { class: 'balance-figure', id: 'balance', 'aria-live': 'polite' }, '…'),
      h('p', { class: 'balance-held', id: 'balance-held', hidden: true }),
    ),
    h(
      'section',
      { class: 'card code-card' },
      h('h2', null, t('volunteer.codeTitle')),
      h('p', { class: 'hint' }, t('volunteer.codeHint')),
      h('div', { class: 'qr-holder', id: 'qr-holder' }),
      h('p', { class: 'qr-timer', id: 'qr-timer', 'aria-live': 'off' }),
      h(
        'button',
        {
          type: 'button',
          class: 'button big',
          id: 'renew-code',
          onclick: () => {
            state.nextTryMs = 0;
            void renewCode();
          },
        },
        t('volunteer.renewNow'),
      ),
    ),
    inbox.section,
    activities.sections,
    catalogueSection(() => state.balance, onError),
    h(
      'section',
      { class: 'card' },
      h('h2', null, t('volunteer.passbookTitle')),
      h('div', { id: 'passbook-list' }),
      h('a', { class: 'button big', href: '/passbook.html' }, t('volunteer.print')),
    ),
    record.section,
    certificates.section,
    honourRoll.section,
  );
  renderCode();
  renderLedger();
  setInterval(tick, 1000);
  document.addEventListener('visibilitychange', tick);
  state.balanceCheckedMs = Date.now();
  await Promise.all([
    renewCode(),
    loadBalance(),
    loadLedger(true),
    showName(),
    activities.start(),
    certificates.load(),
    record.load(),
    inbox.load(),
    honourRoll.load(),
  ]);
  document.body.dataset.ready = 'true';
}

void main();
