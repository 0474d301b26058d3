import type { HonourRollChoice } from '../../../shared/donations/contract/disclosure';
import { call } from '../platform/api';
import { h } from '../platform/dom';
import { t } from '../platform/i18n';

/**
 * 光荣榜 on the volunteer's page: one checkbox, "不在光荣榜上显示我的名字". Checked, the monthly public
 * notice leaves their (masked) name out of the honour roll and the draw's winners. Disabled until
 * their current choice is read; on a failure the box goes back to what the server holds.
 */
export function honourRollChoiceSection(
  volunteerId: string,
  onError: (error: unknown) => void,
): { section: HTMLElement; load(): Promise<void> } {
  const path = `/volunteers/${encodeURIComponent(volunteerId)}/honour-roll`;
  const box: HTMLInputElement = h('input', { type: 'checkbox', id: 'honour-roll-opt-out', disabled: true });
  const status = h('p', { class: 'hint', id: 'honour-roll-status', 'aria-live': 'polite' });
  const paint = (choice: HonourRollChoice) => {
    box.checked = choice.optOut;
    box.disabled = false;
  };
  box.addEventListener('change', () => {
    const optOut = box.checked;
    box.disabled = true;
    status.textContent = '';
    call<HonourRollChoice>('PUT', path, { body: { optOut } })
      .then((choice) => {
        paint(choice);
        status.textContent = t('common.saved');
      })
      .catch((error: unknown) => {
        box.checked = !optOut;
        box.disabled = false;
        onError(error);
      });
  });
  const section = h(
    'section',
    { class: 'card', id: 'honour-roll' },
    h('h2', null, t('honourRoll.title')),
    h('label', { class: 'radio' }, box, t('honourRoll.optOut')),
    h('p', { class: 'hint' }, t('honourRoll.hint')),
    status,
  );
  return {
    section,
    async load() {
      try {
        paint(await call<HonourRollChoice>('GET', path));
      } catch (error) {
        onError(error);
      }
    },
  };
}
