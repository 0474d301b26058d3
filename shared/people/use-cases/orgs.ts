import { AppError } from '../../platform/errors';
import { ORG_DEPTH_MAX, ORG_WRITE_ATTEMPTS_MAX } from '../../platform/limits';
import { hasRole, type Principal } from '../../platform/principal';
import type { OrgView, PlaceList, PutOrgRequest } from '../contract/orgs';
import type { PeopleDeps } from '../port';
import { type Org, OrgTree } from '../rules/org-tree';
import { nextVersion, type OrgRecord } from '../rules/org-write';
import { coordinatorCovers } from './volunteer-access';

export function toOrgView(org: Org, tree: OrgTree): OrgView {
  return {
    orgId: org.orgId,
    name: org.name,
    level: org.level,
    ...(org.parentId === undefined ? {} : { parentId: org.parentId }),
    path: tree.pathOf(org.orgId),
  };
}

/** Levels below an organisation, counting itself: 1 for a leaf. */
function heightOf(tree: OrgTree, orgId: string): number {
  const below = tree.subtree(orgId);
  const ownDepth = tree.pathOf(orgId).length;
  return below.reduce((height, org) => Math.max(height, tree.pathOf(org.orgId).length - ownDepth + 1), 1);
}

function refuse(detail: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', detail, { fields: [{ path: 'body.parentId', message }] });
}

/** Checks the change against the tree as read; the write's conditions make the read still hold. */
function validateChange(tree: OrgTree, orgId: string, input: PutOrgRequest): void {
  const { parentId } = input;
  if (parentId === undefined) {
    const otherRoot = tree.all().find((org) => org.parentId === undefined && org.orgId !== orgId);
    if (otherRoot !== undefined) {
      throw refuse(
        `只能有一个县级根组织,已有「${otherRoot.name}」(${otherRoot.orgId}); 请填写上级组织 parentId (there is already a root organisation; give parentId)`,
        'required: the tree already has its root',
      );
    }
    if (input.level !== 'county') {
      throw new AppError(
        'VALIDATION_FAILED',
        '没有上级的组织必须是县 (an organisation without parent is the root and must be level county)',
        { fields: [{ path: 'body.level', message: 'must be county for the root' }] },
      );
    }
    return;
  }
  if (tree.get(parentId) === undefined) {
    throw refuse(
      `上级组织 ${parentId} 不存在 (the parent organisation ${parentId} does not exist)`,
      'no such organisation',
    );
  }
  if (tree.wouldCycle(orgId, parentId)) {
    throw refuse(
      `cycle: 不能把组织放在它自己或它的下级之下 (${orgId} cannot be placed under itself or its own suborganisation ${parentId})`,
      'cycle',
    );
  }
  const depth = tree.pathOf(parentId).length + (tree.get(orgId) === undefined ? 1 : heightOf(tree, orgId));
  if (depth > ORG_DEPTH_MAX) {
    throw refuse(
      `组织层级最多 ${ORG_DEPTH_MAX} 级 (the tree may be at most ${ORG_DEPTH_MAX} levels deep)`,
      'too deep',
    );
  }
}

/**
 * Creates or updates one organisation. The tree is read, the change checked against it (parent
 * exists, no cycle, one root), and written in one transaction that also checks every ancestor of
 * the new parent is still the version read: a concurrent move that would close a cycle changes one
 * of those items, so one of the two transactions fails and re-reads. The root is named by a marker
 * item, so two roots cannot appear at once either.
 */
export async function putOrg(
  deps: PeopleDeps,
  principal: Principal,
  orgId: string,
  input: PutOrgRequest,
): Promise<OrgView> {
  for (let attempt = 0; attempt < ORG_WRITE_ATTEMPTS_MAX; attempt += 1) {
    const records = await deps.orgs.records();
    const tree = new OrgTree(records.values());
    validateChange(tree, orgId, input);
    const read = records.get(orgId);
    const at = deps.now().toISOString();
    const org: Org = {
      orgId,
      name: input.name,
      level: input.level,
      ...(input.parentId === undefined ? {} : { parentId: input.parentId }),
    };
    const ancestors =
      input.parentId === undefined
        ? []
        : tree
            .pathOf(input.parentId)
            .map((ancestorId) => records.get(ancestorId))
            .filter((ancestor): ancestor is OrgRecord => ancestor !== undefined);
    const written = await deps.orgs.write({
      org: { ...org, version: nextVersion(read), createdAt: read?.createdAt ?? at },
      updatedAt: at,
      updatedBy: principal.userId,
      read,
      ancestors,
    });
    if (written) {
      const after = new OrgTree([...tree.all().filter((other) => other.orgId !== orgId), org]);
      return toOrgView(org, after);
    }
  }
  throw new AppError('CONFLICT', 'The organisation tree changed meanwhile; try again');
}

/** One organisation: the admin sees any; a coordinator their subtree; others are told it is not there. */
export async function getOrg(deps: PeopleDeps, principal: Principal, orgId: string): Promise<OrgView> {
  const tree = await deps.orgs.tree();
  const org = tree.get(orgId);
  if (org === undefined || !(hasRole(principal, 'admin') || coordinatorCovers(principal, tree, orgId))) {
    throw new AppError('NOT_FOUND', 'No such organisation');
  }
  return toOrgView(org, tree);
}

function comparePaths(a: readonly string[], b: readonly string[]): number {
  for (let index = 0; index < Math.min(a.length, b.length); index += 1) {
    const left = a[index] as string;
    const right = b[index] as string;
    if (left !== right) return left < right ? -1 : 1;
  }
  return a.length - b.length;
}

/** The whole tree for the admin, a coordinator's subtree for them; parents before children. */
export async function listOrgs(deps: PeopleDeps, principal: Principal): Promise<{ orgs: OrgView[] }> {
  const tree = await deps.orgs.tree();
  let visible: Org[] = [];
  if (hasRole(principal, 'admin')) visible = tree.all();
  else if (hasRole(principal, 'coordinator') && principal.orgId !== undefined) {
    visible = tree.subtree(principal.orgId);
  }
  const orgs = visible.map((org) => toOrgView(org, tree));
  orgs.sort((a, b) => comparePaths(a.path, b.path));
  return { orgs };
}

/**
 * The towns and villages of the county, for anyone (a resident's request names where they live):
 * names and places only, no teams and nothing about people.
 */
export async function listPlaces(deps: PeopleDeps): Promise<PlaceList> {
  const tree = await deps.orgs.tree();
  const places = tree
    .all()
    .filter((org) => org.level === 'town' || org.level === 'village')
    .map((org) => ({
      orgId: org.orgId,
      name: org.name,
      level: org.level as 'town' | 'village',
      ...(org.parentId === undefined ? {} : { parentId: org.parentId }),
    }));
  places.sort((a, b) => comparePaths(tree.pathOf(a.orgId), tree.pathOf(b.orgId)));
  return { places };
}
