import { describe, expect, it } from 'vitest';
import { PointRuleRequest } from '../../shared/earning/contract/point-rules';
import { ServiceRecordRequest } from '../../shared/earning/contract/service-records';
import { BUILT_IN_RULE, type PointRule, pointsFor, ruleForActivity } from '../../shared/earning/rules/points';
import { totalHours } from '../../shared/earning/rules/service-record';
import { mapBounded } from '../../shared/platform/bounded';

const rule = (fields: Partial<PointRule> & Pick<PointRule, 'ruleId' | 'effectiveFrom' | 'pointsPerHour'>) =>
  ({ version: 1, ...fields }) satisfies PointRule;

describe('points for hours', () => {
  it('rounds half up to a whole point', () => {
    expect(pointsFor(0.25, 10)).toBe(3); // 2.5 → 3
    expect(pointsFor(0.25, 3)).toBe(1); // 0.75 → 1
    expect(pointsFor(1.5, 7)).toBe(11); // 10.5 → 11
    expect(pointsFor(0.25, 2)).toBe(1); // 0.5 → 1
    expect(pointsFor(0.25, 1)).toBe(0); // 0.25 → 0
    expect(pointsFor(24, 1000)).toBe(24_000);
    expect(pointsFor(2.75, 10)).toBe(28); // 27.5 → 28
  });

  it('sums hours through quarters without drift', () => {
    expect(totalHours(Array.from({ length: 10 }, () => ({ hours: 0.25 })))).toBe(2.5);
  });
});

describe('the rule in force on an activity date', () => {
  const general1 = rule({ ruleId: 'county', effectiveFrom: '2025-01-01', pointsPerHour: 10 });
  const general2 = rule({ ruleId: 'county', version: 2, effectiveFrom: '2025-07-01', pointsPerHour: 12 });
  const project = rule({
    ruleId: 'elder-care',
    projectId: 'elder',
    effectiveFrom: '2025-03-01',
    pointsPerHour: 20,
  });

  it('is the built-in 10 points per hour before any rule starts', () => {
    expect(ruleForActivity([general1], '2024-12-31')).toBe(BUILT_IN_RULE);
    expect(BUILT_IN_RULE.pointsPerHour).toBe(10);
  });

  it('keeps earlier dates at the earlier version and later dates at the newer', () => {
    const versions = [general1, general2, project];
    expect(ruleForActivity(versions, '2025-06-30').pointsPerHour).toBe(10);
    expect(ruleForActivity(versions, '2025-07-01').pointsPerHour).toBe(12);
  });

  it('prefers the project’s own rule once it has started, else the general one', () => {
    const versions = [general1, general2, project];
    expect(ruleForActivity(versions, '2025-02-01', 'elder').pointsPerHour).toBe(10);
    expect(ruleForActivity(versions, '2025-03-01', 'elder').pointsPerHour).toBe(20);
    expect(ruleForActivity(versions, '2025-03-01', 'other').pointsPerHour).toBe(10);
    expect(ruleForActivity(versions, '2025-03-01').pointsPerHour).toBe(10);
  });

  it('lets a newer version replace an older one from its own start date', () => {
    const correction = rule({ ruleId: 'county', version: 3, effectiveFrom: '2025-01-01', pointsPerHour: 11 });
    const versions = [general1, general2, correction];
    expect(ruleForActivity(versions, '2025-02-01')).toMatchObject({ version: 3, pointsPerHour: 11 });
    expect(ruleForActivity(versions, '2025-08-01')).toMatchObject({ version: 3, pointsPerHour: 11 });
  });
});

describe('service record requests', () => {
  const valid = {
    activity: { name: '敬老院探访', date: '2025-03-02' },
    entries: [{ volunteerId: 'v1', hours: 2 }],
  };
  const withHours = (hours: unknown) => ({ ...valid, entries: [{ volunteerId: 'v1', hours }] });

  it('accepts hours in quarter steps up to 24', () => {
    for (const hours of [0.25, 1.5, 2.75, 24]) {
      expect(ServiceRecordRequest.safeParse(withHours(hours)).success, String(hours)).toBe(true);
    }
  });

  it.each([
    ['negative', -1],
    ['zero', 0],
    ['not a quarter', 1.1],
    ['over a day', 25],
    ['infinite', Number.POSITIVE_INFINITY],
    ['NaN', Number.NaN],
    ['a string', '2'],
  ])('refuses hours that are %s', (_, hours) => {
    const parsed = ServiceRecordRequest.safeParse(withHours(hours));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['entries', 0, 'hours']);
  });

  it('refuses a volunteer twice, no entries, 501 entries, a date that does not exist and unknown fields', () => {
    const twice = {
      ...valid,
      entries: [
        { volunteerId: 'v1', hours: 1 },
        { volunteerId: 'v1', hours: 2 },
      ],
    };
    const many = {
      ...valid,
      entries: Array.from({ length: 501 }, (_, index) => ({ volunteerId: `v${index}`, hours: 1 })),
    };
    const cases = [
      twice,
      { ...valid, entries: [] },
      many,
      { ...valid, activity: { ...valid.activity, date: '2026-02-30' } },
      { ...valid, activity: { ...valid.activity, date: '2026-2-3' } },
      { ...valid, activity: { ...valid.activity, name: '' } },
      { ...valid, extra: true },
      { ...valid, entries: [{ volunteerId: 'v1', hours: 1, points: 99 }] },
    ];
    for (const body of cases)
      expect(ServiceRecordRequest.safeParse(body).success, JSON.stringify(body).slice(0, 80)).toBe(false);
    expect(ServiceRecordRequest.safeParse(twice).error?.issues[0]?.path).toEqual([
      'entries',
      1,
      'volunteerId',
    ]);
  });

  it('accepts rules of 1 to 1000 whole points per hour from a real date', () => {
    expect(PointRuleRequest.safeParse({ pointsPerHour: 1, effectiveFrom: '2024-02-29' }).success).toBe(true);
    for (const body of [
      { pointsPerHour: 0, effectiveFrom: '2025-01-01' },
      { pointsPerHour: 1001, effectiveFrom: '2025-01-01' },
      { pointsPerHour: 2.5, effectiveFrom: '2025-01-01' },
      { pointsPerHour: 10, effectiveFrom: '2025-02-29' },
      { pointsPerHour: 10, effectiveFrom: '2025-01-01', extra: 1 },
    ]) {
      expect(PointRuleRequest.safeParse(body).success, JSON.stringify(body)).toBe(false);
    }
  });
});

describe('settling entries in bounded parallel', () => {
  it('never runs more than the bound at once, keeps the order, and stops on the first failure', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapBounded(
      Array.from({ length: 50 }, (_, index) => index),
      4,
      async (index) => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((done) => setTimeout(done, 1));
        running -= 1;
        return index * 2;
      },
    );
    expect(peak).toBe(4);
    expect(results).toEqual(Array.from({ length: 50 }, (_, index) => index * 2));

    const started: number[] = [];
    await expect(
      mapBounded([1, 2, 3, 4, 5, 6], 2, async (value) => {
        started.push(value);
        if (value === 2) throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(started.length).toBeLessThan(6);
  });
});
