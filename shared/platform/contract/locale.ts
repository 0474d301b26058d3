import { en } from 'zod/locales';
import * as z from 'zod/mini';

/**
 * zod/mini has no messages of its own: without a locale every issue reads "Invalid input". Every
 * message a person can meet is Chinese first, with English in brackets for the logs and for
 * developers (as `text.ts` writes its own): "最多 100 个字 (Too big: expected string to have
 * <=100 characters)". The Chinese part says what is allowed; the English part is the English
 * locale's (about 3 KB), which classic zod gave. A schema's own message (`z.regex(…, '…')`) is
 * used as it is, so those are written Chinese first too. The `errors` of a problem response and
 * the reasons of a bulk import show them; the pages show the Chinese part next to the field.
 *
 * Import the locale by name as here: `z.locales.en()` would bundle every locale (about 280 KB).
 * Every contract module imports this file, so any schema parse sees these messages.
 */
const english = en().localeError;

type Issue = Parameters<typeof english>[0];

const TYPE_NAMES: Record<string, string> = {
  string: '文字',
  number: '数字',
  int: '整数',
  bigint: '整数',
  boolean: '是或否',
  array: '列表',
  object: '一组内容',
  date: '日期',
};

/** What a size limit counts, in Chinese: characters, items or the value itself. */
function sized(origin: unknown, limit: string, more: boolean, inclusive: boolean): string {
  if (origin === 'string') return more ? `最多 ${limit} 个字` : `至少 ${limit} 个字`;
  if (origin === 'array' || origin === 'set' || origin === 'map')
    return more ? `最多 ${limit} 项` : `至少 ${limit} 项`;
  if (more) return inclusive ? `不能大于 ${limit}` : `要小于 ${limit}`;
  return inclusive ? `不能小于 ${limit}` : `要大于 ${limit}`;
}

/** The Chinese sentence for an issue whose schema gave no message of its own. */
export function chineseIssue(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return '必须填写';
      return `应为${TYPE_NAMES[String(issue.expected)] ?? '正确的格式'}`;
    case 'invalid_value':
      return issue.input === undefined ? '必须选一项' : '不是可以选的值，请从给出的选项中选';
    case 'too_big':
      if (issue.origin === 'string' && String(issue.maximum) === '0') return '这里不能填';
      return sized(issue.origin, String(issue.maximum), true, issue.inclusive !== false);
    case 'too_small':
      if (issue.origin === 'string' && String(issue.minimum) === '1') return '不能为空';
      return sized(issue.origin, String(issue.minimum), false, issue.inclusive !== false);
    case 'invalid_format':
      return '格式不对';
    case 'not_multiple_of':
      return `应为 ${String(issue.divisor)} 的整数倍`;
    case 'unrecognized_keys':
      return '有多余的内容';
    default:
      return '填写的内容不对';
  }
}

z.config({
  localeError: (issue) => {
    const said = english(issue);
    const text = typeof said === 'string' ? said : (said?.message ?? 'Invalid input');
    return `${chineseIssue(issue)} (${text})`;
  },
});
