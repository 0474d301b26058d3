import { isMissingRoute } from './api';
import { hasMessage, type MessageKey, t } from './i18n';
import { ApiError, NetworkError } from './problem';

/**
 * Every error as a sentence in the user's language that says what to do next. Contract codes have
 * their own message (`error.INSUFFICIENT_POINTS`); anything else falls back by kind.
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
      const fields = Array.isArray(error.body.errors)
        ? (error.body.errors as { path?: unknown; message?: unknown }[])
        : [];
      const first = fields[0];
      if (first !== undefined && typeof first.message === 'string') {
        return t('error.VALIDATION_FAILED_FIELD', {
          field: String(first.path ?? ''),
          message: first.message,
        });
      }
    }
    if (error.code === 'CONFLICT' && error.detail !== '')
      return t('error.CONFLICT_DETAIL', { detail: error.detail });
    if (hasMessage(key)) return t(key as MessageKey);
    return error.status >= 500 ? t('error.INTERNAL') : t('error.UNKNOWN', { status: error.status });
  }
  return t('error.UNKNOWN', { status: '-' });
}
