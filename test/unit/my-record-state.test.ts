import { describe, expect, it } from 'vitest';
import { REASON_LENGTH_MAX } from '../../shared/platform/limits';
import type { Correction, RecordEntryView, VolunteerRecord } from '../../shared/records/contract/record';
import {
  correctionStatus,
  type EntryValues,
  entryRequestOf,
  initialMyRecord,
  lineWords,
  type MyRecordEvent,
  type MyRecordState,
  problemsOfRefusal,
  REASON_MAX,
  readTrainingHours,
  recordLines,
  reduceMyRecord,
  starNext,
  starWords,
  targetWords,
  withdrawalOf,
  yearHours,
  yearsFrom,
} from '../../web/src/records/my-record-state';

/**
 * 我的志愿服务记录 (web/src/records/my-record-state.ts): the year shown, the record as it arrives,
 * one correction request at a time with its kept Idempotency-Key; the record in words (the star,
 * the hours, each line, withdrawn entries struck but shown, each request's answer); and the office's
 * entry form and withdrawals. Events in, state out.
 */
const entry = (entryId: string, more: Partial<RecordEntryView> = {}): RecordEntryView => ({
  entryId,
  kind: 'training',
  date: '2026-03-05',
  title: '应急救护培训',
  recordedAt: '2026-03-05T02:00:00.000Z',
  ...more,
});

const correction = (correctionId: string, more: Partial<Correction> = {}): Correction => ({
  correctionId,
  volunteerId: 'tan',
  name: '谭成华',
  status: 'open',
  about: 'service',
  ref: 'rec-1',
  reason: '那天服务了三个小时',
  filedAt: '2026-04-01T02:00:00.000Z',
  ...more,
});

const record = (more: Partial<VolunteerRecord> = {}): VolunteerRecord => ({
  volunteerId: 'tan',
  name: '谭成华',
  year: '2026',
  hours: { year: 10, total: 305 },
  star: { level: 2, label: '二星级志愿者', next: { level: 3, label: '三星级志愿者', hoursToGo: 295 } },
  service: [
    {
      recordId: 'rec-1',
      date: '2026-03-05',
      content: '敬老院探访',
      place: '什川镇敬老院',
      organiser: '什川镇志愿服务站',
      hours: 2,
    },
  ],
  training: [],
  honours: [],
  evaluations: [],
  corrections: [],
  ...more,
});

const play = (state: MyRecordState, ...events: MyRecordEvent[]): MyRecordState =>
  events.reduce(reduceMyRecord, state);
const opened = play(
  initialMyRecord,
  { type: 'opened', today: '2026-12-03' },
  { type: 'recordArrived', record: record() },
);
const serviceLine = { about: 'service', ref: 'rec-1' } as const;

describe('the year shown', () => {
  it('offers this year and the four before, and loads this year first', () => {
    const state = reduceMyRecord(initialMyRecord, { type: 'opened', today: '2026-12-03' });
    expect(state.years).toEqual(['2026', '2025', '2024', '2023', '2022']);
    expect(state.year).toBe('2026');
    expect(state.record).toEqual({ status: 'loading' });
    expect(yearsFrom('2001-06-01')).toEqual(['2001', '2000']);
  });

  it('drops a slow answer for a year no longer shown, and a failure after an answer', () => {
    const picked = play(opened, { type: 'yearPicked', year: '2025' });
    expect(picked.record).toEqual({ status: 'loading' });
    const late = play(picked, { type: 'recordArrived', record: record() });
    expect(late.record).toEqual({ status: 'loading' });
    const arrived = play(late, { type: 'recordArrived', record: record({ year: '2025' }) });
    expect(arrived.record.status).toBe('loaded');
    const failedLate = play(arrived, { type: 'recordFailed', year: '2025', problem: { text: '网络不好' } });
    expect(failedLate.record.status).toBe('loaded');
    const unknownYear = play(opened, { type: 'yearPicked', year: '1999' });
    expect(unknownYear).toBe(opened);
  });
});

