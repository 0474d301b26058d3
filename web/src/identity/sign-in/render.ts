import { h } from '../../platform/dom';
import { formatTime, t } from '../../platform/i18n';
import {
  PASSWORD_LENGTH_MAX,
  type PasswordRefusal,
  passwordMinimum,
  type Refusal,
  type SignInEvent,
  type SignInState,
} from './state';

/**
 * The sign-in screen, drawn from the state: the username and password form (with the 6-digit code
 * once the server asks for it), then the member's own new password. Both forms are built once and
 * repainted in place, so nothing typed is lost when a message changes.
 */
export type Dispatch = (event: SignInEvent) => void;

/** A password input with a 显示/隐藏 button beside it (typing a long phrase on a phone is hard blind). */
export function passwordInput(props: Record<string, unknown>): { row: HTMLElement; input: HTMLInputElement } {
  const input = h('input', {
    type: 'password',
    class: 'password-input',
    autocapitalize: 'none',
    spellcheck: 'false',
    ...props,
  });
  const toggle: HTMLButtonElement = h(
    'button',
    {
      type: 'button',
      class: 'link-button show-password',
      'aria-pressed': 'false',
      'aria-controls': String(props.id ?? ''),
      onclick: () => {
        const showing = input.type === 'text';
        input.type = showing ? 'password' : 'text';
        toggle.setAttribute('aria-pressed', String(!showing));
        toggle.textContent = showing ? t('password.show') : t('password.hide');
      },
    },
    t('password.show'),
  );
  return { row: h('div', { class: 'password-row' }, input, toggle), input };
}

function minutes(seconds: number): number {
  return Math.max(1, Math.ceil(seconds / 60));
}

export function refusalText(refusal: Refusal, needTotp: boolean): string {
  switch (refusal.kind) {
    case 'wrong':
      return needTotp ? t('signin.wrongWithCode') : t('signin.wrong');
    case 'totp-required':
      return t('signin.totpRequired');
    case 'locked':
      if (refusal.until !== undefined && Number.isFinite(Date.parse(refusal.until)))
        return t('signin.locked', { time: formatTime(refusal.until) });
      return t('signin.lockedMinutes', { n: minutes(refusal.seconds ?? 900) });
    case 'throttled':
      return t('signin.throttled', { n: minutes(refusal.seconds ?? 60) });
    case 'username-format':
      return t('signin.usernameFormat');
    case 'network':
      return t('error.NETWORK');
    case 'other':
      return refusal.message;
  }
}

export function passwordRefusalText(refusal: PasswordRefusal, admin: boolean): string {
  switch (refusal.kind) {
    case 'too-short':
      return t('password.tooShort', { min: passwordMinimum(admin), n: refusal.length ?? 0 });
    case 'too-long':
      return t('password.tooLong', { max: PASSWORD_LENGTH_MAX });
    case 'weak':
      return t('password.weak');
    case 'contains-username':
      return t('password.containsUsername');
    case 'mismatch':
      return t('password.mismatch');
    case 'same':
      return t('password.same');
    case 'wrong-current':
      return t('password.wrongCurrent');
    case 'network':
      return t('error.NETWORK');
    case 'other':
      return refusal.message;
  }
}

const field = (label: string, control: HTMLElement, hint?: HTMLElement | null): HTMLElement =>
  h('label', { class: 'field' }, h('span', { class: 'field-label' }, label), control, hint ?? null);

