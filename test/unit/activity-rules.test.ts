import { describe, expect, it } from 'vitest';
import {
  type Attendee,
  attendeeFlags,
  distanceMetres,
  FAR_AWAY_METRES,
  nextScan,
  openToVolunteer,
  planRecording,
  REPEAT_SCAN_MS,
  signUpWindowOpen,
} from '../../shared/activities/rules/activities';
import { OrgTree } from '../../shared/people/rules/org-tree';

const tree = new OrgTree([
  { orgId: 'gaolan', name: '皋兰县', level: 'county' },
  { orgId: 'shichuan', name: '什川镇', level: 'town', parentId: 'gaolan' },
  { orgId: 'shangche', name: '上车村', level: 'village', parentId: 'shichuan' },
  { orgId: 'shidong', name: '石洞镇', level: 'town', parentId: 'gaolan' },
]);

/** A day activity in China: 08:00 to 20:00 on 5 December 2026. */
const window = { start: '2026-12-05T00:00:00.000Z', end: '2026-12-05T12:00:00.000Z' };
const at = (hoursAfterStart: number) =>
  new Date(Date.parse(window.start) + hoursAfterStart * 3_600_000).toISOString();

const person = (volunteerId: string, stay: Partial<Attendee> = {}): Attendee => ({
  activityId: 'a1',
  volunteerId,
  name: '谭成华',
  signUp: 'confirmed',
  activityStart: window.start,
  ...stay,
});

describe('who sees an activity', () => {
  it('a team activity: its part of the tree, above and below; a county activity: everyone', () => {
    const team = { openTo: 'team' as const, teamOrgId: 'shichuan' };
    expect(openToVolunteer(team, 'shangche', tree)).toBe(true);
    expect(openToVolunteer(team, 'gaolan', tree)).toBe(true);
    expect(openToVolunteer(team, 'shidong', tree)).toBe(false);
    expect(openToVolunteer(team, undefined, tree)).toBe(false);
    expect(openToVolunteer({ ...team, openTo: 'county' }, 'shidong', tree)).toBe(true);
  });

  it('sign-up is open inside its window only', () => {
    const activity = { signUpFrom: '2026-12-01T00:00:00.000Z', signUpUntil: '2026-12-04T00:00:00.000Z' };
    expect(signUpWindowOpen(activity, new Date('2026-11-30T23:59:59.000Z'))).toBe(false);
    expect(signUpWindowOpen(activity, new Date('2026-12-02T00:00:00.000Z'))).toBe(true);
    expect(signUpWindowOpen(activity, new Date('2026-12-04T00:00:00.001Z'))).toBe(false);
  });
});

describe('the door', () => {
  it('the first scan signs in; within ten minutes nothing changes; after, it signs out; then nothing', () => {
    const signedInAt = '2026-12-05T01:00:00.000Z';
    const soon = new Date(Date.parse(signedInAt) + REPEAT_SCAN_MS - 1);
    const later = new Date(Date.parse(signedInAt) + REPEAT_SCAN_MS);
    expect(nextScan(undefined, later)).toBe('sign-in');
    expect(nextScan({ signedInAt }, soon)).toBe('unchanged');
    expect(nextScan({ signedInAt }, later)).toBe('sign-out');
    expect(nextScan({ signedInAt, signedOutAt: later.toISOString() }, later)).toBe('unchanged');
  });

  it('measures distances on the Earth: 0.01° of latitude is about 1.1 km', () => {
    expect(distanceMetres({ lat: 36.2, lng: 104 }, { lat: 36.2, lng: 104 })).toBe(0);
    const metres = distanceMetres({ lat: 36.2, lng: 104 }, { lat: 36.21, lng: 104 });
    expect(metres).toBeGreaterThan(1100);
    expect(metres).toBeLessThan(1115);
  });

  it('flags a walk-in, a far scan and, once the activity stopped running, a missing sign-out', () => {
    const activity = {
      ...window,
      status: 'finished' as const,
      place: { villageOrgId: 'shangche', address: 'x', coordinates: { lat: 36.2, lng: 104 } },
    };
    const farAway = { lat: 36.2 + (FAR_AWAY_METRES * 2) / 111_000, lng: 104 };
    const walkIn = person('v1', { signUp: 'none', signedInAt: at(1), inAt: farAway });
    expect(attendeeFlags(walkIn, activity)).toEqual(['walk-in', 'far-away', 'missing-sign-out']);
    expect(attendeeFlags(walkIn, { ...activity, status: 'running' })).toEqual(['walk-in', 'far-away']);
    const near = person('v2', { signedInAt: at(1), signedOutAt: at(3), inAt: { lat: 36.2001, lng: 104 } });
    expect(attendeeFlags(near, activity)).toEqual([]);
  });
});

