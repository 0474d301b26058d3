import type { VolunteerSearchResult } from '../../../shared/people/contract/volunteers';
import { call } from '../platform/api';
import { h, show } from '../platform/dom';
import { describeError } from '../platform/errors';
import { type MessageKey, t } from '../platform/i18n';
import {
  initialSearch,
  reduceSearch,
  type SearchEvent,
  type SearchSay,
  type SearchState,
  type VolunteerFound,
} from './search-state';

/**
 * 找志愿者: a search box for the office's forms. Staff type part of the name or the last digits of
 * the phone; each volunteer found is shown by name (masked), village and phone, with one button to
 * pick them. State in `search-state.ts`; this is its render and its one effect (the search).
 */
export interface PickerOptions {
  /** Prefix of the element ids, so two pickers on one page never clash. */
  id: string;
  /** The pick button's words (添加, 选择). */
  pickKey: MessageKey;
  onPick: (volunteer: VolunteerFound) => void;
  /** Volunteers already picked: their button is shown as done. */
  picked?: () => ReadonlySet<string>;
}

export const sayText = (say: SearchSay): string => ('key' in say ? t(say.key) : say.text);

/** "王*英 · 南庄村 · 138****0005": a person as a list shows them, never an id alone. */
export const foundLine = (volunteer: VolunteerFound): string =>
  t('office.search.line', { name: volunteer.name, org: volunteer.orgName, phone: volunteer.phone });

export function volunteerPicker(options: PickerOptions): { root: HTMLElement; refresh: () => void } {
  let state: SearchState = initialSearch;
  const input = h('input', {
    id: `${options.id}-q`,
    type: 'search',
    maxlength: 40,
    autocomplete: 'off',
    placeholder: t('office.search.placeholder'),
    'aria-label': t('office.search.label'),
  });
  const results = h('div', { class: 'picker-results', id: `${options.id}-results`, 'aria-live': 'polite' });
  const button = h('button', { type: 'submit', class: 'button' }, t('office.search.go'));
  const form = h(
    'form',
    { class: 'inline-form picker', id: `${options.id}-form`, role: 'search' },
    h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('office.search.label')), input),
    button,
  );

  const render = () => {
    button.disabled = state.phase === 'searching';
    const picked = options.picked?.() ?? new Set<string>();
    show(
      results,
      state.phase === 'searching' ? h('p', { class: 'loading' }, t('office.search.searching')) : null,
      state.problem === undefined
        ? null
        : h('p', { class: state.phase === 'failed' ? 'field-error' : 'hint' }, sayText(state.problem)),
      state.found.length === 0
        ? null
        : h(
            'ul',
            { class: 'found-list' },
            state.found.map((volunteer) =>
              h(
                'li',
                { 'data-volunteer': volunteer.id },
                h('span', { class: 'found-name' }, foundLine(volunteer)),
                ' ',
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'button',
                    disabled: picked.has(volunteer.id),
                    onclick: () => {
                      options.onPick(volunteer);
                      render();
                    },
                  },
                  picked.has(volunteer.id) ? t('office.search.picked') : t(options.pickKey),
                ),
              ),
            ),
          ),
      state.more ? h('p', { class: 'hint' }, t('office.search.more')) : null,
    );
  };

  const dispatch = (event: SearchEvent) => {
    state = reduceSearch(state, event);
    render();
  };

  input.addEventListener('input', () => dispatch({ type: 'typed', text: input.value }));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    dispatch({ type: 'typed', text: input.value });
    dispatch({ type: 'asked' });
    if (state.phase !== 'searching') return;
    const search = state.asked;
    call<VolunteerSearchResult>('GET', '/volunteers', { query: { q: state.text.trim() } }).then(
      (result) => dispatch({ type: 'answered', search, result }),
      (error: unknown) => dispatch({ type: 'failed', search, message: describeError(error) }),
    );
  });
  return { root: h('div', { class: 'volunteer-picker' }, form, results), refresh: render };
}
