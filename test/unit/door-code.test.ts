import { describe, expect, it } from 'vitest';
import { DOOR_CODE_STEP_SECONDS, doorCode, readDoorCode } from '../../shared/activities/rules/door-code';
import { parseSigningSecret, signToken } from '../../shared/platform/signed-token';

const signing = parseSigningSecret('door-code-test-secret-0123456789');
const other = parseSigningSecret('another-secret-for-forgeries-0123');
const NOW = new Date('2026-12-05T01:00:10.000Z');
const later = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);

describe("an activity's door code", () => {
  it('is taken in its own 30-second step and the next, then expired', () => {
    const { code, renewAt } = doorCode('act-1', NOW, signing);
    expect(renewAt).toBe('2026-12-05T01:00:30.000Z');
    expect(readDoorCode(code, signing, NOW)).toEqual({ status: 'valid', activityId: 'act-1' });
    expect(readDoorCode(code, signing, later(DOOR_CODE_STEP_SECONDS))).toEqual({
      status: 'valid',
      activityId: 'act-1',
    });
    expect(readDoorCode(code, signing, later(2 * DOOR_CODE_STEP_SECONDS))).toEqual({ status: 'expired' });
  });

  it('refuses a forged code, another purpose, garbage and a code from the future', () => {
    expect(readDoorCode(doorCode('act-1', NOW, other).code, signing, NOW)).toEqual({ status: 'invalid' });
    const { code } = doorCode('act-1', NOW, signing);
    expect(readDoorCode(`${code}x`, signing, NOW)).toEqual({ status: 'invalid' });
    expect(readDoorCode('not-a-code', signing, NOW)).toEqual({ status: 'invalid' });
    const volunteerCode = signToken(
      { a: 'act-1', s: Math.floor(NOW.getTime() / 30_000) },
      signing,
      'volunteer-code',
    );
    expect(readDoorCode(volunteerCode, signing, NOW)).toEqual({ status: 'invalid' });
    expect(readDoorCode(doorCode('act-1', later(90), signing).code, signing, NOW)).toEqual({
      status: 'invalid',
    });
  });
});
