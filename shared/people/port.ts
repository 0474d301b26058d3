import type { SealedText } from '../platform/envelope';
import type { SigningKeys } from '../platform/signed-token';
import type { OrgTree } from './rules/org-tree';
import type { OrgRecord } from './rules/org-write';
import type { ProfileItem, RegistrationCollision } from './rules/registration';
import type { VolunteerSearch } from './rules/volunteer-search';

/**
 * What the people use cases need from the world, and nothing else. The DynamoDB stores
 * (store/org-store.ts, store/volunteer-store.ts) are the only implementations the product runs;
 * they alone know items, keys and expressions. Each conditional write below enforces rules of
 * rules/org-write.ts and rules/registration.ts.
 */

/** One organisation written: the organisation as it will be, and what it was checked against. */
export interface OrgWrite {
  /** The organisation with its next version (`nextVersion`) and its first creation time. */
  org: OrgRecord & { createdAt: string };
  updatedAt: string;
  updatedBy: string;
  /** The organisation as read; undefined when it is new. */
  read: OrgRecord | undefined;
  /** The ancestors of its new parent as read (none for the root). */
  ancestors: readonly OrgRecord[];
}

export interface OrgStore {
  /** Every organisation with its version, read strongly consistently (one small partition). */
  records(): Promise<Map<string, OrgRecord>>;
  /** The organisation tree, read strongly consistently. */
  tree(): Promise<OrgTree>;
  /** True when `orgId` is `ancestorId` or lies below it: a few small reads, remembered briefly. */
  isWithin(orgId: string, ancestorId: string): Promise<boolean>;
  /**
   * Writes one organisation in one transaction, only while what it was checked against still
   * holds: the organisation itself (`mayWriteOrg`), the root marker when it is the root
   * (`mayClaimRoot`), each of `ancestors` (`isStillAt`). False when a condition failed or the
   * outcome is unknown: read again and decide. Written or not, this process's scope checks read
   * the tree afresh afterwards.
   */
  write(change: OrgWrite): Promise<boolean>;
}

