import type { Donation, IntakeRequest } from '../../../shared/donations/contract/donations';
import {
  DONOR_KINDS,
  DONOR_NAME_LENGTH_MAX,
  type DonorKind,
  INTAKE_KINDS,
  INTAKE_LINES_MAX,
  INVOICE_NUMBER_PATTERN,
  type IntakeKind,
} from '../../../shared/donations/rules/donation';
import { formatNumber, formatWrittenDate, type MessageKey, t } from '../platform/i18n';
import { MONEY_FEN_MAX, parseYuan, UNIT_VALUE_FEN_MAX, yuanText } from './money';

/**
 * 捐赠与采购 on the pages, as data (D2): the office's intake form (what it sends, checked before
 * sending, with its Idempotency-Key kept until an answer comes), the year's register (登记造册)
 * with the records made here merged in, a void asked, confirmed and sent with its own key, and a
 * donation in words (its donor, its goods, where they went). No DOM, network, timers or clock:
 * today's date and fresh keys arrive in events, made at the edge (office-donations.ts).
 */

export type { DonorKind, IntakeKind };
export { DONOR_KINDS, INTAKE_KINDS, INTAKE_LINES_MAX, INVOICE_NUMBER_PATTERN };

/** A donation as the API answers it; `donorKey` (one donor across donations) where the API gives one. */
export type DonationView = Donation & { readonly donorKey?: string };

export type Say =
  | { readonly key: MessageKey; readonly params?: Readonly<Record<string, string | number>> }
  | { readonly text: string };

export const sayText = (say: Say): string => ('key' in say ? t(say.key, say.params) : say.text);

/* ---------- limits: the donations rules' own; the platform's as numbers (a page takes values from pure rules only) ---------- */

export const DONOR_NAME_MAX = DONOR_NAME_LENGTH_MAX;
/** As NAME_LENGTH_MAX in shared/platform/limits.ts (a supplier's name). */
export const SUPPLIER_NAME_MAX = 100;
/** As REASON_LENGTH_MAX there (a note, a void's reason). */
export const NOTE_MAX = 500;
/** As STOCK_QUANTITY_MAX there. */
export const QUANTITY_MAX = 1_000_000;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const length = (text: string) => Array.from(text).length;
const halfWidth = (text: string) =>
  text.replace(/[０-９Ａ-Ｚａ-ｚ－]/g, (char) => String.fromCharCode(char.charCodeAt(0) - 0xfee0));

/* ---------- the intake form ---------- */

/** A goods line as typed: the item chosen, its quantity and its value per unit in yuan. */
export interface LineDraft {
  readonly sku: string;
  readonly qty: string;
  readonly unitValue: string;
}

/** The form's boxes as typed, read when it is sent. */
export interface IntakeDraft {
  readonly kind: IntakeKind;
  readonly donorKind: DonorKind;
  readonly donorName: string;
  readonly receivedOn: string;
  readonly storeId: string;
  readonly lines: readonly LineDraft[];
  /** A money gift, or a purchase's invoiced total, in yuan as typed. */
  readonly amount: string;
  readonly invoiceNumber: string;
  readonly supplier: string;
  readonly note: string;
}

/** Where a problem is shown: beside its box (named as the API names it), a line's, or above the button. */
export type IntakeField =
  | 'donor.name'
  | 'receivedOn'
  | 'storeId'
  | 'lines'
  | 'amountFen'
  | 'invoice.number'
  | 'invoice.supplier'
  | 'note'
  | 'form';

export interface IntakeProblem {
  readonly field: IntakeField;
  /** The goods line the problem is about (0-based), when it is about one. */
  readonly line?: number;
  readonly say: Say;
}

export interface IntakeForm {
  readonly key: string;
  /** editing; sending (out now); unknown (no answer came: only "send again", the same request). */
  readonly phase: 'editing' | 'sending' | 'unknown';
  readonly problems: readonly IntakeProblem[];
  /** The request out now, or to send again after no answer (with `key`). */
  readonly request: IntakeRequest | undefined;
}

/** Which boxes each kind shows (as the contract's SHAPE: what it needs, what it refuses). */
export const KIND_SHOWS: Readonly<
  Record<IntakeKind, { donor: boolean; store: boolean; lines: boolean; amount: boolean; invoice: boolean }>
> = {
  donation: { donor: true, store: true, lines: true, amount: false, invoice: false },
  money: { donor: true, store: false, lines: false, amount: true, invoice: false },
  purchase: { donor: false, store: true, lines: true, amount: true, invoice: true },
};

