import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { ENTITY, keys } from '../../platform/dynamo/keys';
import { isRetryable } from '../../platform/dynamo/retry';
import { POINT_RULE_PAGES_MAX } from '../../platform/limits';
import type { PointRuleStore } from '../port';
import type { RuleVersion } from '../rules/points';
import { retrying } from './record-store';

function versionOf(item: Record<string, unknown>): RuleVersion {
  return {
    ruleId: String(item.ruleId),
    version: Number(item.version),
    pointsPerHour: Number(item.pointsPerHour),
    effectiveFrom: String(item.effectiveFrom),
    ...(typeof item.projectId === 'string' ? { projectId: item.projectId } : {}),
    updatedBy: String(item.updatedBy),
    updatedAt: String(item.updatedAt),
  };
}

/**
 * Point rules in DynamoDB. The rule's head item (keys.pointRule) holds its current version and is
 * the target of the optimistic check (`version = :previous`) that makes two concurrent updates
 * produce versions n+1 and n+2, never two n+1; each version is also its own item
 * (keys.pointRuleVersion), written in the same transaction and never changed.
 */
export class DynamoPointRuleStore implements PointRuleStore {
  constructor(private readonly deps: { client: DynamoDBDocumentClient; tableName: string }) {}

  /** Every version of every rule: one small partition, read strongly consistently in bounded pages. */
  async versions(): Promise<RuleVersion[]> {
    const versions: RuleVersion[] = [];
    let startKey: Record<string, unknown> | undefined;
    for (let page = 0; page < POINT_RULE_PAGES_MAX; page += 1) {
      const result = await retrying(() =>
        this.deps.client.send(
          new QueryCommand({
            TableName: this.deps.tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': keys.pointRulePartition },
            ConsistentRead: true,
            ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
          }),
        ),
      );
      for (const item of result.Items ?? []) {
        if (item.entity === ENTITY.pointRuleVersion) versions.push(versionOf(item));
      }
      startKey = result.LastEvaluatedKey;
      if (startKey === undefined) break;
    }
    return versions;
  }

  async current(ruleId: string): Promise<RuleVersion | undefined> {
    const found = await retrying(() =>
      this.deps.client.send(
        new GetCommand({ TableName: this.deps.tableName, Key: keys.pointRule(ruleId), ConsistentRead: true }),
      ),
    );
    return found.Item === undefined ? undefined : versionOf(found.Item);
  }

  async addVersion(version: RuleVersion): Promise<boolean> {
    const previous = version.version - 1;
    try {
      await this.deps.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.deps.tableName,
                Item: { ...keys.pointRule(version.ruleId), entity: ENTITY.pointRule, ...version },
                ConditionExpression: previous === 0 ? 'attribute_not_exists(pk)' : '#version = :previous',
                ...(previous === 0
                  ? {}
                  : {
                      ExpressionAttributeNames: { '#version': 'version' },
                      ExpressionAttributeValues: { ':previous': previous },
                    }),
              },
            },
            {
              Put: {
                TableName: this.deps.tableName,
                Item: {
                  ...keys.pointRuleVersion(version.ruleId, version.version),
                  entity: ENTITY.pointRuleVersion,
                  ...version,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      // Another update got there first, or the outcome is unknown: the caller reads again and decides.
      if (error instanceof TransactionCanceledException || error instanceof ConditionalCheckFailedException)
        return false;
      if (isRetryable(error)) return false;
      throw error;
    }
  }
}
