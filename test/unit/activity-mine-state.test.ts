import { describe, expect, it } from 'vitest';
import {
  type ActivityView,
  type AttendeeView,
  canSendCode,
  type DoorAnswer,
  initialMine,
  joinOf,
  type MineEvent,
  type MineState,
  placesLeft,
  reduce,
  signUpWindow,
} from '../../web/src/activities/mine/state';

/**
 * 我的活动 on the volunteer's page (web/src/activities/mine/state.ts): sign-up and withdrawal, the
 * door (one code at a time), the month's hours. Events in, state out.
 */
const NOW = Date.parse('2026-12-03T02:00:00Z');

const activity = (activityId: string, more: Partial<ActivityView> = {}): ActivityView => ({
  activityId,
  title: `活动 ${activityId}`,
  status: 'recruiting',
  teamOrgId: 'shichuan',
  place: { villageOrgId: 'wenshan', address: '村委会' },
  start: '2026-12-05T01:00:00.000Z',
  end: '2026-12-05T03:00:00.000Z',
  capacity: 2,
  signedUp: 1,
  waiting: 0,
  signUpUntil: '2026-12-05T01:00:00.000Z',
  openTo: 'team',
  createdBy: 'c',
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
  ...more,
});

const attendee = (more: Partial<AttendeeView> = {}): AttendeeView => ({
  volunteerId: 'tan',
  displayName: '谭*华',
  signUp: 'confirmed',
  days: [],
  hours: 0,
  flags: [],
  ...more,
});

const play = (state: MineState, ...events: MineEvent[]): MineState => events.reduce(reduce, state);
const started = (activities: ActivityView[]) =>
  play(
    initialMine,
    { type: 'started', month: '2026-12', nowMs: NOW },
    { type: 'listArrived', activities, nowMs: NOW },
  );
const listed = (state: MineState) => (state.list.status === 'loaded' ? state.list.value : []);

describe('signing up on the volunteer’s page', () => {
  it('offers sign-up while recruiting and the window is open, withdrawal once in', () => {
    expect(joinOf(activity('a'), NOW)).toBe('sign-up');
    expect(joinOf(activity('a', { mine: { signUp: 'confirmed' } }), NOW)).toBe('withdraw');
    expect(joinOf(activity('a', { mine: { signUp: 'waiting' } }), NOW)).toBe('withdraw');
    expect(joinOf(activity('a', { mine: { signUp: 'withdrawn' } }), NOW)).toBe('sign-up');
    expect(joinOf(activity('a', { status: 'running' }), NOW)).toBeUndefined();
    expect(joinOf(activity('a', { signUpUntil: '2026-12-03T01:00:00Z' }), NOW)).toBeUndefined();
    expect(joinOf(activity('a', { signUpFrom: '2026-12-04T00:00:00Z' }), NOW)).toBeUndefined();
    expect(signUpWindow(activity('a', { signUpFrom: '2026-12-04T00:00:00Z' }), NOW)).toBe('before');
    expect(placesLeft(activity('a', { capacity: 2, signedUp: 3 }))).toBe(0);
  });

  it('counts the place taken and says so; a second tap while it is out does nothing', () => {
    // Prepare
    const sending = play(started([activity('a')]), { type: 'joinClicked', activityId: 'a', join: 'sign-up' });
    expect(play(sending, { type: 'joinClicked', activityId: 'a', join: 'sign-up' })).toBe(sending);

    // Act
    const after = play(sending, { type: 'joined', activityId: 'a', join: 'sign-up', attendee: attendee() });

    // Assess
    expect(after.joining).toEqual({});
    expect(listed(after)[0]).toMatchObject({ signedUp: 2, waiting: 0, mine: { signUp: 'confirmed' } });
    expect(after.notes.a).toEqual({ key: 'activities.mine.signedUp', params: { n: 0 } });
  });

  it('keeps the waitlist place the answer gives, and forgets it on withdrawal', () => {
    // Prepare
    const full = started([activity('a', { signedUp: 2 })]);

    // Act
    const waiting = play(
      full,
      { type: 'joinClicked', activityId: 'a', join: 'sign-up' },
      {
        type: 'joined',
        activityId: 'a',
        join: 'sign-up',
        attendee: attendee({ signUp: 'waiting', waitlistPosition: 3 }),
      },
    );
    const withdrawn = play(
      waiting,
      { type: 'joinClicked', activityId: 'a', join: 'withdraw' },
      { type: 'joined', activityId: 'a', join: 'withdraw', attendee: attendee({ signUp: 'withdrawn' }) },
    );

    // Assess
    expect(listed(waiting)[0]).toMatchObject({ signedUp: 2, waiting: 1, mine: { signUp: 'waiting' } });
    expect(waiting.positions).toEqual({ a: 3 });
    expect(waiting.notes.a).toEqual({ key: 'activities.mine.waitlisted', params: { n: 3 } });
    expect(listed(withdrawn)[0]).toMatchObject({ signedUp: 2, waiting: 0, mine: { signUp: 'withdrawn' } });
    expect(withdrawn.positions).toEqual({});
  });

  it('says a refusal on the activity’s card, and frees the button', () => {
    const after = play(
      started([activity('a')]),
      { type: 'joinClicked', activityId: 'a', join: 'sign-up' },
      { type: 'joinFailed', activityId: 'a', problem: { code: 'ACTIVITY_STATE', message: '报名已经截止' } },
    );
    expect(after.joining).toEqual({});
    expect(after.notes.a).toEqual({ text: '报名已经截止' });
  });

  it('keeps a list it has when a later read fails', () => {
    const after = play(started([activity('a')]), {
      type: 'listFailed',
      problem: { code: undefined, message: 'offline' },
    });
    expect(listed(after)).toHaveLength(1);
  });
});