/** The value of typed goods lines in fen, or undefined while a line is not a number yet. */
export function linesValueFen(lines: readonly LineDraft[]): number | undefined {
  let total = 0;
  for (const line of lines) {
    const qty = readQuantity(line.qty);
    const unit = parseYuan(line.unitValue, UNIT_VALUE_FEN_MAX);
    if (typeof qty !== 'number' || typeof unit !== 'number') return undefined;
    total += qty * unit;
  }
  return total;
}

/** A quantity as typed (full-width digits forgiven): a whole number from 1, or 'invalid'. */
export function readQuantity(text: string): number | undefined | 'invalid' {
  const plain = halfWidth(text).trim();
  if (plain === '') return undefined;
  if (!/^\d{1,7}$/.test(plain)) return 'invalid';
  const qty = Number(plain);
  return qty < 1 || qty > QUANTITY_MAX ? 'invalid' : qty;
}

/** The problems the page finds before sending (the API checks the same again). */
export function intakeProblems(draft: IntakeDraft, today: string): IntakeProblem[] {
  const shows = KIND_SHOWS[draft.kind];
  const problems: IntakeProblem[] = [];
  if (shows.donor && draft.donorKind !== 'anonymous') {
    const name = draft.donorName.trim();
    if (name === '') problems.push({ field: 'donor.name', say: { key: 'donations.problem.donorName' } });
    else if (length(name) > DONOR_NAME_MAX)
      problems.push({
        field: 'donor.name',
        say: { key: 'donations.problem.tooLong', params: { n: DONOR_NAME_MAX } },
      });
  }
  if (!DATE.test(draft.receivedOn))
    problems.push({ field: 'receivedOn', say: { key: 'donations.problem.receivedOn' } });
  else if (draft.receivedOn > today)
    problems.push({ field: 'receivedOn', say: { key: 'donations.problem.future' } });
  if (shows.store && draft.storeId === '')
    problems.push({ field: 'storeId', say: { key: 'donations.problem.store' } });
  if (shows.lines) {
    if (draft.lines.length === 0)
      problems.push({ field: 'lines', say: { key: 'donations.problem.noLines' } });
    if (draft.lines.length > INTAKE_LINES_MAX)
      problems.push({
        field: 'lines',
        say: { key: 'donations.problem.manyLines', params: { n: INTAKE_LINES_MAX } },
      });
    const seen = new Set<string>();
    draft.lines.forEach((line, index) => {
      if (seen.has(line.sku))
        problems.push({ field: 'lines', line: index, say: { key: 'donations.problem.sameItem' } });
      seen.add(line.sku);
      if (typeof readQuantity(line.qty) !== 'number')
        problems.push({ field: 'lines', line: index, say: { key: 'donations.problem.qty' } });
      const unit = parseYuan(line.unitValue, UNIT_VALUE_FEN_MAX);
      if (unit === undefined)
        problems.push({ field: 'lines', line: index, say: { key: 'donations.problem.unitValueMissing' } });
      else if (unit === 'invalid')
        problems.push({
          field: 'lines',
          line: index,
          say: { key: 'donations.problem.unitValue', params: { max: yuanText(UNIT_VALUE_FEN_MAX) } },
        });
    });
  }
  if (shows.amount) {
    const amount = parseYuan(draft.amount, MONEY_FEN_MAX);
    // A purchase's amount left empty is the lines' total; a money gift needs its amount.
    const missing = amount === undefined && (draft.kind === 'money' || linesValueFen(draft.lines) === 0);
    if (missing) problems.push({ field: 'amountFen', say: { key: 'donations.problem.amountMissing' } });
    else if (amount === 'invalid' || amount === 0)
      problems.push({
        field: 'amountFen',
        say: { key: 'donations.problem.amount', params: { max: yuanText(MONEY_FEN_MAX) } },
      });
  }
  if (shows.invoice) {
    if (!INVOICE_NUMBER_PATTERN.test(halfWidth(draft.invoiceNumber).replace(/\s/g, '')))
      problems.push({ field: 'invoice.number', say: { key: 'donations.problem.invoiceNumber' } });
    const supplier = draft.supplier.trim();
    if (supplier === '')
      problems.push({ field: 'invoice.supplier', say: { key: 'donations.problem.supplier' } });
    else if (length(supplier) > SUPPLIER_NAME_MAX)
      problems.push({
        field: 'invoice.supplier',
        say: { key: 'donations.problem.tooLong', params: { n: SUPPLIER_NAME_MAX } },
      });
  }
  if (length(draft.note.trim()) > NOTE_MAX)
    problems.push({ field: 'note', say: { key: 'donations.problem.tooLong', params: { n: NOTE_MAX } } });
  return problems;
}

