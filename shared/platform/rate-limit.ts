/**
 * Per-caller limits counted in fixed windows: a window of `windowSeconds` starts at every multiple
 * of it (epoch seconds), and at most `max` uses fall in one window. Fixed windows let one conditional
 * update per check enforce the limit exactly under any concurrency (DynamoDB `ADD` with
 * `count < max`); a caller may at worst use `max` at the end of one window and `max` at the start
 * of the next, which is within what each limit below is sized for.
 */
export interface RateLimit {
  /** Stable name, part of the counter's key (`scan-per-counter`). */
  name: string;
  max: number;
  windowSeconds: number;
}

export interface RateWindow {
  /** The window's first second, epoch seconds. */
  start: number;
  /** The first second of the next window. */
  end: number;
  /** Whole seconds from `nowMs` until the next window opens, at least 1: the `Retry-After`. */
  retryAfterSeconds: number;
}

export function windowOf(nowMs: number, windowSeconds: number): RateWindow {
  const nowSeconds = Math.floor(nowMs / 1000);
  const start = nowSeconds - (nowSeconds % windowSeconds);
  const end = start + windowSeconds;
  return { start, end, retryAfterSeconds: Math.max(1, Math.ceil(end - nowMs / 1000)) };
}

/** Whether one more use is allowed after `used` uses in the window: the rule the condition enforces. */
export const allowsAnother = (limit: RateLimit, used: number): boolean => limit.max > 0 && used < limit.max;
