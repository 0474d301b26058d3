import { describe, expect, it } from 'vitest';
import type { ServiceRecord } from '../../shared/earning/contract/service-records';
import type { VolunteerFound } from '../../shared/people/contract/volunteers';
import {
  fieldOfPath,
  type HandEntryEvent,
  type HandEntryState,
  openedEntry,
  problemsOfRefusal,
  readHours,
  reduceEntry,
} from '../../web/src/earning/hand-entry-state';
import { closedReversal, type ReverseEvent, reduceReverse } from '../../web/src/earning/reverse-state';
import {
  type AdjustEvent,
  type AdjustState,
  problemsOfRefusal as adjustRefusal,
  openedAdjustment,
  reduceAdjust,
} from '../../web/src/ledger/adjust-state';
import {
  listOf,
  openedVolunteers,
  reduceVolunteers,
  registrationOf,
  type VolunteersEvent,
} from '../../web/src/people/register-state';
import { initialSearch, reduceSearch, type SearchEvent } from '../../web/src/people/search-state';

const WANG: VolunteerFound = {
  id: 'vwang',
  name: '王*英',
  phone: '138****0005',
  orgId: 'nanzhuang',
  orgName: '南庄村',
};
const TAN: VolunteerFound = {
  id: 'vtan',
  name: '谭*华',
  phone: '138****0001',
  orgId: 'wenshan',
  orgName: '文山村',
};
const TODAY = '2026-03-10';

const entryAfter = (events: readonly HandEntryEvent[], start: HandEntryState = openedEntry('key-1', TODAY)) =>
  events.reduce(reduceEntry, start);

const filled: HandEntryEvent[] = [
  { type: 'edited', field: 'name', value: ' 敬老院探访 ' },
  { type: 'edited', field: 'projectId', value: 'rizhao' },
  { type: 'personAdded', volunteer: WANG },
  { type: 'personAdded', volunteer: TAN },
  { type: 'hoursTyped', volunteerId: 'vwang', text: '1.5' },
  { type: 'hoursTyped', volunteerId: 'vtan', text: '２' },
];

describe('录入服务时长: where, when and who (order No. 67 第七条)', () => {
  const edited = (state: HandEntryState, field: HandEntryEvent & { type: 'edited' }) =>
    reduceEntry(state, field);
  const volunteer = { id: 'v1', name: '谭*华', orgId: 'shangche' } as unknown as VolunteerFound;
  const filled = [
    { type: 'edited', field: 'name', value: '敬老院探访' },
    { type: 'personAdded', volunteer },
    { type: 'hoursTyped', volunteerId: 'v1', text: '2' },
  ] as HandEntryEvent[];

  it('sends the place, the times and the responsible person when they are filled in', () => {
    let state = filled.reduce(reduceEntry, openedEntry('k', '2026-12-04'));
    for (const [field, value] of [
      ['place', ' 上车村敬老院 '],
      ['startTime', '09:00'],
      ['endTime', '11:30'],
      ['responsible', '张建军'],
    ] as const)
      state = edited(state, { type: 'edited', field, value });
    state = reduceEntry(state, { type: 'submitted', today: '2026-12-04' });
    expect(state.request?.activity).toEqual({
      name: '敬老院探访',
      date: '2026-12-04',
      place: '上车村敬老院',
      startTime: '09:00',
      endTime: '11:30',
      responsible: '张建军',
    });
  });

  it('says beside the end time when it is not after the start, and sends nothing', () => {
    let state = filled.reduce(reduceEntry, openedEntry('k', '2026-12-04'));
    state = edited(state, { type: 'edited', field: 'startTime', value: '14:00' });
    state = edited(state, { type: 'edited', field: 'endTime', value: '09:00' });
    state = reduceEntry(state, { type: 'submitted', today: '2026-12-04' });
    expect(state.request).toBeUndefined();
    expect(state.problems).toEqual([{ field: 'endTime', say: { key: 'office.entry.error.endBeforeStart' } }]);
    expect(fieldOfPath('body.activity.endTime', [])).toBe('endTime');
    expect(fieldOfPath('body.activity.place', [])).toBe('place');
  });
});

