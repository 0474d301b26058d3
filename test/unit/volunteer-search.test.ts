import { describe, expect, it } from 'vitest';
import type { PeopleDeps, VolunteerStore } from '../../shared/people/port';
import { type Org, OrgTree } from '../../shared/people/rules/org-tree';
import type { ProfileItem } from '../../shared/people/rules/registration';
import {
  matches,
  parseSearch,
  rankOf,
  SEARCH_CONCURRENCY,
  SEARCH_PAGES_MAX,
  SEARCH_RESULTS_MAX,
} from '../../shared/people/rules/volunteer-search';
import { searchScope, searchVolunteers } from '../../shared/people/use-cases/search-volunteers';
import type { Principal } from '../../shared/platform/principal';

describe('parseSearch', () => {
  it('reads digits as the end of a phone and anything else as part of a name', () => {
    expect(parseSearch(' 0005 ')).toEqual({ kind: 'phone', digits: '0005' });
    expect(parseSearch('０００５')).toEqual({ kind: 'phone', digits: '0005' });
    expect(parseSearch('138-0931-0005')).toEqual({ kind: 'phone', digits: '13809310005' });
    expect(parseSearch(' 王 秀英 ')).toEqual({ kind: 'name', text: '王秀英' });
  });

  it('refuses fewer than 4 digits, text with nothing to find, and long text, in Chinese first', () => {
    for (const text of ['12', '', ' ', '-', '谭'.repeat(21), '1380931000512']) {
      const parsed = parseSearch(text);
      expect('refused' in parsed, text).toBe(true);
      expect('refused' in parsed ? parsed.refused : '').toMatch(/^\p{Script=Han}/u);
    }
  });
});

describe('matches and rankOf', () => {
  const wang = { name: '王秀英', phone: '13809310005' };

  it('finds a name containing the text, and a phone ending with the digits', () => {
    expect(matches(wang, { kind: 'name', text: '秀英' })).toBe(true);
    expect(matches(wang, { kind: 'name', text: '王英' })).toBe(false);
    expect(matches(wang, { kind: 'phone', digits: '0005' })).toBe(true);
    expect(matches(wang, { kind: 'phone', digits: '0931' })).toBe(false);
    expect(matches({ name: 'Li Na', phone: '' }, { kind: 'name', text: 'li' })).toBe(true);
  });

  it('puts the whole name first, then its start, then the rest', () => {
    const search = { kind: 'name', text: '王秀英' } as const;
    expect(rankOf(wang, search)).toBe(0);
    expect(rankOf({ ...wang, name: '王秀英子' }, search)).toBe(1);
    expect(rankOf({ ...wang, name: '小王秀英' }, search)).toBe(2);
  });
});

/** A county of `villages` villages under one town, each holding `perVillage` 王s. */
function county(villages: number): OrgTree {
  const orgs: Org[] = [
    { orgId: 'county', name: '县', level: 'county' },
    { orgId: 'town', name: '镇', level: 'town', parentId: 'county' },
    { orgId: 'other', name: '另一镇', level: 'town', parentId: 'county' },
  ];
  for (let index = 0; index < villages; index += 1) {
    orgs.push({
      orgId: `v${index}`,
      name: `村${String(index).padStart(4, '0')}`,
      level: 'village',
      parentId: 'town',
    });
  }
  return new OrgTree(orgs);
}

/** The people deps over a fake store that answers `perOrg` matches an organisation and counts its reads. */
function fakeDeps(tree: OrgTree, perOrg: number, pagesPerOrg = 1) {
  const reads: string[] = [];
  let inFlight = 0;
  let inFlightMax = 0;
  const volunteers: Pick<VolunteerStore, 'findInOrg'> = {
    async findInOrg(orgId, _search, limits) {
      inFlight += 1;
      inFlightMax = Math.max(inFlightMax, inFlight);
      await new Promise((done) => setTimeout(done, 0));
      inFlight -= 1;
      reads.push(orgId);
      const pagesRead = Math.min(pagesPerOrg, limits.pagesMax);
      const profiles: ProfileItem[] = Array.from({ length: perOrg }, (_, index) => ({
        volunteerId: `${orgId}-${index}`,
        name: '王秀英',
        phone: '13809310005',
        orgId,
        createdAt: '2026-01-01T00:00:00.000Z',
        createdBy: 'admin',
        registrationId: 'r',
      }));
      return { profiles, pagesRead, complete: pagesRead >= pagesPerOrg };
    },
  };
  const deps = {
    orgs: { tree: async () => tree },
    volunteers,
  } as unknown as PeopleDeps;
  return { deps, reads, inFlightMax: () => inFlightMax };
}

const ADMIN: Principal = { userId: 'admin', roles: new Set(['admin']) };
const COORDINATOR: Principal = { userId: 'c', roles: new Set(['coordinator']), orgId: 'town' };

describe('searchVolunteers', () => {
  it('reads the organisations of the caller’s part only, a few at a time, and stops once it has more than it shows', async () => {
    // Prepare: 100 villages with 3 matches each
    const tree = county(100);
    const { deps, reads, inFlightMax } = fakeDeps(tree, 3);

    // Act
    const answer = await searchVolunteers(deps, COORDINATOR, '秀英');

    // Assess
    expect(answer.volunteers).toHaveLength(SEARCH_RESULTS_MAX);
    expect(answer.more).toBe(true);
    expect(reads).not.toContain('other');
    expect(reads.length).toBeLessThanOrEqual(Math.ceil((SEARCH_RESULTS_MAX + 1) / 3) + SEARCH_CONCURRENCY);
    expect(inFlightMax()).toBeLessThanOrEqual(SEARCH_CONCURRENCY);
    expect(answer.volunteers[0]).toMatchObject({ name: '王*英', phone: '138****0005' });
  });

  it('keeps within the page budget on a county of many organisations, and says the list may be incomplete', async () => {
    // Prepare: more villages than the budget allows pages, none matching
    const tree = county(SEARCH_PAGES_MAX + 50);
    const { deps, reads } = fakeDeps(tree, 0);

    // Act
    const answer = await searchVolunteers(deps, ADMIN, '没有这个人');

    // Assess
    expect(reads.length).toBeLessThanOrEqual(SEARCH_PAGES_MAX);
    expect(answer).toEqual({ volunteers: [], more: true });
  });

  it('says there are no more when it read everything', async () => {
    // Prepare
    const { deps } = fakeDeps(county(5), 1);

    // Act
    const answer = await searchVolunteers(deps, ADMIN, '秀英');

    // Assess
    // The county, its two towns and five villages: one each.
    expect(answer.volunteers).toHaveLength(8);
    expect(answer.more).toBe(false);
  });

  it('orders the organisations as the tree reads: the town, then its villages by name', () => {
    const tree = county(3);
    expect(searchScope(COORDINATOR, tree).map((org) => org.orgId)).toEqual(['town', 'v0', 'v1', 'v2']);
    expect(searchScope({ userId: 'x', roles: new Set(['coordinator']) }, tree)).toEqual([]);
  });
});
