/**
 * Counties keep China Standard Time (UTC+8, no daylight saving): days and months begin at local
 * midnight, so activity dates, business days and report months are computed in it.
 */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

const shifted = (at: string | Date): Date =>
  new Date((typeof at === 'string' ? Date.parse(at) : at.getTime()) + CHINA_OFFSET_MS);

/** YYYY-MM-DD of the instant in China. */
export const chinaDate = (at: string | Date): string => shifted(at).toISOString().slice(0, 10);

/** The time of day on the China clock, HH:MM. */
export const chinaTime = (at: string | Date): string => shifted(at).toISOString().slice(11, 16);

/** YYYY-MM of the instant in China. */
export const chinaMonth = (at: string | Date): string => shifted(at).toISOString().slice(0, 7);

/** The instant a China month begins, as an ISO string in UTC. */
export function chinaMonthStart(month: string): Date {
  return new Date(Date.parse(`${month}-01T00:00:00.000Z`) - CHINA_OFFSET_MS);
}

/** The instant after the China day `date` (YYYY-MM-DD) ends. */
export const chinaDayEnd = (date: string): Date =>
  new Date(Date.parse(`${date}T00:00:00.000Z`) - CHINA_OFFSET_MS + DAY_MS);

/** The instant after the China month ends. */
export function chinaMonthEnd(month: string): Date {
  const [year = 0, monthNumber = 1] = month.split('-').map(Number);
  const next = monthNumber === 12 ? `${year + 1}-01` : `${year}-${String(monthNumber + 1).padStart(2, '0')}`;
  return chinaMonthStart(next);
}

/**
 * True when YYYY-MM-DD names a day that exists. Month 13 or day 32 make an invalid Date, whose
 * toISOString throws: that is checked first, so this never throws for any string.
 */
export function isRealDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const atMs = Date.parse(`${date}T00:00:00.000Z`);
  return Number.isFinite(atMs) && new Date(atMs).toISOString().slice(0, 10) === date;
}
