import type { AdjustmentRequest } from '../../../shared/ledger/contract/ledger';
import type { VolunteerFound } from '../../../shared/people/contract/volunteers';
import type { MessageKey } from '../platform/i18n';

/**
 * 积分调整: the county office credits or debits a volunteer's points by hand, with a reason, as
 * data (D2). The Idempotency-Key arrives in events (made at the edge, adjust.ts) and is kept for
 * the form: a double click or a resend after no answer is the same request, so points move once.
 * A definite refusal (a debit over the balance) hands in a fresh key, since the API keeps a
 * refusal under its key and the corrected form is another request.
 */
export const POINTS_MAX = 1_000_000_000;
export const REASON_MAX = 500;

export type Say =
  | { readonly key: MessageKey; readonly params?: Readonly<Record<string, string | number>> }
  | { readonly text: string };

export type AdjustField = 'volunteer' | 'points' | 'reason' | 'form';

export interface AdjustProblem {
  readonly field: AdjustField;
  readonly say: Say;
}

export interface AdjustState {
  readonly key: string;
  readonly volunteer: VolunteerFound | undefined;
  /** The balance read when the volunteer was picked (shown only; the API decides). */
  readonly balance: number | undefined;
  readonly direction: 'credit' | 'debit';
  readonly points: string;
  readonly reason: string;
  readonly phase: 'editing' | 'sending' | 'unknown' | 'done';
  readonly problems: readonly AdjustProblem[];
  readonly request: AdjustmentRequest | undefined;
  readonly balanceAfter: number | undefined;
}

export type AdjustEvent =
  | { readonly type: 'opened'; readonly key: string }
  | { readonly type: 'picked'; readonly volunteer: VolunteerFound }
  | { readonly type: 'balanceRead'; readonly volunteerId: string; readonly balance: number }
  | { readonly type: 'edited'; readonly field: 'direction' | 'points' | 'reason'; readonly value: string }
  | { readonly type: 'submitted' }
  | { readonly type: 'answered'; readonly balanceAfter: number }
  | { readonly type: 'refused'; readonly problems: readonly AdjustProblem[]; readonly nextKey: string }
  | { readonly type: 'unanswered' };

export function openedAdjustment(key: string): AdjustState {
  return {
    key,
    volunteer: undefined,
    balance: undefined,
    direction: 'credit',
    points: '',
    reason: '',
    phase: 'editing',
    problems: [],
    request: undefined,
    balanceAfter: undefined,
  };
}

/** Whole points as typed (full-width digits accepted); undefined when not a whole number. */
export function readPoints(text: string): number | undefined {
  const compact = text
    .normalize('NFKC')
    .trim()
    .replace(/[,，\s]/g, '');
  if (!/^\d{1,10}$/.test(compact)) return undefined;
  return Number(compact);
}

export function problemsOf(state: AdjustState): AdjustProblem[] {
  const problems: AdjustProblem[] = [];
  if (state.volunteer === undefined) {
    problems.push({ field: 'volunteer', say: { key: 'office.adjust.error.volunteer' } });
  }
  const points = readPoints(state.points);
  if (points === undefined || points < 1 || points > POINTS_MAX) {
    problems.push({ field: 'points', say: { key: 'office.adjust.error.points' } });
  }
  const reason = state.reason.trim();
  if (reason === '') problems.push({ field: 'reason', say: { key: 'office.adjust.error.reason' } });
  else if (Array.from(reason).length > REASON_MAX) {
    problems.push({
      field: 'reason',
      say: { key: 'office.adjust.error.reasonLong', params: { n: REASON_MAX } },
    });
  }
  return problems;
}

/** A refusal as plain data: its code, the sentence for it, and the balance a debit met. */
export interface AdjustRefusal {
  readonly code: string;
  readonly message: string;
  readonly balance: number | undefined;
}

export function problemsOfRefusal(refusal: AdjustRefusal, state: AdjustState): AdjustProblem[] {
  if (refusal.code === 'INSUFFICIENT_POINTS') {
    return [
      {
        field: 'points',
        say: {
          key: 'office.adjust.error.tooLow',
          params: {
            name: state.volunteer?.name ?? '',
            balance: refusal.balance ?? state.balance ?? 0,
            points: readPoints(state.points) ?? 0,
          },
        },
      },
    ];
  }
  if (refusal.code === 'NOT_FOUND') return [{ field: 'volunteer', say: { text: refusal.message } }];
  return [{ field: 'form', say: { text: refusal.message } }];
}

const editable = (state: AdjustState): boolean => state.phase === 'editing';

export function reduceAdjust(state: AdjustState, event: AdjustEvent): AdjustState {
  switch (event.type) {
    case 'opened':
      return openedAdjustment(event.key);
    case 'picked':
      if (!editable(state)) return state;
      return {
        ...state,
        volunteer: event.volunteer,
        balance: undefined,
        problems: state.problems.filter((problem) => problem.field !== 'volunteer'),
      };
    case 'balanceRead':
      if (state.volunteer?.id !== event.volunteerId) return state;
      return { ...state, balance: event.balance };
    case 'edited':
      if (!editable(state)) return state;
      if (event.field === 'direction') {
        // Another direction is another question: a refusal of the debit no longer stands.
        return {
          ...state,
          direction: event.value === 'debit' ? 'debit' : 'credit',
          problems: state.problems.filter((problem) => problem.field !== 'points'),
        };
      }
      return {
        ...state,
        [event.field]: event.value,
        problems: state.problems.filter((problem) => problem.field !== event.field),
      };
    case 'submitted': {
      if (state.phase === 'sending' || state.phase === 'done') return state;
      if (state.phase === 'unknown') return { ...state, phase: 'sending' };
      const problems = problemsOf(state);
      if (problems.length > 0) return { ...state, problems };
      return {
        ...state,
        phase: 'sending',
        problems: [],
        request: {
          direction: state.direction,
          points: readPoints(state.points) ?? 0,
          reason: state.reason.trim(),
        },
      };
    }
    case 'answered':
      if (state.phase !== 'sending') return state;
      return { ...state, phase: 'done', balanceAfter: event.balanceAfter, balance: event.balanceAfter };
    case 'refused':
      if (state.phase !== 'sending') return state;
      return { ...state, phase: 'editing', problems: event.problems, key: event.nextKey, request: undefined };
    case 'unanswered':
      if (state.phase !== 'sending') return state;
      return {
        ...state,
        phase: 'unknown',
        problems: [{ field: 'form', say: { key: 'office.adjust.unanswered' } }],
      };
  }
}