/** Waits between attempts; tests pass a seeded `random` and a `sleep` that does not wait. */
export interface Pace {
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** What one attempt to write registrations together came to (all of them or none). */
export type RegistrationAttempt =
  | { kind: 'written' }
  /** Nothing is known (throttled, a server fault, a lost answer): wait and try the same again. */
  | { kind: 'unsettled' }
  /**
   * Refused: per registration, in order, what stood in its way, or undefined when nothing of its
   * own did (another's collision, a conflict or throttling cancelled it: try it again).
   */
  | { kind: 'refused'; collisions: (RegistrationCollision | undefined)[] };

export interface VolunteerStore {
  /** The key volunteer ids are derived with: made once per table (`mayMakeIdSalt`), then kept. */
  idSalt(): Promise<string>;
  /** Makes the salt `proposed` if the table has none yet; answers the salt in force either way. */
  initIdSalt(proposed: string): Promise<string>;
  /** One profile, read strongly consistently. */
  profile(volunteerId: string): Promise<ProfileItem | undefined>;
  /**
   * The profiles among up to 100 ids, read in one batch. Keys still unprocessed after a few rounds
   * are left out: callers treat a missing profile as "try the write", which is always safe.
   */
  profiles(volunteerIds: readonly string[], pace?: Pace): Promise<Map<string, ProfileItem>>;
  /**
   * One attempt to write up to REGISTRATIONS_PER_TRANSACTION_MAX registrations, all or nothing:
   * each profile only where none is (`mayRegister`), each externalId only while no one holds it
   * (`mayClaimExternalId`). The same registrations again (after a lost answer) are the same
   * attempt. The registrations must be distinct people with distinct externalIds and ID numbers;
   * each ID number's guard is written only while no one holds it (`mayClaimIdNumber`).
   */
  register(registrations: readonly ProfileItem[]): Promise<RegistrationAttempt>;
  /**
   * One attempt to change a volunteer's personal details, in one transaction: the profile only
   * while its ID number is still the one read, the new number's guard only while no one holds it,
   * the old one's released only by its holder.
   */
  updateDetails(change: DetailsChange): Promise<DetailsWrite>;
  /** One page of the volunteers registered directly in an organisation, by id, after the id `after`. */
  pageByOrg(
    orgId: string,
    after: string | undefined,
    limit: number,
  ): Promise<{ profiles: ProfileItem[]; more: boolean }>;
  /**
   * The volunteers registered directly in one organisation whom `search` finds (rules/
   * volunteer-search.ts `matches`), reading at most `pagesMax` pages of its partition and stopping
   * once `want` are found; `complete` is false when pages were left unread.
   */
  findInOrg(
    orgId: string,
    search: VolunteerSearch,
    limits: { want: number; pagesMax: number },
  ): Promise<{ profiles: ProfileItem[]; pagesRead: number; complete: boolean }>;
}

/** The fields of a profile a change of personal details may set or remove. */
export type DetailField =
  | 'gender'
  | 'idType'
  | 'idNumberMasked'
  | 'idSealed'
  | 'idLookup'
  | 'skills'
  | 'serviceIntentions';

/** One change of a volunteer's personal details (PUT /v1/volunteers/{id}). */
export interface DetailsChange {
  volunteerId: string;
  /** The profile's ID lookup hash as read (undefined: none): the change holds only while it still is. */
  readLookup: string | undefined;
  set: Partial<Pick<ProfileItem, DetailField>>;
  remove: readonly DetailField[];
  /** The ID number's guard moves: claimed at a new hash (`mayClaimIdNumber`), released at the old (`mayReleaseIdNumber`). */
  claimLookup?: string | undefined;
  releaseLookup?: string | undefined;
  updatedAt: string;
  updatedBy: string;
}

/** What one attempt to change personal details came to. */
export type DetailsWrite =
  | { kind: 'written' }
  /** The profile is not there. */
  | { kind: 'missing' }
  /** The profile's ID number changed since it was read, or nothing is known: read again and retry. */
  | { kind: 'stale' }
  /** The new number's guard is held by another volunteer. */
  | { kind: 'idNumberTaken'; existingId: string };

/**
 * Volunteers' ID numbers as the use cases see them: sealed with a fresh data key per write
 * (shared/platform/envelope.ts; an X25519 key pair in Parameter Store in AWS, or KMS with
 * `-c customerKeys=true`; a local key file under `npm start`), opened only for the office's reveal
 * and exports, and hashed with a key of their own for the uniqueness guard. The plain
 * number is never stored, logged or answered except by the reveal.
 */
export interface IdNumberVault {
  /** The keyed hash a normalised number is found (and kept unique) by. */
  lookupOf(normalized: string): Promise<string>;
  seal(normalized: string, volunteerId: string): Promise<SealedText>;
  open(sealed: SealedText, volunteerId: string): Promise<string>;
}

/** The dependencies of the people use cases. */
/**
 * Erasing a volunteer's personal information (注销) wherever the product keeps it: the profile becomes
 * a tombstone (name, phone, ID number, details gone; off the organisation's list), the uniqueness
 * guards are released, sign-in and the card are ended, and the copies of the name other areas keep
 * (certificates, correction requests, activity rosters) are cleared. Points and movements stay under
 * the same opaque id, so the books still balance. Each step is safe to run again.
 */
export interface ErasureStore {
  /** Turns the profile into a tombstone and releases its guards, in one transaction; false if it is one already. */
  eraseProfile(profile: ProfileItem, at: string, by: string): Promise<boolean>;
  /** Ends every sign-in of the volunteer and retires their card; counts what it changed. */
  endAccess(volunteerId: string): Promise<number>;
  /** Clears the name (and masked ID) other areas copied; counts per kind. */
  clearCopies(volunteerId: string, since: string, at: string): Promise<Record<string, number>>;
}

export interface PeopleDeps {
  orgs: OrgStore;
  volunteers: VolunteerStore;
  idNumbers: IdNumberVault;
  signing: () => Promise<SigningKeys>;
  now: () => Date;
}
