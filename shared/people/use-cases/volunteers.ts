import { randomUUID } from 'node:crypto';
import { backoffMs, defaultSleep } from '../../platform/backoff';
import { mapBounded } from '../../platform/bounded';
import { chinaDate } from '../../platform/china-time';
import { AppError, assert } from '../../platform/errors';
import { LEDGER_WRITE_ATTEMPTS_MAX, REGISTRATIONS_PER_TRANSACTION_MAX } from '../../platform/limits';
import { maskPhone } from '../../platform/masking';
import { hasRole, type Principal } from '../../platform/principal';
import { type SigningKeys, signToken, verifyToken } from '../../platform/signed-token';
import type { RegisterVolunteerRequest, VolunteerProfile } from '../contract/volunteers';
import type { Pace, PeopleDeps } from '../port';
import type { OrgTree } from '../rules/org-tree';
import { type ProfileItem, type RegistrationOutcome, registrationOutcome } from '../rules/registration';
import { type CheckedIdDocument, checkIdDocument, type Gender } from '../rules/volunteer-details';
import { normalizeName, normalizePhone, volunteerIdFor } from '../rules/volunteer-identity';
import { assertMayAskAbout, assertMaySee, coordinatorCovers } from './volunteer-access';

export type { ProfileItem, RegistrationOutcome } from '../rules/registration';
export { isSameRegistration } from '../rules/registration';

/** A profile as every answer shows it: the phone masked, the ID number masked (never the sealed one). */
export function toVolunteerProfile(item: ProfileItem): VolunteerProfile {
  return {
    id: item.volunteerId,
    name: item.name,
    orgId: item.orgId,
    phone: maskPhone(item.phone),
    ...(item.externalId === undefined ? {} : { externalId: item.externalId }),
    createdAt: item.createdAt,
    ...(item.gender === undefined ? {} : { gender: item.gender }),
    ...(item.idType === undefined ? {} : { idType: item.idType }),
    ...(item.idNumberMasked === undefined ? {} : { idNumberMasked: item.idNumberMasked }),
    ...(item.skills === undefined ? {} : { skills: item.skills }),
    ...(item.serviceIntentions === undefined ? {} : { serviceIntentions: item.serviceIntentions }),
    ...(item.erasedAt === undefined ? {} : { erasedAt: item.erasedAt }),
  };
}

/**
 * One registration as it is written: name, phone, organisation and externalId as the API checked
 * them, and the personal details with the ID document already checked (`registrationInputOf`).
 */
export interface RegistrationInput {
  name: string;
  phone: string;
  orgId: string;
  externalId?: string | undefined;
  gender?: Gender | undefined;
  document?: CheckedIdDocument | undefined;
  skills?: string[] | undefined;
  serviceIntentions?: string[] | undefined;
}

/** Data keys asked for at once while a batch of registrations is sealed (one per ID number). */
const SEAL_CONCURRENCY = 8;

/**
 * A registration request with its ID document checked on `today` (China time): the input to
 * write, or the field at fault with the reason (Chinese first), as the import lists it per row.
 */
export function registrationInputOf(
  request: RegisterVolunteerRequest,
  today: string,
): RegistrationInput | { field: 'idNumber' | 'idType' | 'gender'; reason: string } {
  const checked = checkIdDocument(request, today);
  if (!checked.ok) return { field: checked.field, reason: checked.reason };
  const { idType: _type, idNumber: _number, gender: _gender, ...rest } = request;
  return {
    ...rest,
    ...(checked.gender === undefined ? {} : { gender: checked.gender }),
    ...(checked.document === undefined ? {} : { document: checked.document }),
  };
}

/** The China date the ID checks use (a birth date may not be later). */
export const todayOf = (deps: PeopleDeps): string => chinaDate(deps.now());

/** A refused detail as the API answers it: 400, the reason beside its field. */
export const detailRefused = (field: string, reason: string): AppError =>
  new AppError('VALIDATION_FAILED', reason, { fields: [{ path: `body.${field}`, message: reason }] });

export type RegistrationOptions = Pace;

const CURSOR_PURPOSE = 'org-volunteers-cursor';

/** The key volunteer ids are derived with: random, made once per table, never changed. */
export function volunteerIdSalt(deps: PeopleDeps): Promise<string> {
  return deps.volunteers.idSalt();
}

