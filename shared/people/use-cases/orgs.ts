import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactItem } from '../../ledger/store/ledger-store';
import { ENTITY, keys } from '../../platform/dynamo/keys';
import { isRetryable } from '../../platform/dynamo/retry';
import { AppError } from '../../platform/errors';
import { ORG_DEPTH_MAX, ORG_WRITE_ATTEMPTS_MAX } from '../../platform/limits';
import { hasRole, type Principal } from '../../platform/principal';
import type { Runtime } from '../../platform/runtime';
import type { OrgView, PutOrgRequest } from '../contract/orgs';
import { type Org, OrgTree } from '../rules/org-tree';
import { forgetOrgParents, loadOrgTree } from '../store/org-directory';
import { coordinatorCovers } from './volunteer-access';

export type OrgPorts = Pick<Runtime, 'client' | 'tableName' | 'now'>;

/** The tree is one partition of a few hundred small items: bounded pages, read in one go. */
const ORG_PAGES_MAX = 20;

interface OrgRecord extends Org {
  /** Bumped by every change; 0 for items written before versions existed. */
  version: number;
  createdAt?: string;
}

async function readOrgRecords(ports: OrgPorts): Promise<Map<string, OrgRecord>> {
  const records = new Map<string, OrgRecord>();
  let startKey: Record<string, unknown> | undefined;
  for (let page = 0; page < ORG_PAGES_MAX; page += 1) {
    const result = await ports.client.send(
      new QueryCommand({
        TableName: ports.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.orgPartition },
        ConsistentRead: true,
        ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
      }),
    );
    for (const item of result.Items ?? []) {
      const orgId = String(item.orgId);
      records.set(orgId, {
        orgId,
        name: String(item.name),
        level: item.level as Org['level'],
        ...(typeof item.parentId === 'string' ? { parentId: item.parentId } : {}),
        version: typeof item.version === 'number' ? item.version : 0,
        ...(typeof item.createdAt === 'string' ? { createdAt: item.createdAt } : {}),
      });
    }
    startKey = result.LastEvaluatedKey;
    if (startKey === undefined) break;
  }
  return records;
}

export function toOrgView(org: Org, tree: OrgTree): OrgView {
  return {
    orgId: org.orgId,
    name: org.name,
    level: org.level,
    ...(org.parentId === undefined ? {} : { parentId: org.parentId }),
    path: tree.pathOf(org.orgId),
  };
}

/** The condition that an item is still the version we read (items from before versions: none). */
function sameVersion(version: number) {
  return version > 0
    ? {
        ConditionExpression: '#version = :version',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':version': version },
      }
    : {
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#version)',
        ExpressionAttributeNames: { '#version': 'version' },
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
  ports: OrgPorts,
  principal: Principal,
  orgId: string,
  input: PutOrgRequest,
): Promise<OrgView> {
  for (let attempt = 0; attempt < ORG_WRITE_ATTEMPTS_MAX; attempt += 1) {
    const records = await readOrgRecords(ports);
    const tree = new OrgTree(records.values());
    validateChange(tree, orgId, input);
    const existing = records.get(orgId);
    const at = ports.now().toISOString();
    const org: Org = {
      orgId,
      name: input.name,
      level: input.level,
      ...(input.parentId === undefined ? {} : { parentId: input.parentId }),
    };
    const items: TransactItem[] = [
      {
        Put: {
          TableName: ports.tableName,
          Item: {
            ...keys.org(orgId),
            entity: ENTITY.org,
            ...org,
            version: (existing?.version ?? 0) + 1,
            createdAt: existing?.createdAt ?? at,
            updatedAt: at,
            updatedBy: principal.userId,
          },
          ...(existing === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : sameVersion(existing.version)),
        },
      },
    ];
    if (input.parentId === undefined) {
      items.push({
        Put: {
          TableName: ports.tableName,
          Item: { ...keys.orgRoot(), entity: ENTITY.uniqueKey, orgId, updatedAt: at },
          ConditionExpression: 'attribute_not_exists(pk) OR orgId = :orgId',
          ExpressionAttributeValues: { ':orgId': orgId },
        },
      });
    } else {
      for (const ancestorId of tree.pathOf(input.parentId)) {
        const ancestor = records.get(ancestorId);
        if (ancestor === undefined) continue;
        items.push({
          ConditionCheck: {
            TableName: ports.tableName,
            Key: keys.org(ancestorId),
            ...sameVersion(ancestor.version),
          },
        });
      }
    }
    try {
      await ports.client.send(new TransactWriteCommand({ TransactItems: items }));
      const after = new OrgTree([...tree.all().filter((other) => other.orgId !== orgId), org]);
      return toOrgView(org, after);
    } catch (error) {
      if (error instanceof TransactionCanceledException || isRetryable(error)) continue;
      throw error;
    } finally {
      // Written, refused or unknown: this process's scope checks read the tree afresh.
      forgetOrgParents();
    }
  }
  throw new AppError('CONFLICT', 'The organisation tree changed meanwhile; try again');
}

/** One organisation: the admin sees any; a coordinator their subtree; others are told it is not there. */
export async function getOrg(ports: OrgPorts, principal: Principal, orgId: string): Promise<OrgView> {
  const tree = await loadOrgTree(ports.client, ports.tableName);
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
export async function listOrgs(ports: OrgPorts, principal: Principal): Promise<{ orgs: OrgView[] }> {
  const tree = await loadOrgTree(ports.client, ports.tableName);
  let visible: Org[] = [];
  if (hasRole(principal, 'admin')) visible = tree.all();
  else if (hasRole(principal, 'coordinator') && principal.orgId !== undefined) {
    visible = tree.subtree(principal.orgId);
  }
  const orgs = visible.map((org) => toOrgView(org, tree));
  orgs.sort((a, b) => comparePaths(a.path, b.path));
  return { orgs };
}
