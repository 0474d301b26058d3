import type { Certificate, CertificateRequest } from '../../../shared/records/contract/certificates';
import { formatNumber, formatWrittenDate, type MessageKey, t } from '../platform/i18n';

/**
 * 志愿服务证明 on the pages, as data (D2): the volunteer's list and their one request being asked
 * (with its Idempotency-Key kept until an answer comes), the office's keys for its steps, and a
 * certificate in words (its state, its period, the sentence printed on it). No DOM, network, timers
 * or clock: today's date and fresh keys arrive in events, made at the edge (my-certificates.ts,
 * office-certificates.ts).
 */
export type { Certificate };

export type Say =
  | { readonly key: MessageKey; readonly params?: Readonly<Record<string, string | number>> }
  | { readonly text: string };

export const sayText = (say: Say): string => ('key' in say ? t(say.key, say.params) : say.text);

/** As `purpose` in the contract (HumanText max 60). */
export const PURPOSE_MAX = 60;

/* ---------- the volunteer's request ---------- */

/** What the ask form holds when it is sent: dates as YYYY-MM-DD, the purpose as typed. */
export interface AskValues {
  readonly from: string;
  readonly to: string;
  readonly purpose: string;
}

/** Where a problem is shown: beside its field, or above the form's button. */
export type AskField = 'from' | 'to' | 'purpose' | 'form';

export interface AskProblem {
  readonly field: AskField;
  readonly say: Say;
}

export type Listed =
  | { readonly status: 'loading' }
  | { readonly status: 'loaded'; readonly certificates: readonly Certificate[] }
  | { readonly status: 'failed'; readonly problem: Say };

export interface AskForm {
  readonly key: string;
  /** editing; sending (out now); unknown (no answer came: only "send again", the same request). */
  readonly phase: 'editing' | 'sending' | 'unknown';
  readonly problems: readonly AskProblem[];
  /** The request out now, or to send again after no answer (with `key`). */
  readonly request: CertificateRequest | undefined;
}

export interface MyCertificatesState {
  readonly volunteerId: string;
  readonly list: Listed;
  readonly ask: AskForm;
  /** 已提交… after a request went through, until the next one is sent. */
  readonly asked: Say | undefined;
}

export type MyCertificatesEvent =
  | { readonly type: 'listArrived'; readonly certificates: readonly Certificate[] }
  | { readonly type: 'listFailed'; readonly problem: Say }
  | { readonly type: 'askSubmitted'; readonly values: AskValues; readonly today: string }
  | { readonly type: 'asked'; readonly certificate: Certificate; readonly nextKey: string }
  | { readonly type: 'askRefused'; readonly problems: readonly AskProblem[]; readonly nextKey: string }
  | { readonly type: 'askUnanswered' };

export function initialMyCertificates(volunteerId: string, key: string): MyCertificatesState {
  return {
    volunteerId,
    list: { status: 'loading' },
    ask: { key, phase: 'editing', problems: [], request: undefined },
    asked: undefined,
  };
}

