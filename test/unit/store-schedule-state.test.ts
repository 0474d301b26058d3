import { describe, expect, it } from 'vitest';
import { PutStoreRequest, SCHEDULE_STOPS_MAX, type ScheduleStop } from '../../shared/stores/contract/stores';
import { t } from '../../web/src/platform/i18n';
import {
  checkDraft,
  openedSchedule,
  putKeeping,
  putWithSchedule,
  reduceSchedule,
  type ScheduleEvent,
  type ScheduleState,
  STOPS_MAX,
  stopsInOrder,
  stopWords,
  WEEKDAYS,
} from '../../web/src/stores/schedule-state';

/** 流动爱心超市1号 of the demo county: 文山村 and 南庄村 on Wednesday, 水阜村 on Saturday. */
const WENSHAN_WED: ScheduleStop = { orgId: 'wenshan', weekday: 3, from: '09:00', to: '11:00' };
const NANZHUANG_WED: ScheduleStop = { orgId: 'nanzhuang', weekday: 3, from: '14:00', to: '16:00' };
const SHUIFU_SAT: ScheduleStop = { orgId: 'shuifu-cun', weekday: 6, from: '09:00', to: '11:00' };
const VAN = {
  name: '流动爱心超市1号',
  kind: 'mobile' as const,
  orgId: 'gaolan',
  schedule: [SHUIFU_SAT, NANZHUANG_WED, WENSHAN_WED],
};
const draft = (orgId: string, weekday: string, from: string, to: string) => ({ orgId, weekday, from, to });

const scheduleAfter = (events: readonly ScheduleEvent[], start: ScheduleState = openedSchedule(VAN)) =>
  events.reduce(reduceSchedule, start);

