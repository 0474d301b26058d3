import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { chinaMonth } from '../../platform/china-time';
import { conditionFailed, reasonsOf } from '../../platform/dynamo/cancellation';
import { definedFields, type TableRef, withoutKeys } from '../../platform/dynamo/items';
import { ENTITY, keys } from '../../platform/dynamo/keys';
import type { Project, PutProjectRequest } from '../contract/orders';
import type { Order, OrderStore, ProjectStore } from '../port';
import { dueAt, dueKey, isOverdue } from '../rules/due-dates';
import { type OrderStatus, TERMINAL_STATUSES } from '../rules/order-flow';
import { orderFigures } from '../rules/scorecards';

type Table = TableRef;

/** The catalogue is small (the county has 90 projects): a few pages at most. */
const PROJECT_PAGES_MAX = 10;
/** A queue page is at most this many orders (the route's limit is lower). */
const QUEUE_PAGE_MAX = 100;

/** The queue partition of a status: `open` for every order that has not ended, else the status. */
const queueOf = (status: OrderStatus): string => (TERMINAL_STATUSES.includes(status) ? status : 'open');

/** Pages read for one queue when a status is filtered out of the open queue. */
const QUEUE_PAGES_MAX = 5;

function orderItem(order: Order): Record<string, unknown> {
  return {
    ...keys.order(order.number),
    ...keys.orderQueues({
      queue: queueOf(order.status),
      teamOrgId: order.teamOrgId,
      dueKey: dueKey(order),
      number: order.number,
    }),
    entity: ENTITY.order,
    ...definedFields({ ...order }),
  };
}

/** The order's figures item (rules/scorecards.ts `orderFigures`), rewritten with every step. */
function statItem(order: Order): Record<string, unknown> {
  return {
    ...keys.orderStat(chinaMonth(new Date(order.submittedAt)), order.number),
    entity: ENTITY.orderStat,
    ...definedFields({ ...orderFigures(order, isOverdue(dueAt(order), order.updatedAt)) }),
  };
}

function toOrder(item: Record<string, unknown>): Order {
  return { recordIds: [], ...withoutKeys<Record<string, unknown>>(item) } as unknown as Order;
}

export class DynamoOrderStore implements OrderStore {
  constructor(private readonly table: Table) {}

