import type { VolunteerFound, VolunteerSearchResult } from '../../../shared/people/contract/volunteers';
import { parseSearch } from '../../../shared/people/rules/volunteer-search';
import type { MessageKey } from '../platform/i18n';

/**
 * Finding a volunteer (找志愿者), as data (D2): what was typed, the search in flight and what it
 * found. A search is numbered, so a slow answer to an earlier search never replaces a later one.
 * The text is checked with the API's own rule (`parseSearch`) before anything is sent.
 */
export type { VolunteerFound };

export type SearchSay = { readonly key: MessageKey } | { readonly text: string };

export interface SearchState {
  readonly text: string;
  /** The number of the latest search asked for (0: none yet). */
  readonly asked: number;
  readonly phase: 'idle' | 'searching' | 'found' | 'failed';
  readonly found: readonly VolunteerFound[];
  readonly more: boolean;
  readonly problem: SearchSay | undefined;
}

export type SearchEvent =
  | { readonly type: 'typed'; readonly text: string }
  | { readonly type: 'asked' }
  | { readonly type: 'answered'; readonly search: number; readonly result: VolunteerSearchResult }
  | { readonly type: 'failed'; readonly search: number; readonly message: string };

export const initialSearch: SearchState = {
  text: '',
  asked: 0,
  phase: 'idle',
  found: [],
  more: false,
  problem: undefined,
};

/** Why the text cannot be searched, as a message; undefined when it can. */
export function searchTextProblem(text: string): SearchSay | undefined {
  if (text.trim() === '') return { key: 'office.search.empty' };
  const parsed = parseSearch(text);
  if (!('refused' in parsed)) return undefined;
  return /^[\d\s\-()+]+$/.test(text.trim())
    ? { key: 'office.search.digits' }
    : { key: 'office.search.unreadable' };
}

export function reduceSearch(state: SearchState, event: SearchEvent): SearchState {
  switch (event.type) {
    case 'typed':
      return { ...state, text: event.text };
    case 'asked': {
      const problem = searchTextProblem(state.text);
      if (problem !== undefined) return { ...state, phase: 'failed', problem, found: [], more: false };
      return { ...state, asked: state.asked + 1, phase: 'searching', problem: undefined };
    }
    case 'answered':
      if (event.search !== state.asked) return state;
      return {
        ...state,
        phase: 'found',
        found: event.result.volunteers,
        more: event.result.more,
        problem: event.result.volunteers.length === 0 ? { key: 'office.search.none' } : undefined,
      };
    case 'failed':
      if (event.search !== state.asked) return state;
      return { ...state, phase: 'failed', found: [], more: false, problem: { text: event.message } };
  }
}
