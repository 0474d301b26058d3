import type { DisclosureSettings, HonourRollChoice } from '../../../shared/donations/contract/disclosure';
import { call } from '../platform/api';
import { h } from '../platform/dom';
import { t } from '../platform/i18n';
import { type SavedCheckbox, savedCheckbox } from '../platform/saved-checkbox';

/**
 * A volunteer's choice to stay off the honour roll (光荣榜), saved as it changes: checked, the
 * monthly public notice leaves their (masked) name out of the honour roll and the draw's winners.
 * The volunteer sets it on their page; the office sets it for one who asks at the counter.
 */
export function honourRollChoiceBox(
  volunteerId: string,
  label: string,
  id: string,
  onError: (error: unknown) => void,
): SavedCheckbox {
  const path = `/volunteers/${encodeURIComponent(volunteerId)}/honour-roll`;
  return savedCheckbox({
    id,
    label,
    read: async () => (await call<HonourRollChoice>('GET', path)).optOut,
    write: async (optOut) => (await call<HonourRollChoice>('PUT', path, { body: { optOut } })).optOut,
    onError,
  });
}

/** 光荣榜 on the volunteer's page: one checkbox, "不在光荣榜上显示我的名字". */
export function honourRollChoiceSection(
  volunteerId: string,
  onError: (error: unknown) => void,
): { section: HTMLElement; load(): Promise<void> } {
  const choice = honourRollChoiceBox(volunteerId, t('honourRoll.optOut'), 'honour-roll-opt-out', onError);
  return {
    section: h(
      'section',
      { class: 'card', id: 'honour-roll' },
      h('h2', null, t('honourRoll.title')),
      choice.control,
      h('p', { class: 'hint' }, t('honourRoll.hint')),
      choice.status,
    ),
    load: () => choice.load(),
  };
}

/** 公示设置 for the county office: whether the monthly public notice shows the honour roll at all. */
export function disclosureSettingsBox(onError: (error: unknown) => void): SavedCheckbox {
  return savedCheckbox({
    id: 'disclosure-honour-roll',
    label: t('honourRoll.countyShows'),
    read: async () => (await call<DisclosureSettings>('GET', '/settings/disclosure')).honourRoll,
    write: async (honourRoll) =>
      (await call<DisclosureSettings>('PUT', '/settings/disclosure', { body: { honourRoll } })).honourRoll,
    onError,
  });
}
