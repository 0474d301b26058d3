import { AppError } from '../../platform/errors';
import { ORG_WRITE_ATTEMPTS_MAX } from '../../platform/limits';
import { logger } from '../../platform/observability';
import { hasRole, type Principal } from '../../platform/principal';
import type { RevealedIdNumber, UpdateVolunteerRequest, VolunteerProfile } from '../contract/volunteers';
import type { DetailField, DetailsChange, PeopleDeps } from '../port';
import type { ProfileItem } from '../rules/registration';
import { checkIdDocument, DETAIL_REASONS } from '../rules/volunteer-details';
import { assertMaySee } from './volunteer-access';
import { detailRefused, ID_CONFLICTS, registeredOutOfSight, todayOf, toVolunteerProfile } from './volunteers';

/** The fields of an ID document on a profile: set together, removed together. */
const DOCUMENT_FIELDS: readonly DetailField[] = ['idType', 'idNumberMasked', 'idSealed', 'idLookup'];

const noSuchVolunteer = () => new AppError('NOT_FOUND', 'No such volunteer');

/** Reads a profile the caller may see (an admin; a coordinator over it), or answers 404. */
async function visibleProfile(
  deps: PeopleDeps,
  principal: Principal,
  volunteerId: string,
): Promise<ProfileItem> {
  const profile = await deps.volunteers.profile(volunteerId);
  await assertMaySee(
    principal,
    profile === undefined ? undefined : { volunteerId: profile.volunteerId, orgId: profile.orgId },
    (orgId, ancestorId) => deps.orgs.isWithin(orgId, ancestorId),
  );
  if (profile === undefined) throw noSuchVolunteer();
  return profile;
}

/**
 * PUT /v1/volunteers/{id}: changes gender, the ID document, skills and service intentions (MCA
 * Order No. 67 第六条: entered by the organisation with the volunteer's consent; 第十三条: corrected
 * when wrong). A new number is checked (GB 11643-1999 for a 居民身份证), sealed under a fresh data
 * key, and its guard moved in the same transaction as the profile, so a number held by another
 * volunteer is refused by DynamoDB (409), never by a read that could race. The profile is written
 * only while its number is the one read; a change in between is read again (bounded).
 */
export async function updateVolunteerDetails(
  deps: PeopleDeps,
  principal: Principal,
  volunteerId: string,
  request: UpdateVolunteerRequest,
): Promise<VolunteerProfile> {
  await visibleProfile(deps, principal, volunteerId);
  if (request.idType !== undefined && typeof request.idNumber !== 'string')
    throw detailRefused('idNumber', DETAIL_REASONS.idTypeWithoutNumber);
  const newNumber = typeof request.idNumber === 'string' ? request.idNumber : undefined;
  const checked = checkIdDocument(
    { idType: request.idType, idNumber: newNumber, gender: request.gender ?? undefined },
    todayOf(deps),
  );
  if (!checked.ok) throw detailRefused(checked.field, checked.reason);
  const document = checked.document;
  // Sealed once (a fresh data key), whatever number of attempts the write takes.
  const sealed =
    document === undefined
      ? undefined
      : {
          idType: document.type,
          idNumberMasked: document.masked,
          idSealed: await deps.idNumbers.seal(document.normalized, volunteerId),
          idLookup: await deps.idNumbers.lookupOf(document.normalized),
        };

  for (let attempt = 0; attempt < ORG_WRITE_ATTEMPTS_MAX; attempt += 1) {
    const stored = await deps.volunteers.profile(volunteerId);
    if (stored === undefined) throw noSuchVolunteer();
    const set: DetailsChange['set'] = {};
    const remove: DetailField[] = [];
    let claimLookup: string | undefined;
    let releaseLookup: string | undefined;

    if (sealed !== undefined) {
      Object.assign(set, sealed);
      if (checked.gender !== undefined) set.gender = checked.gender;
      else if (request.gender === null) remove.push('gender');
      if (sealed.idLookup !== stored.idLookup) {
        claimLookup = sealed.idLookup;
        releaseLookup = stored.idLookup;
      }
    } else if (request.idNumber === null && stored.idLookup !== undefined) {
      remove.push(...DOCUMENT_FIELDS);
      releaseLookup = stored.idLookup;
    }
    // A 居民身份证 on file (and staying) says the gender: another one, or none, is refused.
    const residentStays =
      sealed === undefined && request.idNumber !== null && stored.idType === 'resident-id';
    if (sealed === undefined && request.gender !== undefined) {
      if (residentStays && stored.gender !== undefined && request.gender !== stored.gender)
        throw detailRefused('gender', DETAIL_REASONS.genderMismatch(stored.gender));
      if (request.gender === null) remove.push('gender');
      else set.gender = request.gender;
    }
    for (const field of ['skills', 'serviceIntentions'] as const) {
      const list = request[field];
      if (list === undefined) continue;
      if (list.length === 0) remove.push(field);
      else set[field] = list;
    }

    const written = await deps.volunteers.updateDetails({
      volunteerId,
      readLookup: stored.idLookup,
      set,
      remove,
      claimLookup,
      releaseLookup,
      updatedAt: deps.now().toISOString(),
      updatedBy: principal.userId,
    });
    if (written.kind === 'written') {
      const profile = await deps.volunteers.profile(volunteerId);
      if (profile === undefined) throw noSuchVolunteer();
      return toVolunteerProfile(profile);
    }
    if (written.kind === 'missing') throw noSuchVolunteer();
    if (written.kind === 'idNumberTaken') {
      const holder = await deps.volunteers.profile(written.existingId);
      const maySeeHolder =
        holder !== undefined &&
        (hasRole(principal, 'admin') ||
          (principal.orgId !== undefined && (await deps.orgs.isWithin(holder.orgId, principal.orgId))));
      if (!maySeeHolder) throw registeredOutOfSight();
      throw new AppError('CONFLICT', ID_CONFLICTS.numberTaken, {
        fields: [{ path: 'body.idNumber', message: 'taken' }],
        extra: { existingId: written.existingId },
      });
    }
  }
  throw new AppError('UNAVAILABLE', 'Busy; try the change again');
}

/** Runs of digits (an ID number, a phone) in a reason, masked before the reason is logged. */
const DIGIT_RUN = /[0-9０-９]{4,}[0-9XxＸｘ]?/g;

/**
 * POST /v1/volunteers/{id}/id-number/reveal: the whole number, for the office only (the route is
 * admin-only), with the reason it is needed. Each reveal is logged (who, whose, why: digits in the
 * reason masked); the number itself never is.
 */
export async function revealIdNumber(
  deps: PeopleDeps,
  principal: Principal,
  volunteerId: string,
  reason: string,
): Promise<RevealedIdNumber> {
  const profile = await visibleProfile(deps, principal, volunteerId);
  if (profile.idSealed === undefined || profile.idType === undefined)
    throw new AppError('NOT_FOUND', '这位志愿者没有登记证件号码 (no ID number on file)');
  const idNumber = await deps.idNumbers.open(profile.idSealed, volunteerId);
  logger.info('id number revealed', {
    volunteerId,
    to: principal.userId,
    reason: reason.replace(DIGIT_RUN, '****'),
  });
  return { volunteerId, idType: profile.idType, idNumber };
}