describe('录入服务时长 (hand entry)', () => {
  it('sends the form as one record, with the key made when the form opened', () => {
    // Act
    const state = entryAfter([...filled, { type: 'submitted', today: TODAY }]);

    // Assess
    expect(state.phase).toBe('sending');
    expect(state.key).toBe('key-1');
    expect(state.request).toEqual({
      activity: { name: '敬老院探访', date: TODAY, projectId: 'rizhao' },
      entries: [
        { volunteerId: 'vwang', hours: 1.5 },
        { volunteerId: 'vtan', hours: 2 },
      ],
    });
  });

  it('ignores a second click while sending, and sends the very same request and key again after no answer', () => {
    // Prepare
    const sending = entryAfter([...filled, { type: 'submitted', today: TODAY }]);

    // Act
    const doubleClicked = reduceEntry(sending, { type: 'submitted', today: TODAY });
    const unanswered = reduceEntry(sending, { type: 'unanswered' });
    const edited = reduceEntry(unanswered, { type: 'hoursTyped', volunteerId: 'vwang', text: '3' });
    const again = reduceEntry(edited, { type: 'submitted', today: TODAY });

    // Assess
    expect(doubleClicked).toBe(sending);
    expect(unanswered.phase).toBe('unknown');
    expect(edited).toBe(unanswered);
    expect([again.phase, again.key, again.request]).toEqual(['sending', 'key-1', sending.request]);
  });

  it('points each problem at its field, in Chinese message keys, and sends nothing', () => {
    // Act
    const state = entryAfter([
      { type: 'edited', field: 'date', value: '2026-03-11' },
      { type: 'personAdded', volunteer: WANG },
      { type: 'hoursTyped', volunteerId: 'vwang', text: '1.3' },
      { type: 'submitted', today: TODAY },
    ]);
    const nobody = entryAfter([{ type: 'submitted', today: TODAY }]);

    // Assess
    expect(state.phase).toBe('editing');
    expect(state.request).toBeUndefined();
    expect(
      state.problems.map((problem) => [problem.field, 'key' in problem.say ? problem.say.key : '']),
    ).toEqual([
      ['name', 'office.entry.error.name'],
      ['date', 'office.entry.error.dateFuture'],
      ['hours:vwang', 'office.entry.error.hours'],
    ]);
    expect(nobody.problems.map((problem) => problem.field)).toContain('people');
  });

  it('clears a problem when its field is corrected, and keeps the others', () => {
    // Prepare
    const refused = entryAfter([
      { type: 'personAdded', volunteer: WANG },
      { type: 'submitted', today: TODAY },
    ]);

    // Act
    const corrected = reduceEntry(refused, { type: 'hoursTyped', volunteerId: 'vwang', text: '1' });

    // Assess
    expect(refused.problems.map((problem) => problem.field)).toEqual(['name', 'hours:vwang']);
    expect(corrected.problems.map((problem) => problem.field)).toEqual(['name']);
  });

  it('reads hours forgivingly but only in quarter hours from 0.25 to 24', () => {
    expect(['0.25', '１.５', '2，5', '24', ' 3 '].map(readHours)).toEqual([0.25, 1.5, 2.5, 24, 3]);
    const state = (text: string) =>
      entryAfter([
        { type: 'edited', field: 'name', value: '探访' },
        { type: 'personAdded', volunteer: WANG },
        { type: 'hoursTyped', volunteerId: 'vwang', text },
        { type: 'submitted', today: TODAY },
      ]).phase;
    expect(['0', '0.2', '24.25', '-1', 'abc', '', '1.75'].map(state)).toEqual([
      'editing',
      'editing',
      'editing',
      'editing',
      'editing',
      'editing',
      'sending',
    ]);
  });

  it('adds a person once, and after a refusal takes a fresh key with the problems at their fields', () => {
    // Prepare
    const sending = entryAfter([
      ...filled,
      { type: 'personAdded', volunteer: WANG },
      { type: 'submitted', today: TODAY },
    ]);
    const refusal = {
      code: 'VALIDATION_FAILED',
      message: '填写的内容有误',
      fields: [
        { path: 'body.activity.date', message: 'must not be after today (China time)' },
        { path: 'body.entries.1.volunteerId', message: 'no such volunteer' },
      ],
      volunteerIds: [],
    };

    // Act
    const refused = reduceEntry(sending, {
      type: 'refused',
      problems: problemsOfRefusal(refusal, sending.people),
      nextKey: 'key-2',
    });
    const outside = problemsOfRefusal(
      { code: 'FORBIDDEN', message: '', fields: [], volunteerIds: ['vtan'] },
      sending.people,
    );

    // Assess
    expect(sending.people).toHaveLength(2);
    expect([refused.phase, refused.key]).toEqual(['editing', 'key-2']);
    expect(refused.problems).toEqual([
      { field: 'date', say: { key: 'office.entry.error.dateFuture' } },
      { field: 'people', say: { key: 'office.entry.error.unknownPerson', params: { name: '谭*华' } } },
    ]);
    expect(outside).toEqual([
      { field: 'people', say: { key: 'office.entry.error.outside', params: { names: '谭*华' } } },
    ]);
    expect(fieldOfPath('body.entries.0.hours', sending.people)).toBe('hours:vwang');
  });
});