/**
 * Gives a new table a known salt, so that fixed demo data can name its volunteers' ids in
 * advance. A table that has a salt keeps it; the salt in force is returned either way.
 */
export function initVolunteerIdSalt(deps: PeopleDeps, salt: string): Promise<string> {
  return deps.volunteers.initIdSalt(salt);
}

/** The id registration gives (or gave) this person in this table, however name and phone are written. */
export async function volunteerIdOf(
  deps: PeopleDeps,
  person: { name: string; phone: string },
): Promise<string> {
  const normalized = { name: normalizeName(person.name), phone: normalizePhone(person.phone) };
  return volunteerIdFor(normalized, await volunteerIdSalt(deps));
}

/**
 * The profile one registration call writes: its id derived from name and phone, its own
 * registrationId, and an ID number sealed under a fresh data key with its lookup hash (the number
 * itself is not kept).
 */
async function profileFor(
  deps: PeopleDeps,
  actor: Principal,
  input: RegistrationInput,
  salt: string,
  at: string,
): Promise<ProfileItem> {
  const volunteerId = volunteerIdFor(input, salt);
  const document = input.document;
  const sealed =
    document === undefined
      ? {}
      : {
          idType: document.type,
          idNumberMasked: document.masked,
          idSealed: await deps.idNumbers.seal(document.normalized, volunteerId),
          idLookup: await deps.idNumbers.lookupOf(document.normalized),
        };
  return {
    volunteerId,
    name: input.name,
    phone: input.phone,
    orgId: input.orgId,
    ...(input.externalId === undefined ? {} : { externalId: input.externalId }),
    createdAt: at,
    createdBy: actor.userId,
    registrationId: randomUUID(),
    ...(input.gender === undefined ? {} : { gender: input.gender }),
    ...sealed,
    ...(input.skills === undefined || input.skills.length === 0 ? {} : { skills: input.skills }),
    ...(input.serviceIntentions === undefined || input.serviceIntentions.length === 0
      ? {}
      : { serviceIntentions: input.serviceIntentions }),
  };
}

/** A registration's outcome when it is written with others: its own failure does not stop theirs. */
export type BatchRegistrationOutcome = RegistrationOutcome | { kind: 'failed'; error: AppError };

/**
 * Writes up to REGISTRATIONS_PER_TRANSACTION_MAX registrations in one transaction, so each is
 * all-or-nothing and the database decides every uniqueness rule. A refused transaction names what
 * stood in each registration's way: those registrations get their outcome (already registered,
 * externalId taken, ...) and the others are written again without them. The inputs must be
 * distinct people with distinct externalIds (a transaction may not touch one item twice). Scope
 * and the organisation's existence are the caller's to check first (organisations are never
 * deleted). ID numbers are sealed once, before the first attempt: a retry writes the same items.
 */
export async function writeRegistrations(
  deps: PeopleDeps,
  actor: Principal,
  inputs: readonly RegistrationInput[],
  options: RegistrationOptions = {},
): Promise<BatchRegistrationOutcome[]> {
  assert(inputs.length <= REGISTRATIONS_PER_TRANSACTION_MAX, 'too many registrations for one transaction');
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? defaultSleep;
  const salt = await volunteerIdSalt(deps);
  const at = deps.now().toISOString();
  const prepared = await mapBounded(inputs, SEAL_CONCURRENCY, (input) =>
    profileFor(deps, actor, input, salt, at),
  );
  const outcomes: (BatchRegistrationOutcome | undefined)[] = inputs.map(() => undefined);
  let pending = prepared.map((_, index) => index);
  let wait = false;
  for (let attempt = 0; attempt < LEDGER_WRITE_ATTEMPTS_MAX && pending.length > 0; attempt += 1) {
    if (wait) await sleep(backoffMs(attempt, random));
    const batch = pending.map((index) => prepared[index] as ProfileItem);
    const written = await deps.volunteers.register(batch);
    if (written.kind === 'written') {
      for (const index of pending)
        outcomes[index] = { kind: 'created', profile: prepared[index] as ProfileItem };
      pending = [];
    } else if (written.kind === 'unsettled') {
      wait = true;
    } else {
      const unsettled: number[] = [];
      for (const [position, index] of pending.entries()) {
        const collision = written.collisions[position];
        const verdict =
          collision === undefined ? 'retry' : registrationOutcome(collision, prepared[index] as ProfileItem);
        if (verdict === 'retry') unsettled.push(index);
        else outcomes[index] = verdict instanceof AppError ? { kind: 'failed', error: verdict } : verdict;
      }
      // Conflicts and throttling settle nothing: wait before the next try. Settled rows: go on now.
      wait = unsettled.length === pending.length;
      pending = unsettled;
    }
  }
  const busy = new AppError('UNAVAILABLE', 'Busy; try the registration again');
  return outcomes.map((outcome) => outcome ?? { kind: 'failed', error: busy });
}

