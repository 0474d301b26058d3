import { AppError } from '../../platform/errors';
import { hasRole, type Principal } from '../../platform/principal';
import type { DisclosureSettings, HonourRollChoice } from '../contract/disclosure';

/**
 * The two switches of the honour roll (光荣榜): the county office's, for the whole notice, and each
 * volunteer's own, to stay off it. Both are single items, changed without a deploy; a PUT says the
 * whole state, so sending it again changes nothing more.
 */
export interface HonourRollSettingsStore {
  /** The office's settings; the honour roll is shown until the office switches it off. */
  settings(): Promise<DisclosureSettings>;
  putSettings(settings: { honourRoll: boolean }, by: string, at: string): Promise<DisclosureSettings>;
  /** A volunteer's choice; undefined when they never made one (they are shown). */
  choice(volunteerId: string): Promise<HonourRollChoice | undefined>;
  putChoice(volunteerId: string, optOut: boolean, by: string, at: string): Promise<HonourRollChoice>;
  volunteerExists(volunteerId: string): Promise<boolean>;
}

export interface HonourRollDeps {
  settings: HonourRollSettingsStore;
  now: () => Date;
}

export function readDisclosureSettings(deps: HonourRollDeps): Promise<DisclosureSettings> {
  return deps.settings.settings();
}

export function writeDisclosureSettings(
  deps: HonourRollDeps,
  principal: Principal,
  request: { honourRoll: boolean },
): Promise<DisclosureSettings> {
  return deps.settings.putSettings(request, principal.userId, deps.now().toISOString());
}

/** The volunteer themself, or the office (for a volunteer without a phone who asks at the office). */
async function assertMayChoose(deps: HonourRollDeps, principal: Principal, volunteerId: string) {
  if (hasRole(principal, 'admin')) {
    if (!(await deps.settings.volunteerExists(volunteerId)))
      throw new AppError('NOT_FOUND', 'No such volunteer');
    return;
  }
  if (hasRole(principal, 'volunteer') && principal.volunteerId === volunteerId) return;
  throw new AppError('FORBIDDEN', 'Only the volunteer themself chooses this');
}

export async function readHonourRollChoice(
  deps: HonourRollDeps,
  principal: Principal,
  volunteerId: string,
): Promise<HonourRollChoice> {
  await assertMayChoose(deps, principal, volunteerId);
  return (await deps.settings.choice(volunteerId)) ?? { volunteerId, optOut: false };
}

export async function writeHonourRollChoice(
  deps: HonourRollDeps,
  principal: Principal,
  volunteerId: string,
  optOut: boolean,
): Promise<HonourRollChoice> {
  await assertMayChoose(deps, principal, volunteerId);
  return deps.settings.putChoice(volunteerId, optOut, principal.userId, deps.now().toISOString());
}