describe('每周停靠时间 (a mobile shop’s weekly stops)', () => {
  it('lists the stops Monday first, then by the time the van arrives', () => {
    // Act
    const state = openedSchedule(VAN);

    // Assess
    expect(state.stops).toEqual([WENSHAN_WED, NANZHUANG_WED, SHUIFU_SAT]);
    expect(openedSchedule({}).stops).toEqual([]);
  });

  it('says a stop in Chinese with the village by name and the contract’s weekday (3 is 周三), never the id', () => {
    // Act
    const named = stopWords({ ...WENSHAN_WED, to: '11:30' }, '上车村', t);
    const gone = stopWords(WENSHAN_WED, undefined, t);

    // Assess
    expect(named).toBe('每周三 09:00–11:30 · 上车村');
    expect(gone).not.toContain('wenshan');
    expect(gone).toContain('每周三 09:00–11:00');
    expect(WEEKDAYS.map((day) => stopWords({ ...WENSHAN_WED, weekday: day }, '村', t).slice(0, 3))).toEqual([
      '每周一',
      '每周二',
      '每周三',
      '每周四',
      '每周五',
      '每周六',
      '每周日',
    ]);
  });

  it('adds a stop: the whole week is sent with the new stop last, then shown in order once saved', () => {
    // Act
    const sending = scheduleAfter([
      { type: 'addSubmitted', draft: draft('shangche', '1', '08:30', '10:00') },
    ]);
    const saved = reduceSchedule(sending, {
      type: 'saved',
      stops: [...(sending.sending ?? [])],
    });

    // Assess
    expect(sending.phase).toBe('saving');
    expect(sending.sending).toEqual([
      WENSHAN_WED,
      NANZHUANG_WED,
      SHUIFU_SAT,
      { orgId: 'shangche', weekday: 1, from: '08:30', to: '10:00' },
    ]);
    expect(saved.stops[0]).toEqual({ orgId: 'shangche', weekday: 1, from: '08:30', to: '10:00' });
    expect([saved.phase, saved.done]).toEqual(['idle', 'added']);
  });

  it('says beside each field what is missing or wrong, and sends nothing', () => {
    // Act
    const empty = scheduleAfter([{ type: 'addSubmitted', draft: draft('', '', '9:00', '') }]);
    const backwards = scheduleAfter([
      { type: 'addSubmitted', draft: draft('shangche', '2', '11:00', '10:00') },
    ]);
    const same = scheduleAfter([{ type: 'addSubmitted', draft: draft('shangche', '2', '10:00', '10:00') }]);

    // Assess
    expect(empty.phase).toBe('idle');
    expect(empty.sending).toBeUndefined();
    expect(empty.problems.map((problem) => [problem.field, problem.key])).toEqual([
      ['orgId', 'office.stores.stop.pickVillage'],
      ['weekday', 'office.stores.stop.pickWeekday'],
      ['from', 'office.stores.stop.time'],
      ['to', 'office.stores.stop.time'],
    ]);
    expect(backwards.problems).toEqual([{ field: 'to', key: 'office.stores.stop.toAfterFrom' }]);
    expect(same.problems).toEqual([{ field: 'to', key: 'office.stores.stop.toAfterFrom' }]);
  });

  it('refuses a stop that overlaps another on the same day, naming the one it meets', () => {
    // Act
    const clash = checkDraft(draft('shangche', '3', '10:30', '12:00'), [WENSHAN_WED]);
    const touching = checkDraft(draft('shangche', '3', '11:00', '12:00'), [WENSHAN_WED]);
    const otherDay = checkDraft(draft('shangche', '4', '09:00', '11:00'), [WENSHAN_WED]);

    // Assess
    expect(clash).toEqual({
      problems: [{ field: 'from', key: 'office.stores.stop.overlap', clash: WENSHAN_WED }],
    });
    expect(touching).toEqual({ stop: { orgId: 'shangche', weekday: 3, from: '11:00', to: '12:00' } });
    expect('stop' in otherDay).toBe(true);
  });

  it('holds at most as many stops as the contract takes', () => {
    // Prepare: a full week, two stops a day
    const full = WEEKDAYS.flatMap((weekday) => [
      { orgId: 'wenshan', weekday, from: '08:00', to: '09:00' },
      { orgId: 'nanzhuang', weekday, from: '10:00', to: '11:00' },
    ]);

    // Act
    const state = scheduleAfter(
      [{ type: 'addSubmitted', draft: draft('shangche', '1', '14:00', '15:00') }],
      openedSchedule({ schedule: full }),
    );

    // Assess
    expect(STOPS_MAX).toBe(SCHEDULE_STOPS_MAX);
    expect(full).toHaveLength(STOPS_MAX);
    expect(state.phase).toBe('idle');
    expect(state.problems.map((problem) => problem.key)).toEqual(['office.stores.stop.full']);
  });

  it('removes a stop by sending the week without it; a second press while saving does nothing', () => {
    // Act
    const removing = scheduleAfter([{ type: 'removeAsked', index: 1 }]);
    const twice = reduceSchedule(removing, { type: 'removeAsked', index: 0 });
    const saved = reduceSchedule(removing, { type: 'saved', stops: removing.sending ?? [] });

    // Assess
    expect(removing.sending).toEqual([WENSHAN_WED, SHUIFU_SAT]);
    expect(twice).toBe(removing);
    expect(saved.stops).toEqual([WENSHAN_WED, SHUIFU_SAT]);
    expect(saved.done).toBe('removed');
    expect(scheduleAfter([{ type: 'removeAsked', index: 9 }]).phase).toBe('idle');
  });

  it('keeps the week as it was when the save is refused', () => {
    // Act
    const state = scheduleAfter([
      { type: 'addSubmitted', draft: draft('atlantis', '1', '08:00', '09:00') },
      { type: 'saveFailed' },
    ]);

    // Assess
    expect(state.stops).toEqual(stopsInOrder(VAN.schedule));
    expect([state.phase, state.sending, state.done]).toEqual(['idle', undefined, undefined]);
  });

  it("saves with the store's PUT, keeping its name, kind and place, as the contract takes it", () => {
    // Act
    const body = putWithSchedule(VAN, [WENSHAN_WED]);

    // Assess
    expect(body).toEqual({
      name: '流动爱心超市1号',
      kind: 'mobile',
      orgId: 'gaolan',
      schedule: [WENSHAN_WED],
    });
    expect(PutStoreRequest.safeParse(body).success).toBe(true);
    expect(PutStoreRequest.safeParse(putWithSchedule({ name: '流动', kind: 'mobile' }, [])).success).toBe(
      true,
    );
  });

  it('renaming a store through the store form keeps its place and its week', () => {
    // Act
    const renamed = putKeeping(VAN, '流动爱心超市一号', 'mobile');
    const fresh = putKeeping(undefined, '新店', 'fixed');

    // Assess
    expect(renamed).toEqual({
      name: '流动爱心超市一号',
      kind: 'mobile',
      orgId: 'gaolan',
      schedule: VAN.schedule,
    });
    expect(fresh).toEqual({ name: '新店', kind: 'fixed' });
  });
});