/** The request a checked draft makes: only the fields its kind takes, yuan as integer fen. */
export function intakeRequest(draft: IntakeDraft): IntakeRequest {
  const shows = KIND_SHOWS[draft.kind];
  const note = draft.note.trim().replace(/\s+/g, ' ');
  const lines = draft.lines.map((line) => ({
    sku: line.sku,
    qty: readQuantity(line.qty) as number,
    unitValueFen: parseYuan(line.unitValue, UNIT_VALUE_FEN_MAX) as number,
  }));
  const typed = parseYuan(draft.amount, MONEY_FEN_MAX);
  const amountFen = typeof typed === 'number' ? typed : linesValueFen(draft.lines);
  const name = draft.donorName.trim().replace(/\s+/g, ' ');
  return {
    kind: draft.kind,
    receivedOn: draft.receivedOn,
    ...(shows.store ? { storeId: draft.storeId } : {}),
    ...(shows.donor
      ? { donor: draft.donorKind === 'anonymous' ? { kind: 'anonymous' } : { kind: draft.donorKind, name } }
      : {}),
    ...(shows.lines ? { lines } : {}),
    ...(shows.amount && amountFen !== undefined ? { amountFen } : {}),
    ...(shows.invoice
      ? {
          invoice: {
            number: halfWidth(draft.invoiceNumber).replace(/\s/g, ''),
            supplier: draft.supplier.trim().replace(/\s+/g, ' '),
          },
        }
      : {}),
    ...(note === '' ? {} : { note }),
  } as IntakeRequest;
}

/* ---------- the section: the form, the register, a void ---------- */

export interface RegisterList {
  readonly year: string;
  /** loading; ready; failed (shown, with retry); unavailable (the register is not served yet). */
  readonly phase: 'loading' | 'ready' | 'failed' | 'unavailable';
  readonly donations: readonly DonationView[];
}

export interface Voiding {
  readonly donationId: string;
  /** asking (the reason box); confirming (确认作废?); sending; unknown (no answer: send again). */
  readonly phase: 'asking' | 'confirming' | 'sending' | 'unknown';
  readonly reason: string;
  readonly key: string;
  readonly problem: Say | undefined;
}

export interface DonationsState {
  readonly intake: IntakeForm;
  readonly register: RegisterList;
  /** Records made or voided on this page, newest answer kept: shown even before the register has them. */
  readonly known: readonly DonationView[];
  /** The one just recorded, whose receipt number the page shows with its print links. */
  readonly lastRecorded: DonationView | undefined;
  readonly voiding: Voiding | undefined;
}

export type DonationsEvent =
  | { readonly type: 'intakeSubmitted'; readonly draft: IntakeDraft; readonly today: string }
  | { readonly type: 'intakeRecorded'; readonly donation: DonationView; readonly nextKey: string }
  | { readonly type: 'intakeRefused'; readonly problems: readonly IntakeProblem[]; readonly nextKey: string }
  | { readonly type: 'intakeUnanswered' }
  | { readonly type: 'registerAsked'; readonly year: string }
  | { readonly type: 'registerLoaded'; readonly year: string; readonly donations: readonly DonationView[] }
  | { readonly type: 'registerFailed'; readonly year: string; readonly unavailable: boolean }
  | { readonly type: 'voidOpened'; readonly donationId: string; readonly key: string }
  | { readonly type: 'voidReasonGiven'; readonly reason: string }
  | { readonly type: 'voidConfirmed' }
  | { readonly type: 'voidCancelled' }
  | { readonly type: 'voided'; readonly donation: DonationView }
  | { readonly type: 'voidRefused'; readonly problem: Say; readonly nextKey: string }
  | { readonly type: 'voidUnanswered' };

export function initialDonations(key: string, year: string): DonationsState {
  return {
    intake: { key, phase: 'editing', problems: [], request: undefined },
    register: { year, phase: 'loading', donations: [] },
    known: [],
    lastRecorded: undefined,
    voiding: undefined,
  };
}

const remember = (known: readonly DonationView[], donation: DonationView): DonationView[] => [
  donation,
  ...known.filter((one) => one.donationId !== donation.donationId),
];

