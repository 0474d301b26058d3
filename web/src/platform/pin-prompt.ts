import { PIN_DIGITS_MAX, PIN_DIGITS_MIN } from '../../../shared/identity/rules/devices';
import { h, show } from './dom';
import { t } from './i18n';
import type { PinAsk } from './session';

/**
 * The PIN a volunteer chose when their phone was activated, asked over whatever page is open when
 * the phone's sign-in needs renewing. "I forgot" signs the phone out here (a coordinator activates
 * it again); nothing else closes the question.
 */
const PIN_PATTERN = new RegExp(`^\\d{${PIN_DIGITS_MIN},${PIN_DIGITS_MAX}}$`);

export function askPin(ask: PinAsk): Promise<string | undefined> {
  return new Promise((resolve) => {
    const message = h('p', { class: 'warning', id: 'pin-message', role: 'alert' });
    const input = h('input', {
      id: 'pin-input',
      name: 'pin',
      type: 'password',
      inputmode: 'numeric',
      autocomplete: 'off',
      maxlength: PIN_DIGITS_MAX,
      class: 'big-digits',
      'aria-describedby': 'pin-message',
    });
    const forgotten = h(
      'div',
      { class: 'pin-forgotten', hidden: true },
      h('p', null, t('pin.forgottenHelp')),
      h(
        'button',
        { type: 'button', class: 'button', onclick: () => done(undefined) },
        t('pin.forgottenSignOut'),
      ),
    );
    const form = h(
      'form',
      { class: 'card pin-prompt', 'aria-labelledby': 'pin-title' },
      h('h2', { id: 'pin-title' }, t('pin.title')),
      h('p', { class: 'hint' }, t('pin.hint', { min: PIN_DIGITS_MIN, max: PIN_DIGITS_MAX })),
      h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('pin.label')), input),
      message,
      h('button', { type: 'submit', class: 'button primary big' }, t('pin.ok')),
      h(
        'button',
        {
          type: 'button',
          class: 'link-button',
          onclick: () => {
            forgotten.hidden = false;
          },
        },
        t('pin.forgotten'),
      ),
      forgotten,
    );
    const overlay = h(
      'div',
      { class: 'overlay', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'pin-title' },
      form,
    );
    if (ask.wrong) {
      message.textContent =
        ask.attemptsLeft === undefined ? t('pin.wrong') : t('pin.wrongLeft', { n: ask.attemptsLeft });
    }
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const pin = input.value.trim();
      if (!PIN_PATTERN.test(pin)) {
        show(message, t('pin.format', { min: PIN_DIGITS_MIN, max: PIN_DIGITS_MAX }));
        input.focus();
        return;
      }
      done(pin);
    });
    function done(pin: string | undefined): void {
      overlay.remove();
      resolve(pin);
    }
    document.body.append(overlay);
    input.focus();
  });
}