/** One registration: POST /v1/volunteers and anything else that registers a single person. */
export async function writeRegistration(
  deps: PeopleDeps,
  actor: Principal,
  input: RegistrationInput,
  options: RegistrationOptions = {},
): Promise<RegistrationOutcome> {
  const [outcome] = await writeRegistrations(deps, actor, [input], options);
  assert(outcome !== undefined, 'one outcome per registration');
  if (outcome.kind === 'failed') throw outcome.error;
  return outcome;
}

/** Registering needs an existing organisation, and a coordinator may register only in their subtree. */
export function assertMayRegisterInto(principal: Principal, tree: OrgTree, orgId: string): void {
  if (tree.get(orgId) === undefined) {
    throw new AppError('VALIDATION_FAILED', `找不到组织 ${orgId} (no organisation ${orgId})`, {
      fields: [{ path: 'body.orgId', message: 'no such organisation' }],
    });
  }
  if (hasRole(principal, 'admin') || coordinatorCovers(principal, tree, orgId)) return;
  throw new AppError('FORBIDDEN', 'You may register volunteers only in your own organisation and below it');
}

/** The refusals of an ID number that names a volunteer already there. */
export const ID_CONFLICTS = {
  numberTaken:
    '这个证件号码已登记为另一位志愿者（同一个人），请查找这位志愿者 (this ID number is registered to another volunteer: the same person)',
  samePersonOtherNumber:
    '同名同手机号的志愿者已登记，证件号码不同或未登记；请在这位志愿者的资料里修改 (this name and phone are registered with another or no ID number; change it on their profile)',
} as const;

/**
 * The one answer a caller gets for a registration that collides with someone they may not see:
 * it names no volunteer and does not say whether the person or the externalId collided, so a
 * coordinator cannot use registration to learn who or what exists outside their subtree.
 */
export const registeredOutOfSight = () =>
  new AppError(
    'CONFLICT',
    '此人或此志愿者编号已在别处登记，请联系县志愿服务中心 (this person or externalId is already registered elsewhere; ask the county office)',
  );

/**
 * POST /v1/volunteers: one registration. Sending the same person again into the same organisation
 * answers with the volunteer already there (creation is idempotent, so a retried or repeated form
 * never makes a second volunteer); the same person elsewhere, or a taken externalId, is a 409.
 * A 409 names the volunteer already registered (`existingId`) only when the caller may read that
 * volunteer (an admin, or a coordinator whose subtree holds them); otherwise it is the same
 * answer whatever collided.
 */