export function reduceDonations(state: DonationsState, event: DonationsEvent): DonationsState {
  switch (event.type) {
    case 'intakeSubmitted': {
      const intake = state.intake;
      if (intake.phase === 'sending') return state;
      // No answer came: the same request again, with the same key, whatever the boxes say now.
      if (intake.phase === 'unknown')
        return { ...state, intake: { ...intake, phase: 'sending', problems: [] } };
      const problems = intakeProblems(event.draft, event.today);
      if (problems.length > 0) return { ...state, intake: { ...intake, problems } };
      return {
        ...state,
        lastRecorded: undefined,
        intake: { ...intake, phase: 'sending', problems: [], request: intakeRequest(event.draft) },
      };
    }
    case 'intakeRecorded':
      if (state.intake.phase === 'editing') return state;
      return {
        ...state,
        intake: { key: event.nextKey, phase: 'editing', problems: [], request: undefined },
        known: remember(state.known, event.donation),
        lastRecorded: event.donation,
      };
    case 'intakeRefused':
      if (state.intake.phase !== 'sending') return state;
      return {
        ...state,
        intake: {
          key: event.nextKey,
          phase: 'editing',
          request: undefined,
          problems:
            event.problems.length > 0
              ? event.problems
              : [{ field: 'form', say: { key: 'donations.failed' } }],
        },
      };
    case 'intakeUnanswered':
      if (state.intake.phase !== 'sending') return state;
      return {
        ...state,
        intake: {
          ...state.intake,
          phase: 'unknown',
          problems: [{ field: 'form', say: { key: 'donations.unanswered' } }],
        },
      };
    case 'registerAsked':
      return { ...state, register: { year: event.year, phase: 'loading', donations: [] } };
    case 'registerLoaded':
      if (event.year !== state.register.year) return state;
      return { ...state, register: { year: event.year, phase: 'ready', donations: event.donations } };
    case 'registerFailed':
      if (event.year !== state.register.year) return state;
      return {
        ...state,
        register: { ...state.register, phase: event.unavailable ? 'unavailable' : 'failed' },
      };
    case 'voidOpened': {
      // A void still out (or unanswered) stays the one in hand: its key must not be lost.
      if (
        state.voiding !== undefined &&
        state.voiding.phase !== 'asking' &&
        state.voiding.phase !== 'confirming'
      )
        return state;
      const found = registerShown(state).find((one) => one.donationId === event.donationId);
      if (found === undefined || found.status !== 'recorded') return state;
      return {
        ...state,
        voiding: {
          donationId: event.donationId,
          phase: 'asking',
          reason: '',
          key: event.key,
          problem: undefined,
        },
      };
    }
    case 'voidReasonGiven': {
      const voiding = state.voiding;
      if (voiding === undefined || voiding.phase !== 'asking') return state;
      const reason = event.reason.trim().replace(/\s+/g, ' ');
      if (reason === '')
        return { ...state, voiding: { ...voiding, problem: { key: 'donations.void.needReason' } } };
      if (length(reason) > NOTE_MAX)
        return {
          ...state,
          voiding: { ...voiding, problem: { key: 'donations.problem.tooLong', params: { n: NOTE_MAX } } },
        };
      return { ...state, voiding: { ...voiding, reason, phase: 'confirming', problem: undefined } };
    }
    case 'voidConfirmed': {
      const voiding = state.voiding;
      if (voiding === undefined || (voiding.phase !== 'confirming' && voiding.phase !== 'unknown'))
        return state;
      return { ...state, voiding: { ...voiding, phase: 'sending', problem: undefined } };
    }
    case 'voidCancelled':
      if (state.voiding === undefined || state.voiding.phase === 'sending') return state;
      // Cancelling after no answer would lose the key of a void that may have happened: keep it.
      if (state.voiding.phase === 'unknown') return state;
      return { ...state, voiding: undefined };
    case 'voided':
      return {
        ...state,
        known: remember(state.known, event.donation),
        lastRecorded:
          state.lastRecorded?.donationId === event.donation.donationId ? event.donation : state.lastRecorded,
        voiding: undefined,
      };
    case 'voidRefused': {
      const voiding = state.voiding;
      if (voiding === undefined || voiding.phase !== 'sending') return state;
      return {
        ...state,
        voiding: { ...voiding, phase: 'asking', key: event.nextKey, problem: event.problem },
      };
    }
    case 'voidUnanswered': {
      const voiding = state.voiding;
      if (voiding === undefined || voiding.phase !== 'sending') return state;
      return {
        ...state,
        voiding: { ...voiding, phase: 'unknown', problem: { key: 'donations.unanswered' } },
      };
    }
  }
}

