import { AppError } from '../../platform/errors';
import { type PersonIdentity, samePerson } from './volunteer-identity';

/**
 * Registering a volunteer, as pure rules. The volunteer store writes a registration with
 * conditions that enforce the same rules atomically (shared/people/store/volunteer-store.ts);
 * test/integration/people-rules.test.ts writes every shape to DynamoDB Local and checks that each
 * rule says yes exactly when its condition lets the write through (D1).
 */

/** The stored profile. The phone is kept whole (11 digits) and masked in every answer. */
export interface ProfileItem {
  volunteerId: string;
  name: string;
  phone: string;
  orgId: string;
  externalId?: string;
  createdAt: string;
  createdBy: string;
  /** Names the one registration call that wrote the profile, to recognise our own lost answer. */
  registrationId: string;
}

/**
 * What a registration came to. Only `created` wrote anything; the rest name what stood in the way:
 * the same person already registered (`alreadyRegistered`), the same name and phone registered
 * with another or no externalId (`samePersonElsewhere`), or an externalId held by someone else.
 */
export type RegistrationOutcome =
  | { kind: 'created'; profile: ProfileItem }
  | { kind: 'alreadyRegistered'; existingId: string; existingOrgId: string }
  | { kind: 'samePersonElsewhere'; existingId: string; existingOrgId: string }
  | { kind: 'externalIdTaken' };

/**
 * What stood in a registration's way when its write was refused: the profile already at its id
 * (as it was), and whether its externalId was already held.
 */
export interface RegistrationCollision {
  profile?: ProfileItem | undefined;
  externalIdHeld: boolean;
}

/** A person registers once: their profile (at the id derived from name and phone) is written only where none is. */
export const mayRegister = (stored: ProfileItem | undefined): boolean => stored === undefined;

/** An externalId registers once: its uniqueness item is written only while no one holds it. */
export const mayClaimExternalId = (holder: { volunteerId: string } | undefined): boolean =>
  holder === undefined;

/** The salt volunteer ids are derived with is made once per table, by the first to write it. */
export const mayMakeIdSalt = (stored: { salt: string } | undefined): boolean => stored === undefined;

/** The profile in the way was written by this very registration call: an earlier attempt committed and its answer was lost. */
export const isReplay = (stored: ProfileItem, attempted: ProfileItem): boolean =>
  stored.registrationId === attempted.registrationId;

/** True when a stored profile is this very registration: same person, same externalId. */
export function isSameRegistration(profile: ProfileItem, input: PersonIdentity): boolean {
  return samePerson(profile, input) && profile.externalId === input.externalId;
}

/**
 * What a refused registration came to, from what stood in its way: our own earlier attempt (a
 * replay: created), the same person (registered here or elsewhere), another person at the same id
 * (an 80-bit collision), or a taken externalId. `retry` when nothing of its own stood in the way.
 */
export function registrationOutcome(
  collision: RegistrationCollision,
  attempted: ProfileItem,
): RegistrationOutcome | AppError | 'retry' {
  const stored = collision.profile;
  if (stored !== undefined) {
    if (isReplay(stored, attempted)) return { kind: 'created', profile: stored };
    // The id is derived from name and phone: another person here is an 80-bit collision.
    if (!samePerson(stored, attempted)) return new AppError('CONFLICT', 'Another volunteer holds this id');
    return isSameRegistration(stored, attempted)
      ? { kind: 'alreadyRegistered', existingId: stored.volunteerId, existingOrgId: stored.orgId }
      : { kind: 'samePersonElsewhere', existingId: stored.volunteerId, existingOrgId: stored.orgId };
  }
  if (collision.externalIdHeld) return { kind: 'externalIdTaken' };
  return 'retry';
}
