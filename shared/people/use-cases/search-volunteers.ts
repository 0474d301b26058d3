import { AppError } from '../../platform/errors';
import { maskName, maskPhone } from '../../platform/masking';
import { hasRole, type Principal } from '../../platform/principal';
import type { VolunteerFound, VolunteerSearchResult } from '../contract/volunteers';
import type { PeopleDeps } from '../port';
import type { Org, OrgTree } from '../rules/org-tree';
import type { ProfileItem } from '../rules/registration';
import {
  parseSearch,
  rankOf,
  SEARCH_CONCURRENCY,
  SEARCH_PAGES_MAX,
  SEARCH_PAGES_PER_ORG_MAX,
  SEARCH_RESULTS_MAX,
} from '../rules/volunteer-search';

/**
 * The organisations a caller searches, in the order the office reads the tree (the county, then
 * each town followed by its villages, siblings by name): the admin the whole county, a
 * coordinator their own organisation and everything below it.
 */
export function searchScope(principal: Principal, tree: OrgTree): Org[] {
  const orgs = hasRole(principal, 'admin')
    ? tree.all()
    : hasRole(principal, 'coordinator') && principal.orgId !== undefined
      ? tree.subtree(principal.orgId)
      : [];
  const sortKey = (org: Org) =>
    tree
      .pathOf(org.orgId)
      .map((id) => tree.get(id)?.name ?? id)
      .join('\u0000');
  const keyed = orgs.map((org) => ({ org, key: sortKey(org) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((entry) => entry.org);
}

/**
 * GET /v1/volunteers?q=: up to SEARCH_RESULTS_MAX volunteers of the caller's part of the county
 * whose name contains the text, or whose phone ends with the digits; names and phones masked.
 *
 * Why this data path: every profile already sits in its organisation's index partition (gsi1,
 * written by registration and import), so a search reads the partitions of the caller's
 * organisations with a filter, SEARCH_CONCURRENCY at a time, and stops once it has more than it
 * can show. A county of 17,142 volunteers is about 5 MB of profiles (~640 read units for a search
 * that finds nothing county-wide, far less for a town's coordinator or a common name), in a few
 * hundred small queries, each partition within one or two 1 MB pages; SEARCH_PAGES_MAX bounds the
 * whole. A Scan would read the whole table (every passbook line); a search key written at
 * registration would need a second index entry for the phone, a backfill of every existing
 * profile, and heavier registration transactions.
 */
export async function searchVolunteers(
  deps: PeopleDeps,
  principal: Principal,
  text: string,
): Promise<VolunteerSearchResult> {
  const search = parseSearch(text);
  if ('refused' in search) {
    throw new AppError('VALIDATION_FAILED', search.refused, {
      fields: [{ path: 'query.q', message: search.refused }],
    });
  }
  const tree = await deps.orgs.tree();
  const orgs = searchScope(principal, tree);
  const order = new Map(orgs.map((org, index) => [org.orgId, index]));
  // One more than shown: finding it says there are more.
  const want = SEARCH_RESULTS_MAX + 1;
  const found: ProfileItem[] = [];
  let pagesLeft = SEARCH_PAGES_MAX;
  let complete = true;
  for (let start = 0; start < orgs.length; start += SEARCH_CONCURRENCY) {
    if (found.length >= want || pagesLeft <= 0) {
      complete = false;
      break;
    }
    const wave = orgs.slice(start, start + SEARCH_CONCURRENCY);
    const pagesMax = Math.max(1, Math.min(SEARCH_PAGES_PER_ORG_MAX, Math.floor(pagesLeft / wave.length)));
    const answers = await Promise.all(
      wave.map((org) => deps.volunteers.findInOrg(org.orgId, search, { want, pagesMax })),
    );
    for (const answer of answers) {
      pagesLeft -= answer.pagesRead;
      if (!answer.complete) complete = false;
      found.push(...answer.profiles);
    }
  }
  const ranked = found
    .map((profile) => ({ profile, rank: rankOf(profile, search), at: order.get(profile.orgId) ?? 0 }))
    .sort(
      (a, b) =>
        a.rank - b.rank ||
        a.at - b.at ||
        (a.profile.name < b.profile.name ? -1 : a.profile.name > b.profile.name ? 1 : 0),
    );
  return {
    volunteers: ranked.slice(0, SEARCH_RESULTS_MAX).map(({ profile }) => foundView(profile, tree)),
    more: !complete || ranked.length > SEARCH_RESULTS_MAX,
  };
}

function foundView(profile: ProfileItem, tree: OrgTree): VolunteerFound {
  return {
    id: profile.volunteerId,
    name: maskName(profile.name),
    phone: maskPhone(profile.phone),
    orgId: profile.orgId,
    orgName: tree.get(profile.orgId)?.name ?? profile.orgId,
  };
}