describe('the door on the volunteer’s page', () => {
  const answer = (outcome: DoorAnswer['outcome']): DoorAnswer => ({
    outcome,
    activityId: 'a',
    title: '活动 a',
    attendee: attendee({ signedInAt: '2026-12-05T01:02:00Z' }),
  });

  it('sends one code at a time; a scan stops the camera', () => {
    // Prepare
    const scanning = play(started([]), { type: 'cameraClicked' }, { type: 'cameraStarted' });
    expect(scanning.door.camera).toBe('on');

    // Act
    const sending = play(scanning, { type: 'codeScanned', code: 'door.one' });
    const typedMeanwhile = play(sending, { type: 'codeTyped', code: 'door.two' });

    // Assess
    expect(sending.door).toMatchObject({ camera: 'off', sending: 'door.one' });
    expect(canSendCode(sending)).toBe(false);
    expect(typedMeanwhile.door.sending).toBe('door.one');
  });

  it('shows each answer, the same one twice as a new one, and a refusal in its place', () => {
    // Prepare
    const base = play(started([]), { type: 'codeTyped', code: 'door.one' });

    // Act
    const first = play(base, { type: 'doorAnswered', answer: answer('signed-in') });
    const second = play(
      first,
      { type: 'codeTyped', code: 'door.one' },
      { type: 'doorAnswered', answer: answer('unchanged') },
    );
    const refused = play(
      second,
      { type: 'codeTyped', code: 'x' },
      {
        type: 'doorFailed',
        problem: { code: 'CODE_EXPIRED', message: '签到码已经换新了' },
      },
    );

    // Assess
    expect(first.door).toMatchObject({ sending: undefined, answers: 1 });
    expect(first.door.answer?.outcome).toBe('signed-in');
    expect(second.door.answer?.outcome).toBe('unchanged');
    expect(second.door.answers).toBe(2);
    expect(refused.door.answer).toBeUndefined();
    expect(refused.door.problem?.message).toBe('签到码已经换新了');
    expect(canSendCode(refused)).toBe(true);
  });

  it('keeps the month’s hours it has when a later read fails', () => {
    const summary = { month: '2026-12', activities: [], signUps: 2, showUps: 1, hours: 2.5 };
    const after = play(
      started([]),
      { type: 'summaryArrived', summary },
      { type: 'summaryFailed', problem: { code: undefined, message: 'offline' } },
    );
    expect(after.summary).toEqual({ status: 'loaded', value: summary });
  });
});