/** The China year (UTC+8) of an instant the API wrote. */
export const chinaYearOf = (instant: string): string =>
  new Date(Date.parse(instant) + 8 * 3600_000).toISOString().slice(0, 4);

/**
 * The register as shown: the year's records from the API with those made or voided here laid over
 * them (the newer answer wins), newest first; while the register cannot be read, those made here.
 */
export function registerShown(state: Pick<DonationsState, 'register' | 'known'>): DonationView[] {
  const byId = new Map<string, DonationView>();
  for (const one of state.register.donations) byId.set(one.donationId, one);
  for (const one of state.known) {
    if (chinaYearOf(one.recordedAt) === state.register.year) byId.set(one.donationId, one);
  }
  return [...byId.values()].sort((a, b) =>
    a.recordedAt === b.recordedAt
      ? b.donationId.localeCompare(a.donationId)
      : a.recordedAt < b.recordedAt
        ? 1
        : -1,
  );
}

/**
 * A refusal's problems where the form shows them: a field's beside it (the API's path, without
 * `body.`), a line's on its line, anything else (an item the store does not list) above the button.
 */
export function problemsOfIntakeRefusal(refusal: {
  readonly message: string;
  readonly fields: readonly { readonly path: string; readonly sentence: string }[];
}): IntakeProblem[] {
  const named: readonly IntakeField[] = [
    'donor.name',
    'receivedOn',
    'storeId',
    'amountFen',
    'invoice.number',
    'invoice.supplier',
    'note',
  ];
  const problems: IntakeProblem[] = refusal.fields.map((field) => {
    const path = field.path.replace(/^body\./, '');
    const line = /^lines\.(\d+)/.exec(path);
    if (line !== null) return { field: 'lines', line: Number(line[1]), say: { text: field.sentence } };
    const known = named.find((name) => path === name || path.startsWith(`${name}.`));
    return { field: known ?? 'form', say: { text: field.sentence } };
  });
  if (problems.length === 0) problems.push({ field: 'form', say: { text: refusal.message } });
  return problems;
}

/**
 * Why a void was refused, in words: goods already given out past what is on the shelf (OUT_OF_STOCK,
 * naming the item and what is left), else the page's sentence for the refusal.
 */
export function voidProblemOf(
  refusal: {
    readonly code: string;
    readonly sku?: unknown;
    readonly stock?: unknown;
    readonly sentence: string;
  },
  donation: Pick<DonationView, 'lines'> | undefined,
): Say {
  if (refusal.code !== 'OUT_OF_STOCK') return { text: refusal.sentence };
  const line = donation?.lines.find((one) => one.sku === refusal.sku);
  return typeof refusal.stock === 'number' && line !== undefined
    ? { key: 'donations.void.outOfStock', params: { item: line.name, stock: formatNumber(refusal.stock) } }
    : { key: 'donations.void.outOfStockPlain' };
}

/* ---------- a donation in words ---------- */

/** 捐赠物资, 捐款, 采购. */
export const kindWords = (kind: IntakeKind): string => t(`donations.kind.${kind}` as MessageKey);

/** 企业, 单位, 个人, 匿名. */
export const donorKindWords = (kind: DonorKind): string => t(`donations.donorKind.${kind}` as MessageKey);

/** Who gave (its name, or 匿名捐赠), or for a purchase who sold (the supplier). */
export function donorWords(donation: Pick<DonationView, 'kind' | 'donor' | 'invoice'>): string {
  if (donation.kind === 'purchase') return donation.invoice?.supplier ?? '';
  if (
    donation.donor === undefined ||
    donation.donor.kind === 'anonymous' ||
    donation.donor.name === undefined
  )
    return t('donations.anonymous');
  return donation.donor.name;
}

/** 大米 5kg × 20、食用油 5L × 10. */
export const goodsWords = (lines: readonly { readonly name: string; readonly qty: number }[]): string =>
  lines.map((line) => t('donations.goodsLine', { name: line.name, qty: formatNumber(line.qty) })).join('、');