/** The form's dates at first: 1 January of this year to today (`today` as YYYY-MM-DD, China). */
export function defaultPeriod(today: string): { from: string; to: string } {
  return { from: `${today.slice(0, 4)}-01-01`, to: today };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The problems the page finds before sending (the API checks the same again). */
export function askProblems(values: AskValues, today: string): AskProblem[] {
  const problems: AskProblem[] = [];
  if (!DATE.test(values.from)) problems.push({ field: 'from', say: { key: 'certificates.needFrom' } });
  if (!DATE.test(values.to)) problems.push({ field: 'to', say: { key: 'certificates.needTo' } });
  else if (values.to > today) problems.push({ field: 'to', say: { key: 'certificates.toFuture' } });
  else if (DATE.test(values.from) && values.from > values.to)
    problems.push({ field: 'to', say: { key: 'certificates.toBeforeFrom' } });
  if (Array.from(values.purpose.trim()).length > PURPOSE_MAX)
    problems.push({ field: 'purpose', say: { key: 'certificates.purposeLong', params: { n: PURPOSE_MAX } } });
  return problems;
}

/** The request a form's values make: the purpose only when one is written. */
export function askRequest(volunteerId: string, values: AskValues): CertificateRequest {
  const purpose = values.purpose.trim().replace(/\s+/g, ' ');
  return { volunteerId, from: values.from, to: values.to, ...(purpose === '' ? {} : { purpose }) };
}

export function reduceMyCertificates(
  state: MyCertificatesState,
  event: MyCertificatesEvent,
): MyCertificatesState {
  switch (event.type) {
    case 'listArrived':
      return { ...state, list: { status: 'loaded', certificates: event.certificates } };
    case 'listFailed':
      // A list already shown stays; the problem goes to the page's notice.
      return state.list.status === 'loaded'
        ? state
        : { ...state, list: { status: 'failed', problem: event.problem } };
    case 'askSubmitted': {
      const ask = state.ask;
      if (ask.phase === 'sending') return state;
      // No answer came: the same request again, with the same key, whatever the boxes say now.
      if (ask.phase === 'unknown') return { ...state, ask: { ...ask, phase: 'sending', problems: [] } };
      const problems = askProblems(event.values, event.today);
      if (problems.length > 0) return { ...state, ask: { ...ask, problems } };
      return {
        ...state,
        asked: undefined,
        ask: { ...ask, phase: 'sending', problems: [], request: askRequest(state.volunteerId, event.values) },
      };
    }
    case 'asked': {
      if (state.ask.phase === 'editing') return state;
      const list: Listed =
        state.list.status === 'loaded'
          ? {
              status: 'loaded',
              certificates: [
                event.certificate,
                ...state.list.certificates.filter(
                  (one) => one.certificateId !== event.certificate.certificateId,
                ),
              ],
            }
          : state.list;
      return {
        ...state,
        list,
        ask: { key: event.nextKey, phase: 'editing', problems: [], request: undefined },
        asked: { key: 'certificates.asked' },
      };
    }
    case 'askRefused':
      if (state.ask.phase !== 'sending') return state;
      return {
        ...state,
        ask: {
          key: event.nextKey,
          phase: 'editing',
          request: undefined,
          problems:
            event.problems.length > 0
              ? event.problems
              : [{ field: 'form', say: { key: 'certificates.failed' } }],
        },
      };
    case 'askUnanswered':
      if (state.ask.phase !== 'sending') return state;
      return {
        ...state,
        ask: {
          ...state.ask,
          phase: 'unknown',
          problems: [{ field: 'form', say: { key: 'certificates.unanswered' } }],
        },
      };
  }
}

/**
 * A refusal's problems where the form shows them: a field's beside it (from, to, purpose), anything
 * else (no approved service in the period, three requests already waiting) above the button.
 */
export function problemsOfAskRefusal(refusal: {
  readonly message: string;
  readonly fields: readonly { readonly name: string; readonly sentence: string }[];
}): AskProblem[] {
  const problems: AskProblem[] = refusal.fields.map((field) => ({
    field: field.name === 'from' || field.name === 'to' || field.name === 'purpose' ? field.name : 'form',
    say: { text: field.sentence },
  }));
  if (problems.length === 0) problems.push({ field: 'form', say: { text: refusal.message } });
  return problems;
}

/* ---------- the office's steps ---------- */

/**
 * The office's keys, one per submission (开具 a certificate, 作废 another, 直接开具): made when it is
 * first sent, kept while no answer came (sending again is the same step), dropped once answered.
 */
export type StepKeys = Readonly<Record<string, string>>;

export function keyForStep(keys: StepKeys, purpose: string, fresh: string): { keys: StepKeys; key: string } {
  const kept = keys[purpose];
  if (kept !== undefined) return { keys, key: kept };
  return { keys: { ...keys, [purpose]: fresh }, key: fresh };
}

/** After a step: `answered` (done or refused) drops its key; no answer keeps it for the retry. */
export function stepSettled(keys: StepKeys, purpose: string, answered: boolean): StepKeys {
  if (!answered || keys[purpose] === undefined) return keys;
  const { [purpose]: _dropped, ...rest } = keys;
  return rest;
}

/** The purpose of a step on one certificate: its action and its id. */
export const stepPurpose = (action: 'issue' | 'refuse' | 'revoke', certificateId: string): string =>
  `${action}:${certificateId}`;

/* ---------- a certificate in words ---------- */

/** Its state: 等待办理, 已开具, 未通过：why, 已作废：why. */
export function certificateStatusText(certificate: Pick<Certificate, 'status' | 'reason'>): string {
  const words = t(`certificates.status.${certificate.status}` as MessageKey);
  return certificate.reason === undefined ||
    certificate.status === 'requested' ||
    certificate.status === 'issued'
    ? words
    : t('certificates.statusWithReason', { status: words, reason: certificate.reason });
}

/** 2026年1月1日 至 2026年12月3日. */
export const periodText = (certificate: Pick<Certificate, 'from' | 'to'>): string =>
  t('certificates.period', {
    from: formatWrittenDate(certificate.from),
    to: formatWrittenDate(certificate.to),
  });

/** 共 14 小时, or nothing before it is issued (the hours are fixed at issuance). */
export const hoursText = (certificate: Pick<Certificate, 'totalHours'>): string | undefined =>
  certificate.totalHours === undefined
    ? undefined
    : t('certificates.hours', { hours: formatNumber(certificate.totalHours) });

/** A line of the office's register: its number (or 待开具), the name, the period, the hours, the state. */
export function registerWords(certificate: Certificate): {
  number: string;
  name: string;
  period: string;
  hours: string | undefined;
  status: string;
} {
  return {
    number: certificate.number ?? t('office.certificates.notNumbered'),
    name: certificate.name,
    period: periodText(certificate),
    hours: hoursText(certificate),
    status: certificateStatusText(certificate),
  };
}

/** Which steps the office may take on it now (as CERTIFICATE_FLOW in shared/records/rules). */
export function stepsOffered(status: Certificate['status']): readonly ('issue' | 'refuse' | 'revoke')[] {
  if (status === 'requested') return ['issue', 'refuse'];
  if (status === 'issued') return ['revoke'];
  return [];
}

/** 兹证明 {name}（证件号 …）于 {from} 至 {to} 期间参加志愿服务，累计服务时长 {hours} 小时。 */
export function certificateSentence(
  certificate: Pick<Certificate, 'name' | 'idNumberMasked' | 'from' | 'to' | 'totalHours'>,
): string {
  return t('certificate.body', {
    name: certificate.name,
    id:
      certificate.idNumberMasked === undefined
        ? ''
        : t('certificate.idPart', { id: certificate.idNumberMasked }),
    from: formatWrittenDate(certificate.from),
    to: formatWrittenDate(certificate.to),
    hours: formatNumber(certificate.totalHours ?? 0),
  });
}

/** What the print page shows for a certificate that has no paper yet (waiting, or refused). */
export function notPrintable(
  certificate: Pick<Certificate, 'status' | 'reason' | 'number'>,
): Say | undefined {
  if (certificate.number !== undefined) return undefined;
  if (certificate.status === 'refused')
    return { key: 'certificate.refused', params: { reason: certificate.reason ?? '' } };
  return { key: 'certificate.notIssued' };
}
