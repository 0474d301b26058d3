/**
 * Deadlines on the device's clock for instants the server names. Cheap phones' clocks are often
 * minutes off, so the server's answer (its Date header) anchors the time left; without it the
 * device clock is trusted, within `maxMs`.
 */
export function localDeadline(expiresAt: string, response: Response | undefined, maxMs: number): number {
  const now = Date.now();
  const expiresMs = Date.parse(expiresAt);
  const serverNow = Date.parse(response?.headers.get('date') ?? '');
  const left = Number.isFinite(serverNow) ? expiresMs - serverNow : expiresMs - now;
  if (!Number.isFinite(left)) return now + maxMs;
  return now + Math.max(0, Math.min(left, maxMs));
}

/** China's calendar date (UTC+8, no summer time) of an instant: the store's day. */
export function chinaDate(at: Date = new Date()): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export function chinaMonth(at: Date = new Date()): string {
  return chinaDate(at).slice(0, 7);
}