/** A line of the register: number, date, donor, store (none for money), value in yuan, state. */
export function registerWords(
  donation: DonationView,
  storeName: (storeId: string) => string,
): {
  number: string;
  date: string;
  kind: string;
  donor: string;
  store: string;
  value: string;
  status: string;
} {
  return {
    number:
      donation.receiptNumber ?? (donation.kind === 'purchase' ? (donation.invoice?.number ?? '—') : '—'),
    date: formatWrittenDate(donation.receivedOn),
    kind: kindWords(donation.kind),
    donor: donorWords(donation),
    store: donation.storeId === undefined ? '' : storeName(donation.storeId),
    value: t('donations.yuan', { amount: yuanText(donation.valueFen) }),
    status: donation.status === 'voided' ? t('donations.status.voided') : t('donations.status.recorded'),
  };
}

/**
 * The donors' names already in the register, each once, newest first: offered as the name is typed,
 * so the same donor is written the same way and their gifts are one donor's in their report.
 */
export function knownDonorNames(donations: readonly Pick<DonationView, 'donor'>[]): string[] {
  const names: string[] = [];
  for (const donation of donations) {
    const name = donation.donor?.kind === 'anonymous' ? undefined : donation.donor?.name;
    if (name !== undefined && !names.includes(name)) names.push(name);
  }
  return names;
}

/** Whether a record prints a receipt and a thank-you letter: a donation or a money gift (a purchase has its invoice). */
export const hasReceipt = (donation: Pick<DonationView, 'kind' | 'receiptNumber'>): boolean =>
  donation.kind !== 'purchase' && donation.receiptNumber !== undefined;

/* ---------- where the goods went (捐赠去向) ---------- */

/** The figures the API answers for one donation or for a donor's all (docs/donations.md). */
export interface WhereWent {
  readonly received: number;
  readonly redeemed: readonly { storeId: string; sku: string; month: string; redeemed: number }[];
  readonly onShelf: readonly { storeId: string; sku: string; qty: number }[];
  readonly writeoff: number;
  readonly voided: number;
}

export interface WhereWentRows {
  /** Redeemed, by store then month (oldest first), with the goods named. */
  readonly redeemed: readonly { store: string; month: string; goods: string; units: number }[];
  readonly onShelf: readonly { store: string; goods: string; units: number }[];
  readonly redeemedUnits: number;
  readonly onShelfUnits: number;
}

/**
 * The report's lines as the donor reads them: each store by name, each item by the name on the
 * donation's lines (the sku when no line names it), one line per store and month.
 */
export function whereWentRows(
  report: WhereWent,
  itemName: (sku: string) => string,
  storeName: (storeId: string) => string,
): WhereWentRows {
  const grouped = new Map<
    string,
    { store: string; month: string; parts: Map<string, number>; units: number }
  >();
  const ordered = [...report.redeemed].sort((a, b) =>
    a.storeId === b.storeId
      ? a.month.localeCompare(b.month)
      : storeName(a.storeId).localeCompare(storeName(b.storeId), 'zh-CN'),
  );
  for (const line of ordered) {
    const key = `${line.storeId}\u0000${line.month}`;
    const group = grouped.get(key) ?? {
      store: storeName(line.storeId),
      month: line.month,
      parts: new Map<string, number>(),
      units: 0,
    };
    const name = itemName(line.sku);
    group.parts.set(name, (group.parts.get(name) ?? 0) + line.redeemed);
    group.units += line.redeemed;
    grouped.set(key, group);
  }
  const redeemed = [...grouped.values()].map((group) => ({
    store: group.store,
    month: group.month,
    goods: goodsWords([...group.parts].map(([name, qty]) => ({ name, qty }))),
    units: group.units,
  }));
  const onShelf = report.onShelf
    .filter((line) => line.qty > 0)
    .map((line) => ({ store: storeName(line.storeId), goods: itemName(line.sku), units: line.qty }))
    .sort((a, b) => a.store.localeCompare(b.store, 'zh-CN') || a.goods.localeCompare(b.goods, 'zh-CN'));
  return {
    redeemed,
    onShelf,
    redeemedUnits: report.redeemed.reduce((sum, line) => sum + line.redeemed, 0),
    onShelfUnits: onShelf.reduce((sum, line) => sum + line.units, 0),
  };
}

/** Item names from donations' lines (the names written when the goods came in). */
export function itemNamesOf(donations: readonly Pick<DonationView, 'lines'>[]): (sku: string) => string {
  const names = new Map<string, string>();
  for (const donation of donations) for (const line of donation.lines) names.set(line.sku, line.name);
  return (sku) => names.get(sku) ?? sku;
}