describe('积分调整 (adjustments)', () => {
  const adjustAfter = (events: readonly AdjustEvent[], start: AdjustState = openedAdjustment('adj-1')) =>
    events.reduce(reduceAdjust, start);
  const debit: AdjustEvent[] = [
    { type: 'picked', volunteer: WANG },
    { type: 'balanceRead', volunteerId: 'vwang', balance: 30 },
    { type: 'edited', field: 'direction', value: 'debit' },
    { type: 'edited', field: 'points', value: '５0' },
    { type: 'edited', field: 'reason', value: ' 重复发放 ' },
    { type: 'submitted' },
  ];

  it('sends one adjustment under the form’s key; a double click sends nothing more', () => {
    // Act
    const sending = adjustAfter(debit);
    const again = reduceAdjust(sending, { type: 'submitted' });

    // Assess
    expect([sending.phase, sending.key]).toEqual(['sending', 'adj-1']);
    expect(sending.request).toEqual({ direction: 'debit', points: 50, reason: '重复发放' });
    expect(again).toBe(sending);
  });

  it('shows a debit over the balance as a Chinese refusal at the points, with a fresh key', () => {
    // Prepare
    const sending = adjustAfter(debit);

    // Act
    const refused = reduceAdjust(sending, {
      type: 'refused',
      problems: adjustRefusal({ code: 'INSUFFICIENT_POINTS', message: '', balance: 30 }, sending),
      nextKey: 'adj-2',
    });

    // Assess
    expect([refused.phase, refused.key]).toEqual(['editing', 'adj-2']);
    expect(refused.problems).toEqual([
      {
        field: 'points',
        say: { key: 'office.adjust.error.tooLow', params: { name: '王*英', balance: 30, points: 50 } },
      },
    ]);
  });

  it('needs a volunteer, whole points and a reason', () => {
    // Act
    const state = adjustAfter([{ type: 'edited', field: 'points', value: '1.5' }, { type: 'submitted' }]);

    // Assess
    expect(state.phase).toBe('editing');
    expect(state.problems.map((problem) => problem.field)).toEqual(['volunteer', 'points', 'reason']);
  });

  it('keeps a late balance of another volunteer off the form', () => {
    const state = adjustAfter([
      { type: 'picked', volunteer: WANG },
      { type: 'picked', volunteer: TAN },
      { type: 'balanceRead', volunteerId: 'vwang', balance: 30 },
    ]);
    expect([state.volunteer?.id, state.balance]).toEqual(['vtan', undefined]);
  });
});

describe('撤销记录 (reversal)', () => {
  const reversal = {
    id: 'r2',
    points: 30,
    entries: [{ reversed: true }, { reversed: false }],
  } as unknown as ServiceRecord;
  const reversalAfter = (events: readonly ReverseEvent[]) => events.reduce(reduceReverse, closedReversal);

  it('needs a reason, then sends once under the key made when the form opened', () => {
    // Act
    const empty = reversalAfter([{ type: 'opened', key: 'rev-1' }, { type: 'submitted' }]);
    const sending = reversalAfter([
      { type: 'opened', key: 'rev-1' },
      { type: 'reasonTyped', text: ' 重复录入 ' },
      { type: 'submitted' },
    ]);

    // Assess
    expect(empty.problem).toEqual({ key: 'office.records.needReason' });
    expect([sending.phase, sending.key, sending.reason]).toEqual(['sending', 'rev-1', '重复录入']);
    expect(reduceReverse(sending, { type: 'submitted' })).toBe(sending);
  });

  it('after no answer sends the same again; once answered it is done', () => {
    // Act
    const unknown = reversalAfter([
      { type: 'opened', key: 'rev-1' },
      { type: 'reasonTyped', text: '重复录入' },
      { type: 'submitted' },
      { type: 'unanswered' },
    ]);
    const again = reduceReverse(unknown, { type: 'submitted' });
    const done = reduceReverse(again, { type: 'answered', reversal });

    // Assess
    expect([again.phase, again.key]).toEqual(['sending', 'rev-1']);
    expect([done.phase, done.reversal?.points]).toEqual(['done', 30]);
  });
});

