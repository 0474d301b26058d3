import { describe, expect, it } from 'vitest';
import { ACTIVITY_ACTIONS, ACTIVITY_STATUSES } from '../../shared/activities/rules/activity-flow';
import { FLAG_WORDS } from '../../shared/activities/rules/roster';
import {
  type ActivityView,
  type AttendeeView,
  type BoardEvent,
  type BoardState,
  CODE_GRACE_MS,
  CODE_RETRY_MS,
  codeDue,
  initialBoard,
  type Problem,
  ROSTER_POLL_MS,
  type Roster,
  reduce,
  rosterDue,
  secondsToRenewal,
  shownCode,
} from '../../web/src/activities/board/state';
import {
  activityWindow,
  chinaInstant,
  chinaParts,
  codeOrCard,
  countsOf,
  dayGroups,
  doorCodeOf,
  rowActions,
  shiftMonth,
  shrinkSteps,
  stepActions,
} from '../../web/src/activities/plan';
import { en } from '../../web/src/platform/i18n/en';
import { zhCN } from '../../web/src/platform/i18n/zh-CN';

/**
 * The organiser's board (web/src/activities/board/state.ts) and the activity pages' pure rules
 * (web/src/activities/plan.ts): events in, state out, no DOM, network or clock.
 */
const T0 = Date.parse('2026-12-05T01:00:00Z'); // 09:00 in China

const activity = (more: Partial<ActivityView> = {}): ActivityView => ({
  activityId: 'act-1',
  title: '文山村 清扫村道',
  status: 'running',
  teamOrgId: 'shichuan',
  place: { villageOrgId: 'wenshan', villageName: '文山村', address: '村委会广场' },
  start: '2026-12-05T01:00:00.000Z',
  end: '2026-12-05T03:00:00.000Z',
  capacity: 20,
  signedUp: 0,
  waiting: 0,
  signUpUntil: '2026-12-05T01:00:00.000Z',
  openTo: 'team',
  createdBy: 'demo-coordinator',
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-05T01:00:00.000Z',
  ...more,
});

const person = (volunteerId: string, more: Partial<AttendeeView> = {}): AttendeeView => ({
  volunteerId,
  displayName: '谭*华',
  signUp: 'confirmed',
  days: [],
  hours: 0,
  flags: [],
  ...more,
});

const roster = (attendees: AttendeeView[], more: Partial<ActivityView> = {}): Roster => ({
  activity: activity(more),
  counts: countsOf(attendees),
  attendees,
});

const play = (state: BoardState, ...events: BoardEvent[]): BoardState => events.reduce(reduce, state);
const problem = (code: string | undefined): Problem => ({ code, message: `message for ${code}` });

describe('the door code on the organiser’s board', () => {
  it('asks for a code at once while the activity runs, and none for an activity not running', () => {
    expect(codeDue(initialBoard(activity(), T0))).toBe(true);
    for (const status of ACTIVITY_STATUSES.filter((one) => one !== 'running'))
      expect(codeDue(initialBoard(activity({ status }), T0)), status).toBe(false);
  });

  it('asks once at a time, and again exactly at the renewal the API named', () => {
    // Prepare
    const asked = play(initialBoard(activity(), T0), { type: 'codeRequested' });
    expect(codeDue(asked)).toBe(false);

    // Act
    const shown = play(asked, { type: 'codeArrived', code: 'door.one', renewAtMs: T0 + 30_000 });

    // Assess
    expect(shownCode(shown)?.code).toBe('door.one');
    expect(secondsToRenewal(shown)).toBe(30);
    expect(codeDue(play(shown, { type: 'tick', nowMs: T0 + 29_999 }))).toBe(false);
    const due = play(shown, { type: 'tick', nowMs: T0 + 30_000 });
    expect(codeDue(due)).toBe(true);
    // The old code is still taken for one step: it stays on screen while the next one comes.
    expect(shownCode(due)?.code).toBe('door.one');
    expect(shownCode(play(shown, { type: 'tick', nowMs: T0 + 30_000 + CODE_GRACE_MS }))).toBeUndefined();
  });

  it('tries again after a pause when the network failed, and stops when the door closed', () => {
    // Act
    const failed = play(
      initialBoard(activity(), T0),
      { type: 'codeRequested' },
      { type: 'codeFailed', problem: problem(undefined) },
    );
    const shut = play(
      initialBoard(activity(), T0),
      { type: 'codeRequested' },
      { type: 'codeFailed', problem: problem('ACTIVITY_STATE') },
    );

    // Assess
    expect(codeDue(failed)).toBe(false);
    expect(codeDue(play(failed, { type: 'tick', nowMs: T0 + CODE_RETRY_MS }))).toBe(true);
    expect(failed.codeProblem).toEqual({ text: 'message for undefined' });
    expect(codeDue(play(shut, { type: 'tick', nowMs: T0 + 60_000 }))).toBe(false);
    expect(shut.codeProblem).toEqual({ key: 'activities.board.doorShut' });
    // The roster is read again to learn what the activity is now.
    expect(rosterDue(shut)).toBe(true);
  });
});

