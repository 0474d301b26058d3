import type { SealedText } from '../../platform/envelope';
import { AppError } from '../../platform/errors';
import type { IdDocumentType } from '../../records/rules/id-number';
import type { Gender } from './volunteer-details';
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
  /** 性别: as given, or as a 居民身份证 number says. */
  gender?: Gender;
  /** The ID document, when one is on file: its type, its number masked (for showing), sealed, and its lookup hash. */
  idType?: IdDocumentType;
  idNumberMasked?: string;
  /** The number encrypted (shared/platform/envelope.ts): never the number itself. */
  idSealed?: SealedText;
  /** The keyed hash of the normalised number: the key of its uniqueness guard (keys.idNumber). */
  idLookup?: string;
  /** 技能特长 and 服务意向: short lists of short texts. */
  skills?: string[];
  serviceIntentions?: string[];
  /** Set when the person's information was erased at their request: the profile is a tombstone. */
  erasedAt?: string;
}

/** What an erased profile shows where the name was. */
export const ERASED_NAME = '（已注销）';

/**
 * What a registration came to. Only `created` wrote anything; the rest name what stood in the way:
 * the same person already registered (`alreadyRegistered`), the same name and phone registered
 * with another or no externalId (`samePersonElsewhere`), or an externalId held by someone else.
 */
export type RegistrationOutcome =
  | { kind: 'created'; profile: ProfileItem }
  | { kind: 'alreadyRegistered'; existingId: string; existingOrgId: string }
  | { kind: 'samePersonElsewhere'; existingId: string; existingOrgId: string; differs?: 'idNumber' }
  | { kind: 'externalIdTaken' }
  /** The ID number is registered to another volunteer (`existingId`): the same person by their number. */
  | { kind: 'idNumberTaken'; existingId: string };

/**
 * What stood in a registration's way when its write was refused: the profile already at its id
 * (as it was), and whether its externalId was already held.
 */
export interface RegistrationCollision {
  profile?: ProfileItem | undefined;
  externalIdHeld: boolean;
  /** The volunteer whose ID number guard stood in the way, if one did. */
  idNumberHolder?: string | undefined;
}

/** A person registers once: their profile (at the id derived from name and phone) is written only where none is. */
export const mayRegister = (stored: ProfileItem | undefined): boolean => stored === undefined;

/** An externalId registers once: its uniqueness item is written only while no one holds it. */
export const mayClaimExternalId = (holder: { volunteerId: string } | undefined): boolean =>
  holder === undefined;

/**
 * An ID number registers once: its guard (at the number's lookup hash) is written only while no one
 * holds it, and moves to another number only from the volunteer holding it.
 */
export const mayClaimIdNumber = (holder: { volunteerId: string } | undefined): boolean =>
  holder === undefined;
export const mayReleaseIdNumber = (
  holder: { volunteerId: string } | undefined,
  volunteerId: string,
): boolean => holder?.volunteerId === volunteerId;

/** The salt volunteer ids are derived with is made once per table, by the first to write it. */
export const mayMakeIdSalt = (stored: { salt: string } | undefined): boolean => stored === undefined;

/** The profile in the way was written by this very registration call: an earlier attempt committed and its answer was lost. */
export const isReplay = (stored: ProfileItem, attempted: ProfileItem): boolean =>
  stored.registrationId === attempted.registrationId;

/** What a registration says about the person's ID number: its lookup hash, when one was given. */
export interface RegistrationIdentity extends PersonIdentity {
  idLookup?: string | undefined;
}

/**
 * True when a stored profile is this very registration: same person, same externalId, and the same
 * ID number when the registration gives one (one without a number says nothing about it).
 */
export function isSameRegistration(profile: ProfileItem, input: RegistrationIdentity): boolean {
  return (
    samePerson(profile, input) &&
    profile.externalId === input.externalId &&
    (input.idLookup === undefined || profile.idLookup === input.idLookup)
  );
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
    // The same name and phone as someone erased at their request: their id stays with the old
    // ledger entries, so it cannot be given again (docs/records.md, "Erasure").
    if (stored.erasedAt !== undefined)
      return new AppError(
        'CONFLICT',
        '这个姓名和手机号的信息已应本人要求注销，不能再用来登记；请换一个手机号登记 (erased at their request; register with another phone)',
      );
    // The id is derived from name and phone: another person here is an 80-bit collision.
    if (!samePerson(stored, attempted)) return new AppError('CONFLICT', 'Another volunteer holds this id');
    if (isSameRegistration(stored, attempted))
      return { kind: 'alreadyRegistered', existingId: stored.volunteerId, existingOrgId: stored.orgId };
    return {
      kind: 'samePersonElsewhere',
      existingId: stored.volunteerId,
      existingOrgId: stored.orgId,
      ...(stored.externalId === attempted.externalId ? { differs: 'idNumber' as const } : {}),
    };
  }
  // When given, the ID number is who the person is: its guard held by another volunteer says so first.
  if (collision.idNumberHolder !== undefined)
    return { kind: 'idNumberTaken', existingId: collision.idNumberHolder };
  if (collision.externalIdHeld) return { kind: 'externalIdTaken' };
  return 'retry';
}
