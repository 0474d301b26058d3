import { hoursToQuarters, QUARTERS_PER_HOUR } from '../../earning/rules/points';

/**
 * 星级志愿者 by cumulative approved service hours: 一星 100, 二星 300, 三星 600, 四星 1000, 五星 1500.
 *
 * Where the thresholds come from (docs/records-sources.md has the quotes and addresses):
 * - 民政部《志愿服务记录办法》(民函〔2012〕340号, 2012-10-23): its draft for comment, as Xinhua
 *   reported it on gov.cn (2012-09-27), set 100/300/600/1000/1500 hours for 一星级 … 五星级 and
 *   called them 「民政领域已有的实践做法」. The article of the final text that holds them was not found.
 * - 《中国社区志愿者注册管理办法》第十八条 (中国社会工作协会社区志愿者工作委员会): the same five
 *   thresholds for 社区志愿者.
 * - 民政部令第67号 (2021), which now governs volunteer records, says only (第十条) 「志愿服务组织可以
 *   基于服务时间和服务质量等，对志愿者进行星级评价」: it allows star ratings and sets no hours.
 *   Whether 民函〔2012〕340号 was repealed was not found either.
 * So the thresholds are the long-standing practice, not a rule order No. 67 imposes; a county may
 * use others. Hours are counted as the ledger counts them: in quarter hours.
 */
export const STAR_THRESHOLD_HOURS = [100, 300, 600, 1000, 1500] as const;
export type StarLevel = 0 | 1 | 2 | 3 | 4 | 5;
export const STAR_LABELS: Readonly<Record<Exclude<StarLevel, 0>, string>> = {
  1: '一星级志愿者',
  2: '二星级志愿者',
  3: '三星级志愿者',
  4: '四星级志愿者',
  5: '五星级志愿者',
};

function quartersOf(hours: number): number {
  if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`Hours must be 0 or more, got ${hours}`);
  return hoursToQuarters(hours);
}

/**
 * The star level cumulative approved hours reach: 0 below 100 hours, 5 from 1500. Hours are taken
 * to the nearest quarter hour first, as the ledger sums them (so float drift cannot cost a star).
 */
export function starLevel(hours: number): StarLevel {
  const quarters = quartersOf(hours);
  return STAR_THRESHOLD_HOURS.filter((threshold) => quarters >= threshold * QUARTERS_PER_HOUR)
    .length as StarLevel;
}

/** The next star and the hours still to serve for it; undefined at 五星. */
export function nextStar(hours: number): { level: Exclude<StarLevel, 0>; hoursToGo: number } | undefined {
  const quarters = quartersOf(hours);
  const level = starLevel(hours);
  const threshold: number | undefined = (STAR_THRESHOLD_HOURS as readonly number[])[level];
  if (threshold === undefined) return undefined;
  return {
    level: (level + 1) as Exclude<StarLevel, 0>,
    hoursToGo: (threshold * QUARTERS_PER_HOUR - quarters) / QUARTERS_PER_HOUR,
  };
}
