import { hasMessage, type Lang, lang, type MessageKey, t } from './i18n';

/**
 * A refusal's field errors (`errors: [{ path: 'body.phone', message }]`) as people read them: a
 * sentence in the page's language that names the field as the form does (手机号, not
 * `body.phone`) and says what to change, shown beside the field it names (`showFieldProblems`),
 * never the raw path. Messages from the API are Chinese first with English in brackets
 * ("最多 100 个字 (Too big: …)"); the Chinese part is shown in Chinese, the bracket in English. A
 * message in English only (an older rule) is matched to a sentence of ours, or a general one.
 */
export interface FieldProblem {
  /** As the API sent it: `body.items.1.pricePoints`. */
  readonly path: string;
  /** The form field it points at: the last part of the path that is not a position (`pricePoints`). */
  readonly name: string;
  /** What to show beside that field: "价格（积分）：不能小于 1。请改好后再提交。" */
  readonly sentence: string;
}

const HAN = /\p{Script=Han}/u;

/** The field a path names: its last part that is not a list position; '' for the body as a whole. */
export function fieldNameOf(path: string): string {
  const parts = path.split('.').filter((part) => part !== '' && !/^\d+$/.test(part));
  const [where, ...rest] = parts;
  if (rest.length === 0)
    return where === 'body' || where === 'query' || where === 'path' ? '' : (where ?? '');
  return rest.at(-1) ?? '';
}

/** The field's name as a form labels it, or undefined when we have no name for it. */
export function fieldLabel(name: string): string | undefined {
  const key = `field.${name}`;
  return name !== '' && hasMessage(key) ? t(key as MessageKey) : undefined;
}

/**
 * English-only messages some rules still send, as our own sentences; anything else English gets
 * the general one. Checked in order.
 */
const ENGLISH_MESSAGES: readonly (readonly [RegExp, MessageKey])[] = [
  [/1-64 characters of A-Z/i, 'fieldProblem.id'],
  [/^no such organi[sz]ation/i, 'fieldProblem.noSuchOrg'],
  [/^no such store/i, 'fieldProblem.noSuchStore'],
  [/^no such volunteer/i, 'fieldProblem.noSuchVolunteer'],
  [/^no such (active )?project/i, 'fieldProblem.noSuchProject'],
  [/^cycle/i, 'fieldProblem.cycle'],
  [/only when the item is new/i, 'fieldProblem.stockOnlyNew'],
  [/order number/i, 'fieldProblem.orderNumber'],
  [/quarter-hour/i, 'fieldProblem.quarterHours'],
  [/4 to 6 digits/i, 'fieldProblem.pin'],
  [/after today|in the future/i, 'fieldProblem.future'],
  [/^in the past/i, 'fieldProblem.past'],
  [/calendar date|must be a (real )?date/i, 'fieldProblem.date'],
  [/month/i, 'fieldProblem.month'],
  [/JPEG/i, 'fieldProblem.photo'],
  [/^required/i, 'fieldProblem.required'],
  [/^taken$/i, 'fieldProblem.taken'],
  [/same store/i, 'fieldProblem.sameStore'],
  [/must not be zero/i, 'fieldProblem.zero'],
];

/** The part of an API message to show in `language`: "中文 (English)" split at its bracket. */
export function messageIn(message: string, language: Lang = lang): string | undefined {
  const text = message.trim();
  if (!HAN.test(text)) {
    if (language === 'en' && text !== '') return text;
    const known = ENGLISH_MESSAGES.find(([pattern]) => pattern.test(text));
    return known === undefined ? undefined : t(known[1]);
  }
  const open = text.search(/ [(（][^()（）]*[A-Za-z][^()（）]*[)）]$/);
  if (open < 0) return language === 'en' ? undefined : text;
  if (language === 'en') return text.slice(open + 2, -1).trim();
  return text.slice(0, open).trim();
}

