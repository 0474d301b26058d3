import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type Org, OrgTree } from '../../domain/org-tree';
import { keys } from './keys';

/** The tree is one partition of a few hundred small items: bounded pages, read in one go. */
const ORG_PAGES_MAX = 20;

export async function loadOrgTree(client: DynamoDBDocumentClient, tableName: string): Promise<OrgTree> {
  const orgs: Org[] = [];
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
      orgs.push({
        orgId: String(item.orgId),
        name: String(item.name),
        level: item.level as Org['level'],
        ...(typeof item.parentId === 'string' ? { parentId: item.parentId } : {}),
      });
    }
    startKey = result.LastEvaluatedKey;
    if (startKey === undefined) break;
  }
  return new OrgTree(orgs);
}