describe('the roster on the organiser’s board', () => {
  it('is read at once, then every few seconds while the door is open, once otherwise', () => {
    // Prepare
    const running = play(initialBoard(activity(), T0), { type: 'rosterRequested' });
    const finished = play(initialBoard(activity({ status: 'finished' }), T0), { type: 'rosterRequested' });
    expect(rosterDue(initialBoard(activity(), T0))).toBe(true);
    expect(rosterDue(running)).toBe(false);

    // Act
    const read = play(running, { type: 'rosterArrived', roster: roster([]) });
    const readFinished = play(finished, {
      type: 'rosterArrived',
      roster: roster([], { status: 'finished' }),
    });

    // Assess
    expect(rosterDue(play(read, { type: 'tick', nowMs: T0 + ROSTER_POLL_MS - 1 }))).toBe(false);
    expect(rosterDue(play(read, { type: 'tick', nowMs: T0 + ROSTER_POLL_MS }))).toBe(true);
    expect(rosterDue(play(readFinished, { type: 'tick', nowMs: T0 + 10 * ROSTER_POLL_MS }))).toBe(false);
    expect(rosterDue(play(readFinished, { type: 'refreshClicked' }))).toBe(true);
  });

  it('learns from the roster that the activity was finished elsewhere: the code goes', () => {
    // Prepare
    const shown = play(
      initialBoard(activity(), T0),
      { type: 'codeArrived', code: 'door.one', renewAtMs: T0 + 30_000 },
      { type: 'rosterRequested' },
    );

    // Act
    const after = play(shown, { type: 'rosterArrived', roster: roster([], { status: 'finished' }) });

    // Assess
    expect(after.activity.status).toBe('finished');
    expect(shownCode(after)).toBeUndefined();
    expect(codeDue(after)).toBe(false);
  });

  it('puts a sign-in at the door in its line at once, and counts it', () => {
    // Prepare
    const board = play(
      initialBoard(activity(), T0),
      { type: 'rosterRequested' },
      { type: 'rosterArrived', roster: roster([person('tan'), person('wei')]) },
    );

    // Act
    const sending = play(board, {
      type: 'markRequested',
      slot: 'tan',
      request: { volunteerId: 'tan', action: 'sign-in' },
    });
    const again = play(sending, {
      type: 'markRequested',
      slot: 'tan',
      request: { volunteerId: 'tan', action: 'sign-in' },
    });
    const signedIn = play(sending, {
      type: 'marked',
      slot: 'tan',
      answer: {
        outcome: 'signed-in',
        activityId: 'act-1',
        title: '文山村 清扫村道',
        attendee: person('tan', { signedInAt: '2026-12-05T01:05:00.000Z', signedInBy: 'organiser' }),
      },
    });

    // Assess
    expect(sending.marking).toEqual(['tan']);
    expect(again).toBe(sending);
    expect(signedIn.marking).toEqual([]);
    expect(signedIn.roster?.counts.present).toBe(1);
    expect(signedIn.roster?.attendees.map((one) => one.volunteerId)).toEqual(['tan', 'wei']);
    expect(signedIn.last?.outcome).toBe('signed-in');
  });

  it('adds a walk-in scanned by the organiser at the end of the roster', () => {
    // Prepare
    const board = play(
      initialBoard(activity(), T0),
      { type: 'rosterRequested' },
      { type: 'rosterArrived', roster: roster([person('tan')]) },
      { type: 'codeScanned', code: 'volunteer.code' },
      { type: 'markRequested', slot: 'scan', request: { code: 'volunteer.code' } },
    );

    // Act
    const after = play(board, {
      type: 'marked',
      slot: 'scan',
      answer: {
        outcome: 'signed-in',
        activityId: 'act-1',
        title: 't',
        attendee: person('li', { signUp: 'none', signedInAt: '2026-12-05T01:10:00Z', flags: ['walk-in'] }),
      },
    });

    // Assess
    expect(after.camera).toBe('off');
    expect(after.roster?.attendees.map((one) => one.volunteerId)).toEqual(['tan', 'li']);
    expect(after.roster?.counts).toMatchObject({ present: 1, walkIns: 1, signedUp: 1 });
  });

  it('keeps a line’s form open on a refusal and closes it on the answer', () => {
    // Prepare
    const board = play(
      initialBoard(activity({ status: 'finished' }), T0),
      { type: 'rosterRequested' },
      {
        type: 'rosterArrived',
        roster: roster([person('tan', { signedInAt: '2026-12-05T01:00:00Z', flags: ['missing-sign-out'] })], {
          status: 'finished',
        }),
      },
      { type: 'formOpened', form: { volunteerId: 'tan', kind: 'sign-out-at' } },
      { type: 'markRequested', slot: 'tan', request: { volunteerId: 'tan', action: 'sign-out', at: 'x' } },
    );

    // Act
    const refused = play(board, { type: 'markFailed', slot: 'tan', problem: problem('VALIDATION_FAILED') });
    const answered = play(board, {
      type: 'marked',
      slot: 'tan',
      answer: {
        outcome: 'signed-out',
        activityId: 'act-1',
        title: 't',
        attendee: person('tan', { signedInAt: '2026-12-05T01:00:00Z', signedOutAt: '2026-12-05T03:00:00Z' }),
      },
    });

    // Assess
    expect(refused.openForm).toEqual({ volunteerId: 'tan', kind: 'sign-out-at' });
    expect(refused.markProblem).toEqual({ text: 'message for VALIDATION_FAILED' });
    expect(answered.openForm).toBeUndefined();
    expect(answered.roster?.counts.missingSignOut).toBe(0);
  });

  it('does not start the camera twice, and says when it was refused', () => {
    const starting = play(initialBoard(activity(), T0), { type: 'cameraClicked' });
    expect(starting.camera).toBe('starting');
    expect(play(starting, { type: 'cameraClicked' })).toBe(starting);
    expect(play(starting, { type: 'cameraStarted' }).camera).toBe('on');
    expect(play(starting, { type: 'cameraFailed', denied: true }).camera).toBe('denied');
    expect(play(starting, { type: 'cameraStopped' }, { type: 'cameraStarted' }).camera).toBe('off');
  });
});