describe('登记志愿者 (the register form)', () => {
  const form = { name: ' 王秀英 ', phone: '138 0931 0005', externalId: '' };

  it('registers into the organisation on screen, not the one the section opened with', () => {
    // Act
    const state = [
      { type: 'orgPicked', orgId: 'nanzhuang' },
      { type: 'registerSubmitted', form },
    ].reduce(
      (current, event) => reduceVolunteers(current, event as VolunteersEvent),
      openedVolunteers('wenshan'),
    );

    // Assess
    expect(state.sending).toEqual({ name: '王秀英', phone: '138 0931 0005', orgId: 'nanzhuang' });
  });

  it('keeps the organisation on screen after a registration, for the next person', () => {
    // Act
    const events: VolunteersEvent[] = [
      { type: 'orgPicked', orgId: 'nanzhuang' },
      { type: 'registerSubmitted', form },
      { type: 'registerSubmitted', form: { ...form, name: '又一位' } },
      { type: 'registered', name: '王秀英' },
      { type: 'registerSubmitted', form: { ...form, name: '刘建国', externalId: ' GL-6 ' } },
    ];
    const state = events.reduce(reduceVolunteers, openedVolunteers('wenshan'));

    // Assess
    expect(state.registered).toEqual({ name: '王秀英', orgId: 'nanzhuang' });
    expect(state.sending).toEqual({
      name: '刘建国',
      phone: '138 0931 0005',
      orgId: 'nanzhuang',
      externalId: 'GL-6',
    });
  });

  it('sends the 更多信息 that was filled in, lists split as people write them, a number as a 居民身份证 by default', () => {
    expect(listOf('理发、维修家电，缝补; 助老  ')).toEqual(['理发', '维修家电', '缝补', '助老']);
    expect(listOf('')).toEqual([]);
    const details = registrationOf('nanzhuang', {
      ...form,
      gender: 'female',
      idType: '',
      idNumber: ' 62012219680901018x ',
      skills: '理发、缝补',
      serviceIntentions: '',
    });
    expect(details).toEqual({
      name: '王秀英',
      phone: '138 0931 0005',
      orgId: 'nanzhuang',
      gender: 'female',
      idType: 'resident-id',
      idNumber: '62012219680901018x',
      skills: ['理发', '缝补'],
    });
    // A type picked without a number sends neither; 不填 sends no gender.
    expect(registrationOf('nanzhuang', { ...form, idType: 'passport', gender: '' })).toEqual({
      name: '王秀英',
      phone: '138 0931 0005',
      orgId: 'nanzhuang',
    });
  });
});

describe('找志愿者 (the search box)', () => {
  it('checks the text before sending, and keeps only the answer to the latest search', () => {
    // Act
    const tooShort = [{ type: 'typed', text: '12' }, { type: 'asked' }].reduce(
      (state, event) => reduceSearch(state, event as SearchEvent),
      initialSearch,
    );
    const events: SearchEvent[] = [
      { type: 'typed', text: '秀' },
      { type: 'asked' },
      { type: 'typed', text: '秀英' },
      { type: 'asked' },
      { type: 'answered', search: 2, result: { volunteers: [WANG], more: false } },
      { type: 'answered', search: 1, result: { volunteers: [WANG, TAN], more: true } },
    ];
    const state = events.reduce(reduceSearch, initialSearch);

    // Assess
    expect([tooShort.phase, tooShort.asked, tooShort.problem]).toEqual([
      'failed',
      0,
      { key: 'office.search.digits' },
    ]);
    expect([state.phase, state.found, state.more]).toEqual(['found', [WANG], false]);
  });
});
