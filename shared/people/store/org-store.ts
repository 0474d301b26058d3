import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactItem } from '../../ledger/store/ledger-store';
import { ENTITY, keys } from '../../platform/dynamo/keys';
import { isRetryable } from '../../platform/dynamo/retry';
import type { OrgStore, OrgWrite } from '../port';
import type { OrgTree } from '../rules/org-tree';
import { type OrgRecord, UNVERSIONED } from '../rules/org-write';
import { forgetOrgParents, loadOrgRecords, loadOrgTree, orgIsWithin } from './org-directory';

export interface OrgStoreTable {
  client: DynamoDBDocumentClient;
  tableName: string;
}

/** The condition of `isStillAt`: the item is still at the version read (read without one: still without one). */
function stillAt(version: number) {
  return version > UNVERSIONED
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

/**
 * The organisation tree in DynamoDB: one item per organisation in one partition (keys.org), and a
 * marker item naming the root (keys.orgRoot), so two roots cannot appear at once. An organisation is
 * written in one transaction whose conditions are the rules of rules/org-write.ts.
 */
export class DynamoOrgStore implements OrgStore {
  constructor(private readonly table: OrgStoreTable) {}

  records(): Promise<Map<string, OrgRecord>> {
    return loadOrgRecords(this.table.client, this.table.tableName);
  }

  tree(): Promise<OrgTree> {
    return loadOrgTree(this.table.client, this.table.tableName);
  }

  isWithin(orgId: string, ancestorId: string): Promise<boolean> {
    return orgIsWithin(this.table.client, this.table.tableName, orgId, ancestorId);
  }

  async write(change: OrgWrite): Promise<boolean> {
    const { tableName } = this.table;
    const { org, read } = change;
    const items: TransactItem[] = [
      {
        Put: {
          TableName: tableName,
          Item: {
            ...keys.org(org.orgId),
            entity: ENTITY.org,
            orgId: org.orgId,
            name: org.name,
            level: org.level,
            ...(org.parentId === undefined ? {} : { parentId: org.parentId }),
            version: org.version,
            createdAt: org.createdAt,
            updatedAt: change.updatedAt,
            updatedBy: change.updatedBy,
          },
          // mayWriteOrg: a new organisation only where none is; a changed one while still as read.
          ...(read === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : stillAt(read.version)),
        },
      },
    ];
    if (org.parentId === undefined) {
      // mayClaimRoot: the marker is free, or already names this organisation.
      items.push({
        Put: {
          TableName: tableName,
          Item: {
            ...keys.orgRoot(),
            entity: ENTITY.uniqueKey,
            orgId: org.orgId,
            updatedAt: change.updatedAt,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR orgId = :orgId',
          ExpressionAttributeValues: { ':orgId': org.orgId },
        },
      });
    }
    for (const ancestor of change.ancestors) {
      items.push({
        ConditionCheck: { TableName: tableName, Key: keys.org(ancestor.orgId), ...stillAt(ancestor.version) },
      });
    }
    try {
      await this.table.client.send(new TransactWriteCommand({ TransactItems: items }));
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceledException || isRetryable(error)) return false;
      throw error;
    } finally {
      // Written, refused or unknown: this process's scope checks read the tree afresh.
      forgetOrgParents();
    }
  }
}
