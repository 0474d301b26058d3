import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../platform/dynamo/keys';
import { ORG_DEPTH_MAX } from '../../platform/limits';
import { type Org, OrgTree } from '../rules/org-tree';
import { type OrgRecord, UNVERSIONED } from '../rules/org-write';

/** The tree is one partition of a few hundred small items: bounded pages, read in one go. */
const ORG_PAGES_MAX = 20;

const orgOf = (item: Record<string, unknown>): Org => ({
  orgId: String(item.orgId),
  name: String(item.name),
  level: item.level as Org['level'],
  ...(typeof item.parentId === 'string' ? { parentId: item.parentId } : {}),
});

/** Every organisation with its version, by id, in the partition's order: read in one go. */
export async function loadOrgRecords(
  client: DynamoDBDocumentClient,
  tableName: string,
): Promise<Map<string, OrgRecord>> {
  const records = new Map<string, OrgRecord>();
  let startKey: Record<string, unknown> | undefined;
  for (let page = 0; page < ORG_PAGES_MAX; page += 1) {
    const result = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.orgPartition },
        ConsistentRead: true,
        ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
      }),
    );
    for (const item of result.Items ?? []) {
      const org = orgOf(item);
      records.set(org.orgId, {
        ...org,
        version: typeof item.version === 'number' ? item.version : UNVERSIONED,
        ...(typeof item.createdAt === 'string' ? { createdAt: item.createdAt } : {}),
      });
    }
    startKey = result.LastEvaluatedKey;
    if (startKey === undefined) break;
  }
  return records;
}

export async function loadOrgTree(client: DynamoDBDocumentClient, tableName: string): Promise<OrgTree> {
  const records = await loadOrgRecords(client, tableName);
  return new OrgTree(
    [...records.values()].map(({ orgId, name, level, parentId }) => ({
      orgId,
      name,
      level,
      ...(parentId === undefined ? {} : { parentId }),
    })),
  );
}

/**
 * How long a function process trusts an organisation's parent it has read. Moving an organisation
 * is rare (an administrator's act); until this has passed, other warm functions may still decide a
 * coordinator's scope by the old place, a shorter window than a signed-in token's own hour.
 */
export const ORG_PARENT_CACHE_MS = 60_000;

const parents = new Map<string, { parentId: string | undefined; exists: boolean; readAtMs: number }>();

/** Bumped whenever this process writes an organisation: what was remembered of the tree is stale. */
let treeGeneration = 0;

/** Forgets every cached parent (and remembered tree): after an organisation is written in this process. */
export function forgetOrgParents(): void {
  parents.clear();
  treeGeneration += 1;
}

async function parentOf(
  client: DynamoDBDocumentClient,
  tableName: string,
  orgId: string,
  nowMs: number,
): Promise<{ parentId: string | undefined; exists: boolean }> {
  const cacheKey = `${tableName}\n${orgId}`;
  const cached = parents.get(cacheKey);
  if (cached !== undefined && nowMs - cached.readAtMs < ORG_PARENT_CACHE_MS) return cached;
  const result = await client.send(
    new GetCommand({
      TableName: tableName,
      Key: keys.org(orgId),
      ProjectionExpression: 'parentId',
    }),
  );
  const parentId = typeof result.Item?.parentId === 'string' ? result.Item.parentId : undefined;
  const entry = { parentId, exists: result.Item !== undefined, readAtMs: nowMs };
  parents.set(cacheKey, entry);
  return entry;
}

/**
 * True when `orgId` is `ancestorId` or lies below it. Walks up one organisation at a time (one small
 * read each, remembered for ORG_PARENT_CACHE_MS), so a coordinator's scope check costs a few read
 * units at most, and none when warm, however large the tree: it never loads the whole partition.
 */
export async function orgIsWithin(
  client: DynamoDBDocumentClient,
  tableName: string,
  orgId: string,
  ancestorId: string,
  nowMs = Date.now(),
): Promise<boolean> {
  let current: string | undefined = orgId;
  for (let depth = 0; depth <= ORG_DEPTH_MAX && current !== undefined; depth += 1) {
    if (current === ancestorId) return true;
    const found = await parentOf(client, tableName, current, nowMs);
    if (!found.exists) return false;
    current = found.parentId;
  }
  return false;
}

/**
 * The whole tree, remembered per process for ORG_PARENT_CACHE_MS (the same trust as a cached
 * parent): the order flow reads names and places on every step, and a county's tree is one
 * partition of a few hundred items (about 35 read units for 631 organisations), so a warm function
 * reads it once a minute at most instead of on every request.
 */
export function rememberedOrgTree(
  client: DynamoDBDocumentClient,
  tableName: string,
  now: () => Date,
): () => Promise<OrgTree> {
  let remembered: { tree: Promise<OrgTree>; readAtMs: number; generation: number } | undefined;
  return () => {
    const nowMs = now().getTime();
    if (
      remembered === undefined ||
      remembered.generation !== treeGeneration ||
      nowMs - remembered.readAtMs >= ORG_PARENT_CACHE_MS
    ) {
      const tree = loadOrgTree(client, tableName);
      remembered = { tree, readAtMs: nowMs, generation: treeGeneration };
      tree.catch(() => {
        remembered = undefined;
      });
    }
    return remembered.tree;
  };
}