  async create(order: Order): Promise<boolean> {
    return this.write(order, {
      // A number names one order.
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  }

  /** The order and its figures in one transaction; false when the order's condition failed. */
  private async write(order: Order, condition: Record<string, unknown>): Promise<boolean> {
    try {
      await this.table.client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.table.tableName, Item: orderItem(order), ...condition } },
            { Put: { TableName: this.table.tableName, Item: statItem(order) } },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceledException && conditionFailed(reasonsOf(error)[0])) return false;
      throw error;
    }
  }

  async get(number: string): Promise<Order | undefined> {
    const { Item } = await this.table.client.send(
      new GetCommand({ TableName: this.table.tableName, Key: keys.order(number), ConsistentRead: true }),
    );
    return Item?.entity === ENTITY.order ? toOrder(Item) : undefined;
  }

  async transition(
    from: Pick<Order, 'number' | 'version'> & { statuses: readonly OrderStatus[] },
    next: Order,
  ): Promise<boolean> {
    if (from.statuses.length === 0) return false;
    const names = from.statuses.map((_, index) => `:from${index}`);
    return this.write(next, {
      // canTake: the status is one the step may start from (ORDER_TRANSITIONS), and the order is
      // still at the version that was read, so of two concurrent steps exactly one is written.
      ConditionExpression: `#status IN (${names.join(', ')}) AND version = :version`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ...Object.fromEntries(from.statuses.map((status, index) => [`:from${index}`, status])),
        ':version': from.version,
      },
    });
  }

  async addRecord(number: string, recordId: string): Promise<void> {
    await this.table.client
      .send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.order(number),
          UpdateExpression: 'SET recordIds = list_append(if_not_exists(recordIds, :none), :record)',
          ConditionExpression: 'attribute_exists(pk) AND NOT contains(recordIds, :id)',
          ExpressionAttributeValues: { ':none': [], ':record': [recordId], ':id': recordId },
        }),
      )
      .catch((error: unknown) => {
        // Already linked (a retried close): nothing to add.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      });
  }

  async queue(filter: { teamOrgId?: string | undefined; status?: OrderStatus | undefined; limit: number }) {
    const queue = queueOf(filter.status ?? 'submitted');
    // One status of the open queue is a filter on it; the open queue itself, or an ended status, is a plain query.
    const filtered = filter.status !== undefined && queue === 'open';
    const orders: Order[] = [];
    let startKey: Record<string, unknown> | undefined;
    for (let page = 0; page < QUEUE_PAGES_MAX && orders.length < filter.limit; page += 1) {
      const answer = await this.table.client.send(
        new QueryCommand({
          TableName: this.table.tableName,
          ...(filter.teamOrgId === undefined
            ? {
                IndexName: 'gsi1',
                KeyConditionExpression: 'gsi1pk = :queue',
                ExpressionAttributeValues: {
                  ':queue': keys.orderQueuePartition(queue),
                  ...(filtered ? { ':status': filter.status } : {}),
                },
              }
            : {
                IndexName: 'gsi2',
                KeyConditionExpression: 'gsi2pk = :team AND begins_with(gsi2sk, :queue)',
                ExpressionAttributeValues: {
                  ':team': keys.teamOrdersPartition(filter.teamOrgId),
                  ':queue': `${queue}#`,
                  ...(filtered ? { ':status': filter.status } : {}),
                },
              }),
          ...(filtered
            ? { FilterExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' } }
            : {}),
          Limit: Math.min(filtered ? QUEUE_PAGE_MAX : filter.limit, QUEUE_PAGE_MAX),
          ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
        }),
      );
      for (const item of answer.Items ?? []) if (item.entity === ENTITY.order) orders.push(toOrder(item));
      startKey = answer.LastEvaluatedKey;
      if (startKey === undefined || !filtered) break;
    }
    return orders.slice(0, filter.limit);
  }
}

export class DynamoProjectStore implements ProjectStore {
  constructor(private readonly table: Table) {}

  async put(projectId: string, project: PutProjectRequest, at: string): Promise<Project> {
    const saved: Project = { projectId, ...project, updatedAt: at };
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          ...keys.project(projectId),
          ...keys.projectListing(projectId),
          entity: ENTITY.project,
          ...definedFields(saved),
        },
      }),
    );
    return saved;
  }

  async get(projectId: string): Promise<Project | undefined> {
    const { Item } = await this.table.client.send(
      new GetCommand({ TableName: this.table.tableName, Key: keys.project(projectId) }),
    );
    return Item?.entity === ENTITY.project ? toProject(Item) : undefined;
  }

  async list(): Promise<Project[]> {
    const projects: Project[] = [];
    let startKey: Record<string, unknown> | undefined;
    for (let page = 0; page < PROJECT_PAGES_MAX; page += 1) {
      const answer = await this.table.client.send(
        new QueryCommand({
          TableName: this.table.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :projects',
          ExpressionAttributeValues: { ':projects': keys.projectListingPartition },
          ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
        }),
      );
      for (const item of answer.Items ?? [])
        if (item.entity === ENTITY.project) projects.push(toProject(item));
      startKey = answer.LastEvaluatedKey;
      if (startKey === undefined) break;
    }
    return projects;
  }
}

function toProject(item: Record<string, unknown>): Project {
  return {
    projectId: String(item.projectId),
    title: String(item.title),
    category: item.category as Project['category'],
    teamOrgId: String(item.teamOrgId),
    description: String(item.description ?? ''),
    servesOrgIds: Array.isArray(item.servesOrgIds) ? item.servesOrgIds.map(String) : [],
    ...(typeof item.pointRuleId === 'string' ? { pointRuleId: item.pointRuleId } : {}),
    status: item.status === 'archived' ? 'archived' : 'active',
    updatedAt: String(item.updatedAt),
  };
}