describe('a correction request (更正申请)', () => {
  it('asks for a reason, sends the line it is about once, and shows it waiting in the list', () => {
    // Prepare
    const open = play(opened, { type: 'correctClicked', target: serviceLine, key: 'key-1' });
    const empty = play(open, { type: 'correctSubmitted' });
    expect(empty.form?.phase).toBe('editing');
    expect(empty.form?.reasonProblem).toEqual({ key: 'myRecord.correct.needReason' });

    // Act
    const sending = play(
      empty,
      { type: 'reasonTyped', text: '  那天服务了三个小时 ' },
      { type: 'correctSubmitted' },
    );

    // Assess
    expect(sending.form).toMatchObject({
      phase: 'sending',
      key: 'key-1',
      reasonProblem: undefined,
      request: { about: 'service', ref: 'rec-1', reason: '那天服务了三个小时' },
    });
    expect(play(sending, { type: 'correctSubmitted' })).toEqual(sending);
    const filed = play(sending, { type: 'correctionFiled', correction: correction('r1') });
    expect(filed.form).toBeUndefined();
    expect(filed.filed).toEqual({ key: 'myRecord.correct.filed' });
    expect(
      filed.record.status === 'loaded' && filed.record.record.corrections.map((one) => one.correctionId),
    ).toEqual(['r1']);
  });

  it('keeps the key after no answer, so sending again is the same request', () => {
    const sending = play(
      opened,
      { type: 'correctClicked', target: { about: 'personal' }, key: 'key-2' },
      { type: 'reasonTyped', text: '名字是谭承华' },
      { type: 'correctSubmitted' },
    );
    const unknown = play(sending, { type: 'correctionUnanswered' });
    expect(unknown.form).toMatchObject({
      phase: 'unknown',
      key: 'key-2',
      formProblem: { key: 'myRecord.correct.unanswered' },
    });
    // Locked while unknown: no typing, no other form, no other year.
    expect(play(unknown, { type: 'reasonTyped', text: '别的' }).form?.reason).toBe('名字是谭承华');
    expect(play(unknown, { type: 'correctClicked', target: serviceLine, key: 'key-3' }).form?.target).toEqual(
      { about: 'personal' },
    );
    expect(play(unknown, { type: 'yearPicked', year: '2025' }).year).toBe('2026');
    const again = play(unknown, { type: 'correctSubmitted' });
    expect(again.form).toMatchObject({
      phase: 'sending',
      key: 'key-2',
      request: { about: 'personal', reason: '名字是谭承华' },
    });
    expect(again.form?.request).not.toHaveProperty('ref');
  });

  it('shows a refusal beside the reason or above the button, with a fresh key', () => {
    const sending = play(
      opened,
      { type: 'correctClicked', target: serviceLine, key: 'key-4' },
      { type: 'reasonTyped', text: '错了' },
      { type: 'correctSubmitted' },
    );
    const refused = play(sending, {
      type: 'correctionRefused',
      problems: problemsOfRefusal({
        message: '已有 5 份更正申请在等待处理，处理后再申请',
        fields: [{ name: 'reason', sentence: '“原因”：原因最多 500 个字。请改好后再提交。' }],
      }),
      nextKey: 'key-5',
    });
    expect(refused.form).toMatchObject({
      phase: 'editing',
      key: 'key-5',
      reasonProblem: { text: '“原因”：原因最多 500 个字。请改好后再提交。' },
      formProblem: undefined,
    });
    expect(problemsOfRefusal({ message: '已有 5 份更正申请在等待处理，处理后再申请', fields: [] })).toEqual([
      { field: 'form', say: { text: '已有 5 份更正申请在等待处理，处理后再申请' } },
    ]);
    expect(
      problemsOfRefusal({ message: 'x', fields: [{ name: 'ref', sentence: '记录里没有这一条' }] }),
    ).toEqual([{ field: 'form', say: { text: '记录里没有这一条' } }]);
  });

  it('closes with the same button, and refuses a reason longer than the contract takes', () => {
    const open = play(opened, { type: 'correctClicked', target: serviceLine, key: 'k' });
    expect(play(open, { type: 'correctClicked', target: serviceLine, key: 'k2' }).form).toBeUndefined();
    expect(REASON_MAX).toBe(REASON_LENGTH_MAX);
    const long = play(
      open,
      { type: 'reasonTyped', text: '错'.repeat(REASON_MAX + 1) },
      { type: 'correctSubmitted' },
    );
    expect(long.form?.reasonProblem).toEqual({
      key: 'myRecord.correct.reasonLong',
      params: { n: REASON_MAX },
    });
    expect(long.form?.phase).toBe('editing');
  });
});