describe('what an activity comes to when it is recorded', () => {
  const none = () => 0;

  it('counts each stay in quarter-hours inside the window; leaves out a missing sign-out and a stay under a quarter-hour', () => {
    const plan = planRecording(
      window,
      [
        person('stayed', { signedInAt: at(-1), signedOutAt: at(2.6) }),
        person('forgot', { signedInAt: at(1) }),
        person('brief', { signedInAt: at(1), signedOutAt: at(1.2) }),
        person('absent'),
      ],
      none,
    );
    expect(plan).toEqual({
      entries: [{ volunteerId: 'stayed', hours: 2.5, late: false }],
      leftOut: [
        { volunteerId: 'forgot', why: 'missing-sign-out' },
        { volunteerId: 'brief', why: 'too-short' },
      ],
      blocking: [],
    });
  });

  it('a pending 补录 holds the recording; an approved one counts, marked; a rejected one is listed', () => {
    const late = (status: 'pending' | 'approved' | 'rejected') => ({
      signedInAt: at(0),
      signedOutAt: at(3),
      reason: '纸质签到',
      hasPhoto: true,
      enteredBy: 'coord',
      enteredAt: at(5),
      status,
    });
    const plan = planRecording(
      window,
      [
        person('p', { late: late('pending') }),
        person('a', { late: late('approved') }),
        person('r', { late: late('rejected') }),
      ],
      none,
    );
    expect(plan.blocking).toEqual([{ volunteerId: 'p', why: 'late-pending' }]);
    expect(plan.entries).toEqual([{ volunteerId: 'a', hours: 3, late: true }]);
    expect(plan.leftOut).toEqual([{ volunteerId: 'r', why: 'late-rejected' }]);
  });

  it('a day over 8 hours, with other activities that day, waits for a decision; approved up to 12, refused up to 8', () => {
    const long = { signedInAt: at(0), signedOutAt: at(6) };
    // Three hours elsewhere the same China day make this day nine.
    const others = (_: string, date: string) => (date === '2026-12-05' ? 3 : 0);
    expect(planRecording(window, [person('v', long)], others).blocking).toEqual([
      { volunteerId: 'v', why: 'needs-approval' },
    ]);
    const decided = (approve: boolean) =>
      person('v', { ...long, overtime: { approve, by: 'town', at: at(7) } });
    expect(planRecording(window, [decided(true)], others).entries).toEqual([
      { volunteerId: 'v', hours: 6, late: false },
    ]);
    expect(planRecording(window, [decided(false)], others).entries).toEqual([
      { volunteerId: 'v', hours: 5, late: false },
    ]);
    // Eleven hours elsewhere: approved, one more counts (12 in all); refused, none.
    const busy = (_: string, date: string) => (date === '2026-12-05' ? 11 : 0);
    expect(planRecording(window, [decided(true)], busy).entries).toEqual([
      { volunteerId: 'v', hours: 1, late: false },
    ]);
    expect(planRecording(window, [decided(false)], busy)).toMatchObject({
      entries: [],
      leftOut: [{ volunteerId: 'v', why: 'too-short' }],
    });
  });

  it('an activity across midnight counts each China day on its own', () => {
    const night = { start: '2026-12-05T12:00:00.000Z', end: '2026-12-05T20:00:00.000Z' }; // 20:00–04:00 China
    const plan = planRecording(
      night,
      [person('v', { signedInAt: night.start, signedOutAt: night.end })],
      (_, date) => (date === '2026-12-06' ? 7 : 0),
    );
    // 4 h on the 5th count; 4 h on the 6th would make 11 with 7 elsewhere: a decision is needed.
    expect(plan.blocking).toEqual([{ volunteerId: 'v', why: 'needs-approval' }]);
    const approved = planRecording(
      night,
      [
        person('v', {
          signedInAt: night.start,
          signedOutAt: night.end,
          overtime: { approve: false, by: 't', at: 'x' },
        }),
      ],
      (_, date) => (date === '2026-12-06' ? 7 : 0),
    );
    expect(approved.entries).toEqual([{ volunteerId: 'v', hours: 5, late: false }]);
  });
});
