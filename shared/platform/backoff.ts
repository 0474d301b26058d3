import { LEDGER_BACKOFF_BASE_MS, LEDGER_BACKOFF_CAP_MS } from './limits';

export const defaultSleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** Full-jitter exponential backoff: a random wait below base × 2^attempt, capped. */
export function backoffMs(attempt: number, random: () => number): number {
  const ceiling = Math.min(LEDGER_BACKOFF_CAP_MS, LEDGER_BACKOFF_BASE_MS * 2 ** Math.min(attempt, 10));
  return Math.floor(random() * ceiling);
}
