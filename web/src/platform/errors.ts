import { isMissingRoute } from './api';
import { fieldProblemsOf, messageIn } from './field-problems';
import { hasMessage, type MessageKey, t } from './i18n';
import { ApiError, NetworkError } from './problem';

/**
 * Every error as a sentence in the user's language that says what to do next. Contract codes have
 * their own message (`error.INSUFFICIENT_POINTS`); a refused field is named as the form names it
 * (手机号, never `body.phone`); anything else falls back by kind, with the request's number to
 * quote when asking for help.
 */
export function describeError(error: unknown): string {
  if (error instanceof NetworkError) return t('error.NETWORK');
  if (isMissingRoute(error)) return t('error.NOT_AVAILABLE_YET');
  if (error instanceof ApiError) {
    const key = `error.${error.code}`;
    // A card's wrong PIN and an unknown card number get the same answer, which names the PIN.
    if (error.code === 'INVALID_CODE' && /PIN/.test(error.detail)) return t('error.WRONG_PIN');
    if (error.code === 'THROTTLED' && typeof error.body.retryAfterSeconds === 'number') {
      return t('error.THROTTLED_SECONDS', { n: Math.max(1, Math.round(error.body.retryAfterSeconds)) });
    }
    // A Retry-After header alone: the generic one says 1 second, which is "a few seconds".
    if (error.code === 'THROTTLED' && (error.retryAfterSeconds ?? 0) > 1) {
      return t('error.THROTTLED_SECONDS', { n: Math.round(error.retryAfterSeconds ?? 0) });
    }
    if (error.code === 'VALIDATION_FAILED') {
      const [first, ...more] = fieldProblemsOf(error.body);
      if (first !== undefined) {
        return more.length === 0
          ? first.sentence
          : t('error.VALIDATION_FAILED_MORE', { first: first.sentence, n: more.length });
      }
    }
    if (error.code === 'CONFLICT' && error.detail !== '') {
      // The API's own words when they are in the reader's language; ours otherwise.
      const detail = messageIn(error.detail);
      if (detail !== undefined && /\p{Script=Han}/u.test(error.detail)) {
        return t('error.CONFLICT_DETAIL', { detail });
      }
    }
    if (hasMessage(key)) {
      if (error.code === 'INTERNAL' && error.requestId !== undefined) {
        return t('error.INTERNAL_REF', { ref: error.requestId });
      }
      return t(key as MessageKey);
    }
    if (error.requestId !== undefined) {
      return error.status >= 500
        ? t('error.INTERNAL_REF', { ref: error.requestId })
        : t('error.UNKNOWN_REF', { status: error.status, ref: error.requestId });
    }
    return error.status >= 500 ? t('error.INTERNAL') : t('error.UNKNOWN', { status: error.status });
  }
  return t('error.UNKNOWN', { status: '-' });
}