describe('the activity pages’ rules', () => {
  it('reads and writes China time, whatever the device’s zone', () => {
    expect(chinaParts('2026-12-05T01:00:00.000Z')).toEqual({ date: '2026-12-05', time: '09:00' });
    expect(chinaParts('2026-12-04T16:30:00Z')).toEqual({ date: '2026-12-05', time: '00:30' });
    expect(chinaInstant('2026-12-05', '09:00')).toBe('2026-12-05T09:00:00+08:00');
    expect(chinaInstant('2026-02-30', '09:00')).toBeUndefined();
    expect(chinaInstant('2026-12-05', '24:00')).toBeUndefined();
    expect(chinaInstant('', '09:00')).toBeUndefined();
  });

  it('makes an activity’s window from a day and two times; an earlier end is the next morning', () => {
    expect(activityWindow('2026-12-05', '09:00', '11:30')).toEqual({
      ok: true,
      start: '2026-12-05T09:00:00+08:00',
      end: '2026-12-05T11:30:00+08:00',
      overnight: false,
    });
    expect(activityWindow('2026-12-31', '20:00', '01:00')).toEqual({
      ok: true,
      start: '2026-12-31T20:00:00+08:00',
      end: '2027-01-01T01:00:00+08:00',
      overnight: true,
    });
    expect(activityWindow('2026-12-05', '09:00', '09:00')).toEqual({ ok: false, field: 'to' });
    expect(activityWindow('2026-12-05', '', '11:00')).toEqual({ ok: false, field: 'from' });
    expect(activityWindow('2026-13-05', '09:00', '11:00')).toEqual({ ok: false, field: 'date' });
  });

  it('offers exactly the steps the flow allows, cancel last', () => {
    expect(stepActions('draft')).toEqual(['publish', 'cancel']);
    expect(stepActions('recruiting')).toEqual(['start', 'cancel']);
    expect(stepActions('running')).toEqual(['finish', 'cancel']);
    expect(stepActions('finished')).toEqual(['record', 'reopen', 'cancel']);
    expect(stepActions('recorded')).toEqual([]);
    expect(stepActions('cancelled')).toEqual([]);
  });

  it('lets the organiser sign people in and out while it runs, and only set a sign-out after', () => {
    const out = person('a');
    const inside = person('b', { signedInAt: '2026-12-05T01:00:00Z' });
    const gone = person('c', { signedInAt: '2026-12-05T01:00:00Z', signedOutAt: '2026-12-05T02:00:00Z' });
    const withdrew = person('d', { signUp: 'withdrawn' });
    expect(rowActions(out, 'running')).toEqual(['sign-in']);
    expect(rowActions(inside, 'running')).toEqual(['sign-out', 'sign-out-at']);
    expect(rowActions(gone, 'running')).toEqual([]);
    expect(rowActions(withdrew, 'running')).toEqual([]);
    expect(rowActions(inside, 'finished')).toEqual(['sign-out-at']);
    expect(rowActions(out, 'finished')).toEqual([]);
    expect(rowActions(inside, 'recorded')).toEqual([]);
  });

  it('lists the calendar by China day, each day by start', () => {
    const at = (activityId: string, start: string) => ({ activityId, start });
    expect(
      dayGroups([
        at('late', '2026-12-05T10:00:00Z'),
        at('early', '2026-12-05T01:00:00Z'),
        at('midnight', '2026-12-05T16:30:00Z'),
        at('first', '2026-12-01T00:00:00Z'),
      ]),
    ).toEqual([
      { date: '2026-12-01', activities: [at('first', '2026-12-01T00:00:00Z')] },
      {
        date: '2026-12-05',
        activities: [at('early', '2026-12-05T01:00:00Z'), at('late', '2026-12-05T10:00:00Z')],
      },
      { date: '2026-12-06', activities: [at('midnight', '2026-12-05T16:30:00Z')] },
    ]);
  });

  it('moves months across years', () => {
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2026-05', 0)).toBe('2026-05');
  });

  it('reads what the organiser typed as a card number or a volunteer code', () => {
    expect(codeOrCard(' 6200 1234-5678 ')).toEqual({ cardNumber: '620012345678' });
    expect(codeOrCard('１２３４５６')).toEqual({ cardNumber: '123456' });
    expect(codeOrCard('eyJ2IjoxfQ.abc')).toEqual({ code: 'eyJ2IjoxfQ.abc' });
    expect(codeOrCard('   ')).toBeUndefined();
    expect(doorCodeOf(' abc.\n def ')).toBe('abc.def');
    expect(doorCodeOf('')).toBeUndefined();
    expect(doorCodeOf('x'.repeat(257))).toBeUndefined();
  });

  it('tries a photo at shrinking sizes and qualities, never larger than it was', () => {
    const steps = shrinkSteps(4000, 3000);
    expect(steps[0]).toEqual({ width: 1280, height: 960, quality: 0.7 });
    expect(steps.at(-1)).toEqual({ width: 360, height: 270, quality: 0.35 });
    for (let index = 1; index < steps.length; index += 1) {
      const [before, after] = [steps[index - 1], steps[index]];
      expect((after?.width ?? 0) * 1000 + (after?.quality ?? 0)).toBeLessThan(
        (before?.width ?? 0) * 1000 + (before?.quality ?? 0),
      );
    }
    const small = shrinkSteps(300, 200);
    expect(new Set(small.map((step) => `${step.width}x${step.height}`))).toEqual(new Set(['300x200']));
    expect(shrinkSteps(0, 100)).toEqual([]);
  });

  it('names every status, step and flag in both languages; the flags as the exported roster does', () => {
    for (const status of ACTIVITY_STATUSES) {
      expect(zhCN).toHaveProperty([`activities.status.${status}`]);
      expect(en).toHaveProperty([`activities.status.${status}`]);
    }
    for (const action of ACTIVITY_ACTIONS) expect(en).toHaveProperty([`activities.step.${action}`]);
    for (const [flag, words] of Object.entries(FLAG_WORDS)) {
      expect((zhCN as Record<string, string>)[`activities.flag.${flag}`]).toBe(words);
      expect(en).toHaveProperty([`activities.flag.${flag}`]);
    }
  });
});