/** Lays the sign-in out in `holder` once; the returned function repaints it from a state. */
export function mountSignIn(holder: HTMLElement, dispatch: Dispatch): (state: SignInState) => void {
  const username = h('input', {
    id: 'username',
    name: 'username',
    required: true,
    autocomplete: 'username',
    autocapitalize: 'none',
    spellcheck: 'false',
    maxlength: 32,
  });
  const password = passwordInput({
    id: 'password',
    name: 'password',
    required: true,
    autocomplete: 'current-password',
  });
  const totp = h('input', {
    id: 'totp',
    name: 'totp',
    inputmode: 'numeric',
    autocomplete: 'one-time-code',
    pattern: '[0-9]{6}',
    maxlength: 6,
    class: 'big-digits',
  });
  const totpField = h(
    'div',
    { id: 'totp-field', hidden: true },
    field(t('signin.totp'), totp, h('span', { class: 'hint' }, t('signin.totpHint'))),
  );
  const message = h('p', { class: 'warning', id: 'signin-message', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'button primary big', id: 'signin-submit' });
  const credentials = h(
    'form',
    { class: 'card', id: 'signin-form' },
    h('h2', null, t('signin.staffTitle')),
    h('p', { class: 'hint' }, t('signin.staffHint')),
    field(t('signin.username'), username),
    field(t('signin.password'), password.row),
    totpField,
    message,
    submit,
  );
  credentials.addEventListener('submit', (event) => {
    event.preventDefault();
    const code = totp.value.replace(/\s+/g, '');
    dispatch({
      type: 'submitted',
      username: username.value.trim(),
      // A password is sent exactly as typed: spaces are part of a phrase.
      password: password.input.value,
      totp: totpField.hidden || code === '' ? undefined : code,
    });
  });

  const current = passwordInput({
    id: 'current-password',
    name: 'currentPassword',
    autocomplete: 'current-password',
  });
  const currentField = h('div', { hidden: true }, field(t('password.current'), current.row));
  const fresh = passwordInput({
    id: 'new-password',
    name: 'newPassword',
    required: true,
    autocomplete: 'new-password',
    maxlength: PASSWORD_LENGTH_MAX * 2,
  });
  const repeat = passwordInput({
    id: 'repeat-password',
    name: 'repeatPassword',
    required: true,
    autocomplete: 'new-password',
    maxlength: PASSWORD_LENGTH_MAX * 2,
  });
  const rule = h('p', { class: 'hint', id: 'password-rule' });
  const changeMessage = h('p', { class: 'warning', id: 'password-message', role: 'alert', hidden: true });
  const changeSubmit = h('button', { type: 'submit', class: 'button primary big', id: 'password-submit' });
  const change = h(
    'form',
    { class: 'card', id: 'password-form', hidden: true },
    h('h2', null, t('password.title')),
    h('p', { class: 'lead' }, t('password.lead')),
    rule,
    currentField,
    field(t('password.new'), fresh.row),
    field(t('password.repeat'), repeat.row),
    changeMessage,
    changeSubmit,
  );
  change.addEventListener('submit', (event) => {
    event.preventDefault();
    dispatch({
      type: 'newPasswordSubmitted',
      password: fresh.input.value,
      repeat: repeat.input.value,
      current: currentField.hidden ? undefined : current.input.value,
    });
  });

  const done = h('p', { class: 'lead ok', id: 'signin-done', role: 'status', hidden: true });
  holder.append(credentials, change, done);

  let painted: SignInState | undefined;
  return (state) => {
    if (state === painted) return;
    const before = painted;
    painted = state;
    const step = state.step;
    credentials.hidden = step.step !== 'credentials';
    change.hidden = step.step !== 'new-password';
    done.hidden = step.step !== 'done';

    totpField.hidden = !state.needTotp;
    totp.required = state.needTotp;
    message.hidden = state.refusal === undefined;
    message.textContent = state.refusal === undefined ? '' : refusalText(state.refusal, state.needTotp);
    message.className = state.refusal?.kind === 'totp-required' ? 'notice-inline info' : 'warning';
    submit.disabled = state.sending && step.step === 'credentials';
    submit.textContent = submit.disabled ? t('signin.signingIn') : t('signin.button');
    if (state.needTotp && before?.needTotp === false) totp.focus();

    if (step.step === 'new-password') {
      rule.textContent = t('password.rule', { min: passwordMinimum(step.admin), max: PASSWORD_LENGTH_MAX });
      currentField.hidden = !step.askCurrent;
      current.input.required = step.askCurrent;
      changeMessage.hidden = state.passwordRefusal === undefined;
      changeMessage.textContent =
        state.passwordRefusal === undefined ? '' : passwordRefusalText(state.passwordRefusal, step.admin);
      changeSubmit.disabled = state.sending;
      changeSubmit.textContent = state.sending ? t('password.saving') : t('password.save');
      if (before?.step.step !== 'new-password') (step.askCurrent ? current.input : fresh.input).focus();
    }
    if (step.step === 'done') done.textContent = state.changed ? t('password.changed') : t('signin.success');
  };
}
