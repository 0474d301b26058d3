import type { TokenResponse } from '../../../shared/identity/contract/identity';
import { callPublic } from '../platform/api';
import type { WebConfig } from '../platform/config';
import { h } from '../platform/dom';
import { t } from '../platform/i18n';
import { sessionFromTokens } from '../platform/session';
import {
  ACTIVATION_CODE_DIGITS,
  type ActivationRefusal,
  activationRefusal,
  isActivationCode,
  normalizeDigits,
  PIN_DIGITS_MAX,
  PIN_DIGITS_MIN,
  pinProblem,
} from './activation';
import { adopt, problemOf } from './sign-in/effects';

/**
 * 激活手机: a volunteer's phone signs in once, with the QR link a coordinator shows (its token
 * arrives in the address after `#`) or the 6-digit code typed in, and stays signed in for months.
 * A name for the phone and a PIN are optional. Then the volunteer's own page opens.
 */
export interface ActivationOptions {
  /** The QR link's token, already taken out of the address. */
  token: string | undefined;
  /** This phone was signed out (revoked, too many wrong PINs, months unused): say so. */
  ended: boolean;
  /** Where to go once activated. */
  next: string;
}

function refusalText(refusal: ActivationRefusal, byLink: boolean): string {
  switch (refusal.kind) {
    case 'invalid':
      return byLink ? t('activate.linkInvalid') : t('activate.codeInvalid');
    case 'throttled':
      return t('activate.throttled', { n: Math.max(1, Math.ceil((refusal.seconds ?? 600) / 60)) });
    case 'device-name':
      return t('activate.nameInvalid');
    case 'network':
      return t('error.NETWORK');
    case 'other':
      return refusal.message;
  }
}

const field = (label: string, control: HTMLElement, hint?: string): HTMLElement =>
  h(
    'label',
    { class: 'field' },
    h('span', { class: 'field-label' }, label),
    control,
    hint === undefined ? null : h('span', { class: 'hint' }, hint),
  );

export function activationCard(config: WebConfig, options: ActivationOptions): HTMLElement {
  let token = options.token;
  const code = h('input', {
    id: 'activation-code',
    name: 'activation',
    inputmode: 'numeric',
    autocomplete: 'one-time-code',
    maxlength: 12,
    class: 'big-digits',
  });
  const codeField = h(
    'div',
    { id: 'activation-code-field', hidden: token !== undefined },
    field(t('activate.code', { n: ACTIVATION_CODE_DIGITS }), code, t('activate.codeHint')),
  );
  const fromLink = h(
    'p',
    { class: 'ok', id: 'activation-from-link', hidden: token === undefined },
    t('activate.fromLink'),
  );
  const deviceName = h('input', {
    id: 'device-name',
    name: 'deviceName',
    maxlength: 40,
    autocomplete: 'off',
    placeholder: t('activate.namePlaceholder'),
  });
  const pinProps = {
    type: 'password',
    inputmode: 'numeric',
    autocomplete: 'off',
    maxlength: PIN_DIGITS_MAX,
    class: 'big-digits',
  };
  const pin = h('input', { id: 'device-pin', name: 'pin', ...pinProps });
  const pinRepeat = h('input', { id: 'device-pin-repeat', name: 'pinRepeat', ...pinProps });
  const message = h('p', { class: 'warning', id: 'activation-message', role: 'alert', hidden: true });
  const submit = h(
    'button',
    { type: 'submit', class: 'button primary big', id: 'activation-submit' },
    t('activate.button'),
  );
  const say = (text: string | undefined) => {
    message.hidden = text === undefined;
    message.textContent = text ?? '';
  };

  const form = h(
    'form',
    { class: 'card activation', id: 'activation-form' },
    h('h2', null, t('activate.title')),
    options.ended ? h('p', { class: 'warning', id: 'activation-ended' }, t('activate.ended')) : null,
    h('p', { class: 'lead' }, t('activate.lead')),
    fromLink,
    codeField,
    h(
      'details',
      { class: 'activation-extras' },
      h('summary', null, t('activate.extras')),
      field(t('activate.name'), deviceName, t('activate.nameHint')),
      field(t('activate.pin', { min: PIN_DIGITS_MIN, max: PIN_DIGITS_MAX }), pin, t('activate.pinHint')),
      field(t('activate.pinRepeat'), pinRepeat),
    ),
    message,
    submit,
  );

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    const typed = normalizeDigits(code.value);
    const activation = token ?? typed;
    if (token === undefined && !isActivationCode(typed)) {
      say(t('activate.codeFormat', { n: ACTIVATION_CODE_DIGITS }));
      code.focus();
      return;
    }
    const pinValue = normalizeDigits(pin.value);
    const problem = pinProblem(pinValue, normalizeDigits(pinRepeat.value));
    if (problem !== undefined) {
      say(
        problem === 'format'
          ? t('activate.pinFormat', { min: PIN_DIGITS_MIN, max: PIN_DIGITS_MAX })
          : t('activate.pinMismatch'),
      );
      pin.focus();
      return;
    }
    const name = deviceName.value.trim();
    say(undefined);
    submit.disabled = true;
    submit.textContent = t('activate.working');
    void (async () => {
      try {
        const answer = await callPublic<TokenResponse>(config.apiBase, 'POST', '/auth/activate', {
          activation,
          ...(name === '' ? {} : { deviceName: name }),
          ...(pinValue === '' ? {} : { pin: pinValue }),
        });
        const session = sessionFromTokens(answer, { apiBase: config.apiBase, mode: config.mode }, Date.now());
        if (session === undefined) throw new Error('unreadable token answer');
        adopt(session);
        fromLink.hidden = true;
        codeField.hidden = true;
        message.hidden = false;
        message.className = 'ok';
        message.textContent = t('activate.done');
        location.replace(options.next);
      } catch (error) {
        const refusal = activationRefusal(problemOf(error));
        say(refusalText(refusal, token !== undefined));
        if (refusal.kind === 'invalid' && token !== undefined) {
          // The link was used or has expired: the code can still be typed, or a new link scanned.
          token = undefined;
          fromLink.hidden = true;
          codeField.hidden = false;
          code.focus();
        }
        submit.disabled = false;
        submit.textContent = t('activate.button');
      }
    })();
  });
  return form;
}
