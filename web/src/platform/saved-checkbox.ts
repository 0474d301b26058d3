import { h } from './dom';
import { t } from './i18n';

/**
 * One setting as a checkbox saved the moment it changes: disabled until the current value is read,
 * disabled while saving, back to what the server holds when saving fails, and 已保存 said aloud.
 * The volunteer's own honour-roll choice, the office's for them, and the county's switch of the
 * honour roll are each one of these.
 */
export interface SavedCheckbox {
  /** The label with its box, and the polite status line under it. */
  readonly control: HTMLElement;
  readonly status: HTMLElement;
  /** Reads the current value and enables the box. */
  load(): Promise<void>;
}

export function savedCheckbox(options: {
  id: string;
  label: string;
  read: () => Promise<boolean>;
  /** Saves the value and answers what the server now holds. */
  write: (checked: boolean) => Promise<boolean>;
  onError: (error: unknown) => void;
}): SavedCheckbox {
  const box: HTMLInputElement = h('input', { type: 'checkbox', id: options.id, disabled: true });
  const status = h('p', { class: 'hint', id: `${options.id}-status`, 'aria-live': 'polite' });
  const paint = (checked: boolean) => {
    box.checked = checked;
    box.disabled = false;
  };
  box.addEventListener('change', () => {
    const checked = box.checked;
    box.disabled = true;
    status.textContent = '';
    options
      .write(checked)
      .then((held) => {
        paint(held);
        status.textContent = t('common.saved');
      })
      .catch((error: unknown) => {
        paint(!checked);
        options.onError(error);
      });
  });
  return {
    control: h('label', { class: 'radio' }, box, options.label),
    status,
    async load() {
      try {
        paint(await options.read());
      } catch (error) {
        options.onError(error);
      }
    },
  };
}
