import type { ServiceRecord } from '../../../shared/earning/contract/service-records';
import type { MessageKey } from '../platform/i18n';

/**
 * 撤销记录: the county office reverses an approved service record with a reason, as data (D2).
 * One state per record card. The Idempotency-Key is made when the form opens and kept until an
 * answer comes: a double click, or sending again after no answer, takes the points back once.
 */
export const REASON_MAX = 500;

export type Say =
  | { readonly key: MessageKey; readonly params?: Readonly<Record<string, string | number>> }
  | { readonly text: string };

export interface ReverseState {
  readonly key: string;
  readonly reason: string;
  readonly phase: 'closed' | 'open' | 'sending' | 'unknown' | 'done';
  readonly problem: Say | undefined;
  /** What the reversal took back, once done. */
  readonly reversal: ServiceRecord | undefined;
}

export type ReverseEvent =
  | { readonly type: 'opened'; readonly key: string }
  | { readonly type: 'closed' }
  | { readonly type: 'reasonTyped'; readonly text: string }
  | { readonly type: 'submitted' }
  | { readonly type: 'answered'; readonly reversal: ServiceRecord }
  | { readonly type: 'refused'; readonly say: Say; readonly nextKey: string; readonly final?: boolean }
  | { readonly type: 'unanswered' };

export const closedReversal: ReverseState = {
  key: '',
  reason: '',
  phase: 'closed',
  problem: undefined,
  reversal: undefined,
};

/** Entries whose points were already spent: the reversal could not take them back. */
export const notTakenBack = (reversal: ServiceRecord): number =>
  reversal.entries.filter((entry) => entry.reversed === false).length;

export function reduceReverse(state: ReverseState, event: ReverseEvent): ReverseState {
  switch (event.type) {
    case 'opened':
      // Opening again keeps the key of a request that may have been carried out.
      if (state.phase !== 'closed') return state;
      return { ...state, key: state.key === '' ? event.key : state.key, phase: 'open', problem: undefined };
    case 'closed':
      return state.phase === 'open' ? { ...state, phase: 'closed', problem: undefined } : state;
    case 'reasonTyped':
      return state.phase === 'open' ? { ...state, reason: event.text } : state;
    case 'submitted': {
      if (state.phase === 'unknown') return { ...state, phase: 'sending', problem: undefined };
      if (state.phase !== 'open') return state;
      const reason = state.reason.trim();
      if (reason === '') return { ...state, problem: { key: 'office.records.needReason' } };
      if (Array.from(reason).length > REASON_MAX) {
        return { ...state, problem: { key: 'office.records.reasonLong', params: { n: REASON_MAX } } };
      }
      return { ...state, reason, phase: 'sending', problem: undefined };
    }
    case 'answered':
      return state.phase === 'sending'
        ? { ...state, phase: 'done', reversal: event.reversal, problem: undefined }
        : state;
    case 'refused':
      if (state.phase !== 'sending') return state;
      return {
        ...state,
        phase: event.final === true ? 'done' : 'open',
        key: event.nextKey,
        problem: event.say,
      };
    case 'unanswered':
      return state.phase === 'sending'
        ? { ...state, phase: 'unknown', problem: { key: 'office.records.unanswered' } }
        : state;
  }
}