describe('the record in words', () => {
  it('says the star and what is next, and at five stars the total only', () => {
    expect(starWords(2)).toBe('二星级志愿者');
    expect(starWords(0)).toBe('还不是星级志愿者');
    expect(starNext(record())).toBe('累计服务 305 小时，再服务 295 小时可评为三星级志愿者');
    expect(
      starNext(record({ hours: { year: 0, total: 1600 }, star: { level: 5, label: '五星级志愿者' } })),
    ).toBe('累计服务 1,600 小时');
    expect(yearHours(record())).toBe('2026年服务 10 小时');
  });

  it('says each request’s answer', () => {
    expect(correctionStatus(correction('r'))).toBe('等待处理');
    expect(
      correctionStatus(correction('r', { status: 'accepted', resolution: '已撤销原记录并重新录入' })),
    ).toBe('已更正：已撤销原记录并重新录入');
    expect(correctionStatus(correction('r', { status: 'refused', refusal: '与身份证一致' }))).toBe(
      '未更正：与身份证一致',
    );
  });

  it('writes a service line with its day, place, organiser and hours', () => {
    const [line] = recordLines(record()).service;
    expect(line === undefined ? undefined : lineWords(line)).toEqual({
      title: '敬老院探访',
      facts: ['2026年3月5日', '地点：什川镇敬老院', '单位：什川镇志愿服务站', '2 小时'],
      withdrawn: undefined,
    });
    expect(targetWords(serviceLine, record())).toBe('服务记录 · 2026年3月5日 敬老院探访');
    expect(targetWords({ about: 'service', ref: 'another-year' }, record())).toBe('服务记录');
    expect(targetWords({ about: 'personal' }, record())).toBe('个人信息');
  });

  it('shows a withdrawn entry struck with 已撤回 and why, never hides it, and folds the withdrawal in', () => {
    const shown = record({
      training: [
        entry('e1', { title: '防汛演练', hours: 2, retractedBy: 'e2' }),
        entry('e2', { title: '防汛演练', retracts: 'e1', note: '当天未参加' }),
        entry('e3', { hours: 4, organiser: '县红十字会' }),
        entry('e9', { title: '去年的培训', retracts: 'e-last-year', note: '记错了' }),
      ],
      evaluations: [entry('v1', { kind: 'evaluation', title: '年度评价', grade: '优秀' })],
    });
    const lines = recordLines(shown);
    expect(lines.training.map((line) => line.id)).toEqual(['e1', 'e3', 'e9']);
    const [withdrawn, live, withdrawal] = lines.training.map(lineWords);
    expect(withdrawn).toEqual({
      title: '防汛演练',
      facts: ['2026年3月5日', '2 小时'],
      withdrawn: '已撤回：当天未参加',
    });
    expect(live?.withdrawn).toBeUndefined();
    expect(live?.facts).toEqual(['2026年3月5日', '单位：县红十字会', '4 小时']);
    expect(withdrawal?.title).toBe('撤回：去年的培训');
    expect(withdrawal?.facts).toContain('说明：记错了');
    expect(lines.evaluations.map(lineWords)[0]?.title).toBe('年度评价：优秀');
  });
});

describe('the office’s entries (培训·表彰·评价)', () => {
  const values = (more: Partial<EntryValues> = {}): EntryValues => ({
    kind: 'training',
    date: '2026-03-05',
    title: '应急救护培训',
    organiser: '',
    hours: '4',
    grade: '',
    note: '',
    ...more,
  });

  it('sends a training with its hours, an evaluation with its grade, an honour from the county office', () => {
    expect(entryRequestOf(values({ organiser: '县红十字会', hours: '１.５' }), '2026-12-03', false)).toEqual({
      request: {
        kind: 'training',
        date: '2026-03-05',
        title: '应急救护培训',
        organiser: '县红十字会',
        hours: 1.5,
      },
    });
    expect(
      entryRequestOf(values({ kind: 'evaluation', title: '年度评价', grade: '优秀' }), '2026-12-03', false),
    ).toEqual({
      request: { kind: 'evaluation', date: '2026-03-05', title: '年度评价', grade: '优秀' },
    });
    expect(entryRequestOf(values({ kind: 'honour', title: '最美志愿者' }), '2026-12-03', true)).toEqual({
      request: { kind: 'honour', date: '2026-03-05', title: '最美志愿者' },
    });
  });

  it('says each problem at its field', () => {
    const refused = (more: Partial<EntryValues>, isAdmin = false) => {
      const checked = entryRequestOf(values(more), '2026-12-03', isAdmin);
      return 'problems' in checked ? checked.problems.map((problem) => problem.name) : [];
    };
    expect(refused({ kind: 'honour', title: '最美志愿者' })).toEqual(['kind']);
    expect(refused({ date: '2026-12-04' })).toEqual(['date']);
    expect(refused({ title: '' })).toEqual(['title']);
    expect(refused({ title: '长'.repeat(61) })).toEqual(['title']);
    expect(refused({ hours: '' })).toEqual(['hours']);
    expect(refused({ hours: '0.3' })).toEqual(['hours']);
    expect(refused({ kind: 'evaluation', grade: '很好' })).toEqual(['grade']);
    expect(refused({ hours: '2' })).toEqual([]);
    expect([readTrainingHours('200'), readTrainingHours('201'), readTrainingHours('2，25')]).toEqual([
      200,
      undefined,
      2.25,
    ]);
  });

  it('withdraws an entry by a new one naming it, with a note, keeping an evaluation’s grade', () => {
    const evaluation = entry('v1', { kind: 'evaluation', title: '年度评价', grade: '良好' });
    expect(withdrawalOf(evaluation, ' 评错了 ')).toEqual({
      request: {
        kind: 'evaluation',
        date: '2026-03-05',
        title: '年度评价',
        grade: '良好',
        note: '评错了',
        retracts: 'v1',
      },
    });
    expect(withdrawalOf(evaluation, '  ')).toEqual({ problem: { key: 'fieldProblem.required' } });
    expect(withdrawalOf(entry('e1', { retractedBy: 'e2' }), '再撤')).toBeUndefined();
    expect(withdrawalOf(entry('e2', { retracts: 'e1' }), '撤回撤回')).toBeUndefined();
  });
});
