import { en } from './i18n/en';
import { type MessageKey, zhCN } from './i18n/zh-CN';

/**
 * Every string a page shows comes from one file per language (web/src/platform/i18n). Chinese is the
 * default; the English switch is remembered on the device.
 */
export type Lang = 'zh-CN' | 'en';
export type { MessageKey };

const LANG_KEY = 'aixin.lang';

function storedLang(): Lang {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export const lang: Lang = storedLang();
const messages: Record<MessageKey, string> = lang === 'en' ? en : zhCN;

/** The message for `key`, with `{name}` placeholders filled in. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const text = messages[key] ?? zhCN[key] ?? key;
  if (params === undefined) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    params[name] === undefined ? whole : String(params[name]),
  );
}

export function hasMessage(key: string): key is MessageKey {
  return Object.hasOwn(zhCN, key);
}

export function setLang(next: Lang): void {
  try {
    localStorage.setItem(LANG_KEY, next);
  } catch {
    // Private mode: the switch lasts for this page only.
  }
  location.reload();
}

const numberFormat = new Intl.NumberFormat(lang);

export const formatNumber = (value: number): string => numberFormat.format(value);

/** "1,240 分" / "1,240 pts". */
export const points = (value: number): string => t('unit.points', { n: formatNumber(value) });

const CHINA = 'Asia/Shanghai';
/** Dates as people write them ("2026年12月3日 14:05"), never 2026/12/03. */
const dateTimeFormat = new Intl.DateTimeFormat(lang, {
  timeZone: CHINA,
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const dateFormat = new Intl.DateTimeFormat(lang, {
  timeZone: CHINA,
  year: 'numeric',
  month: 'long',
  day: 'numeric',
});
const timeFormat = new Intl.DateTimeFormat(lang, {
  timeZone: CHINA,
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** A date as people write it: "2026年12月3日" (in English "December 3, 2026"). */
const writtenDateFormat = new Intl.DateTimeFormat(lang, {
  timeZone: CHINA,
  year: 'numeric',
  month: 'long',
  day: 'numeric',
});

/** Times are shown in China time wherever the device thinks it is. */
export const formatDateTime = (iso: string): string => dateTimeFormat.format(new Date(iso));
export const formatDate = (iso: string): string => dateFormat.format(new Date(iso));
export const formatTime = (iso: string): string => timeFormat.format(new Date(iso));

/**
 * "2026年12月3日": an instant's China day, or a calendar date (YYYY-MM-DD, such as a service date)
 * as it is, whatever the device's time zone.
 */
export function formatWrittenDate(value: string): string {
  const calendar = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const date = new Date(calendar ? `${value}T12:00:00+08:00` : value);
  return Number.isNaN(date.getTime()) ? value : writtenDateFormat.format(date);
}

/** "1:05" for a countdown. */
export function formatSeconds(totalSeconds: number): string {
  const seconds = Math.max(0, Math.ceil(totalSeconds));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