export async function registerVolunteer(
  deps: PeopleDeps,
  principal: Principal,
  request: RegisterVolunteerRequest,
  options: RegistrationOptions = {},
): Promise<VolunteerProfile> {
  const tree = await deps.orgs.tree();
  assertMayRegisterInto(principal, tree, request.orgId);
  const input = registrationInputOf(request, todayOf(deps));
  if ('reason' in input) throw detailRefused(input.field, input.reason);
  const outcome = await writeRegistration(deps, principal, input, options);
  const maySee = (orgId: string) => hasRole(principal, 'admin') || coordinatorCovers(principal, tree, orgId);
  switch (outcome.kind) {
    case 'created':
      return toVolunteerProfile(outcome.profile);
    case 'alreadyRegistered': {
      if (!maySee(outcome.existingOrgId)) throw registeredOutOfSight();
      const existing = await deps.volunteers.profile(outcome.existingId);
      if (existing !== undefined && existing.orgId === input.orgId) {
        return { ...toVolunteerProfile(existing), alreadyRegistered: true };
      }
      throw new AppError(
        'CONFLICT',
        '这位志愿者已在另一个组织登记 (this volunteer is registered in another organisation)',
        {
          extra: { existingId: outcome.existingId },
        },
      );
    }
    case 'samePersonElsewhere':
      if (!maySee(outcome.existingOrgId)) throw registeredOutOfSight();
      if (outcome.differs === 'idNumber')
        throw new AppError('CONFLICT', ID_CONFLICTS.samePersonOtherNumber, {
          extra: { existingId: outcome.existingId },
        });
      throw new AppError(
        'CONFLICT',
        '同名同手机号的志愿者已登记,志愿者编号不同 (this name and phone are already registered with another externalId)',
        { extra: { existingId: outcome.existingId } },
      );
    case 'idNumberTaken': {
      // When given, the number is who the person is: the volunteer holding it is this person.
      const holder = await deps.volunteers.profile(outcome.existingId);
      if (holder === undefined || !maySee(holder.orgId)) throw registeredOutOfSight();
      throw new AppError('CONFLICT', ID_CONFLICTS.numberTaken, {
        fields: [{ path: 'body.idNumber', message: 'taken' }],
        extra: { existingId: outcome.existingId },
      });
    }
    case 'externalIdTaken':
      // Who holds the externalId is not read: only an admin, who sees everyone, is told which field collided.
      if (!hasRole(principal, 'admin')) throw registeredOutOfSight();
      throw new AppError(
        'CONFLICT',
        '志愿者编号已被另一位志愿者使用 (externalId belongs to another volunteer)',
        {
          fields: [{ path: 'body.externalId', message: 'taken' }],
        },
      );
  }
}

/**
 * The profiles among up to 100 ids, read in one BatchGetItem. Keys still unprocessed after a few
 * rounds are left out: callers treat a missing profile as "try the write", which is always safe.
 */
export function readProfiles(
  deps: PeopleDeps,
  volunteerIds: readonly string[],
  options: RegistrationOptions = {},
): Promise<Map<string, ProfileItem>> {
  return deps.volunteers.profiles(volunteerIds, options);
}

/** GET /v1/volunteers/{id}: the admin, a coordinator of the subtree, or the volunteer themself. */
export async function getVolunteer(
  deps: PeopleDeps,
  principal: Principal,
  volunteerId: string,
): Promise<VolunteerProfile> {
  assertMayAskAbout(principal, volunteerId);
  const profile = await deps.volunteers.profile(volunteerId);
  await assertMaySee(
    principal,
    profile === undefined ? undefined : { volunteerId: profile.volunteerId, orgId: profile.orgId },
    (orgId, ancestorId) => deps.orgs.isWithin(orgId, ancestorId),
  );
  if (profile === undefined) throw new AppError('NOT_FOUND', 'No such volunteer');
  return toVolunteerProfile(profile);
}

interface CursorPayload {
  v: 1;
  orgId: string;
  after: string;
}

function readCursor(cursor: string, orgId: string, signing: SigningKeys): string {
  const payload = verifyToken(cursor, signing, CURSOR_PURPOSE) as Partial<CursorPayload> | undefined;
  if (payload?.v !== 1 || payload.orgId !== orgId || typeof payload.after !== 'string') {
    throw new AppError('VALIDATION_FAILED', 'The cursor is not valid for this list', {
      fields: [{ path: 'query.cursor', message: 'invalid cursor' }],
    });
  }
  return payload.after;
}

/**
 * GET /v1/orgs/{orgId}/volunteers: the volunteers registered directly in one organisation, by id,
 * a page at a time through the organisation index; the cursor is signed so it cannot be forged.
 */
export async function listOrgVolunteers(
  deps: PeopleDeps,
  principal: Principal,
  orgId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ orgId: string; volunteers: VolunteerProfile[]; nextCursor: string | null }> {
  const signing = await deps.signing();
  const after = page.cursor === undefined ? undefined : readCursor(page.cursor, orgId, signing);
  const tree = await deps.orgs.tree();
  if (
    tree.get(orgId) === undefined ||
    !(hasRole(principal, 'admin') || coordinatorCovers(principal, tree, orgId))
  ) {
    throw new AppError('NOT_FOUND', 'No such organisation');
  }
  const { profiles, more } = await deps.volunteers.pageByOrg(orgId, after, page.limit);
  const last = profiles.at(-1);
  const nextCursor =
    more && last !== undefined
      ? signToken({ v: 1, orgId, after: last.volunteerId } satisfies CursorPayload, signing, CURSOR_PURPOSE)
      : null;
  return { orgId, volunteers: profiles.map(toVolunteerProfile), nextCursor };
}