/** One field error as a sentence: what the field is, what is wrong, and to correct it. */
export function fieldSentence(path: string, message: string, language: Lang = lang): string {
  const name = fieldNameOf(path);
  // A field the page sent but the API does not know: the page is older than the API.
  if (/Unrecognized key/i.test(message)) return t('error.IDEMPOTENCY_KEY_MISSING');
  const said = messageIn(message, language);
  if (name === '' && said === undefined) return t('error.IDEMPOTENCY_KEY_MISSING');
  const what = (said ?? t('fieldProblem.invalid')).replace(/[。.；;，,\s]+$/u, '');
  const label = fieldLabel(name);
  return label === undefined
    ? t('fieldProblem.sentenceNoLabel', { what })
    : t('fieldProblem.sentence', { label, what });
}

/** A problem body's field errors (a VALIDATION_FAILED answer's `errors`), as sentences. */
export function fieldProblemsOf(body: Record<string, unknown>, language: Lang = lang): FieldProblem[] {
  const errors = Array.isArray(body.errors) ? (body.errors as unknown[]) : [];
  const problems: FieldProblem[] = [];
  for (const error of errors.slice(0, 50)) {
    if (typeof error !== 'object' || error === null) continue;
    const { path, message } = error as { path?: unknown; message?: unknown };
    const where = typeof path === 'string' ? path : '';
    problems.push({
      path: where,
      name: fieldNameOf(where),
      sentence: fieldSentence(where, typeof message === 'string' ? message : '', language),
    });
  }
  return problems;
}

/* ---------- beside the field ---------- */

const ERROR_CLASS = 'field-error';
let made = 0;

/** The control a field error names inside `root`: by its name, the path after body., or its id. */
function controlFor(root: ParentNode, problem: FieldProblem): HTMLElement | null {
  const dotted = problem.path.replace(/^(body|query|path)\./, '');
  for (const name of [dotted, problem.name]) {
    if (name === '') continue;
    const found = root.querySelector<HTMLElement>(`[name="${CSS.escape(name)}"]`);
    if (found !== null) return found;
  }
  return null;
}

/** Takes away the field errors shown in `root` (a new try, or the field being corrected). */
export function clearFieldProblems(root: ParentNode): void {
  for (const shown of Array.from(root.querySelectorAll(`.${ERROR_CLASS}[data-from-api]`))) shown.remove();
  for (const control of Array.from(root.querySelectorAll<HTMLElement>('[data-api-invalid]'))) {
    unmark(control);
  }
}

function unmark(control: HTMLElement): void {
  const id = control.dataset.apiInvalid;
  control.removeAttribute('data-api-invalid');
  control.removeAttribute('aria-invalid');
  const described = (control.getAttribute('aria-describedby') ?? '')
    .split(/\s+/)
    .filter((part) => part !== '' && part !== id);
  if (described.length === 0) control.removeAttribute('aria-describedby');
  else control.setAttribute('aria-describedby', described.join(' '));
  control.closest('.field')?.classList.remove('has-error');
  if (id !== undefined) document.getElementById(id)?.remove();
}

/**
 * Shows each field error beside the control it names in `root` (marked invalid and described by
 * the sentence, which goes when the field is changed). Returns the problems no control was found for.
 */
export function showFieldProblems(root: ParentNode, problems: readonly FieldProblem[]): FieldProblem[] {
  clearFieldProblems(root);
  const left: FieldProblem[] = [];
  let first: HTMLElement | undefined;
  for (const problem of problems) {
    const control = controlFor(root, problem);
    if (control === null || control.dataset.apiInvalid !== undefined) {
      if (control === null) left.push(problem);
      continue;
    }
    made += 1;
    const id = `api-field-error-${made}`;
    const sentence = document.createElement('span');
    sentence.className = ERROR_CLASS;
    sentence.id = id;
    sentence.dataset.fromApi = 'true';
    sentence.textContent = problem.sentence;
    control.dataset.apiInvalid = id;
    control.setAttribute('aria-invalid', 'true');
    control.setAttribute(
      'aria-describedby',
      [control.getAttribute('aria-describedby') ?? '', id].filter((part) => part !== '').join(' '),
    );
    const holder = control.closest('.field');
    holder?.classList.add('has-error');
    // After the control, inside its label (a span: a label holds no paragraphs).
    control.insertAdjacentElement('afterend', sentence);
    control.addEventListener('input', () => unmark(control), { once: true });
    control.addEventListener('change', () => unmark(control), { once: true });
    first ??= control;
  }
  first?.focus({ preventScroll: false });
  return left;
}
