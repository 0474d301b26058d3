import { h } from './dom';
import { lang } from './i18n';

/**
 * Choosing a month as people write it: a list of "2026年12月", newest first, instead of the
 * browser's month box (which shows English month names on many phones, and a calendar grid
 * that is hard to hit). Its `value` is YYYY-MM like the month box's, so the code reading it does
 * not change; setting a month outside the list adds it.
 */
export interface MonthPickerOptions {
  id: string;
  /** The month shown first, YYYY-MM. */
  value: string;
  /** The latest month offered (default: a year after `value`). */
  max?: string;
  /** The earliest month offered (default: three years before `value`). */
  min?: string;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The month `delta` months from `month` (YYYY-MM). */
export function addMonths(month: string, delta: number): string {
  const found = MONTH.exec(month);
  if (found === null) return month;
  const index = Number(found[1]) * 12 + Number(found[2]) - 1 + delta;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

const monthFormat = new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', timeZone: 'UTC' });

/** "2026年12月" (in English "December 2026"). */
export function monthLabel(month: string): string {
  const found = MONTH.exec(month);
  if (found === null) return month;
  return monthFormat.format(new Date(Date.UTC(Number(found[1]), Number(found[2]) - 1, 15)));
}

/** The months from `max` back to `min`, newest first; bounded to 20 years. */
export function monthsBetween(min: string, max: string): string[] {
  const months: string[] = [];
  for (let month = max, count = 0; month >= min && count < 240; month = addMonths(month, -1), count += 1) {
    months.push(month);
  }
  return months;
}

/** A <select> of months labelled in the page's language; `value` reads and takes YYYY-MM. */
export function monthPicker(options: MonthPickerOptions): HTMLSelectElement {
  const max = options.max ?? addMonths(options.value, 12);
  const min = options.min ?? addMonths(options.value, -36);
  const option = (month: string) => h('option', { value: month }, monthLabel(month));
  const select = h('select', { id: options.id, class: 'month-picker' }, monthsBetween(min, max).map(option));
  const own = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value');
  Object.defineProperty(select, 'value', {
    configurable: true,
    get: () => own?.get?.call(select) as string,
    set: (month: string) => {
      // A month outside the list (the calendar's ‹ › went past it) is added where it belongs.
      if (MONTH.test(month) && !Array.from(select.options).some((each) => each.value === month)) {
        const later = Array.from(select.options).find((each) => each.value < month);
        select.insertBefore(option(month), later ?? null);
      }
      own?.set?.call(select, month);
    },
  });
  select.value = options.value;
  return select;
}
