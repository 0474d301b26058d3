import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ENTITY, keys } from '../../platform/dynamo/keys';
import type { ScorecardSource } from '../port';
import type { OrderFigures } from '../rules/scorecards';

interface Table {
  client: DynamoDBDocumentClient;
  tableName: string;
}

/**
 * Pages of one month's figures partition. A page is up to 1 MB (about 2,500 figures items of
 * ~400 bytes), so this bound is some 250,000 orders in a month, hundreds of times a county's.
 */
export const FIGURES_PAGES_MAX = 100;

/** The figures items of `ORDERSTAT#<month>` (written by order-store.ts with every step). */
export class DynamoScorecardSource implements ScorecardSource {
  constructor(private readonly table: Table) {}

  async figures(month: string): Promise<OrderFigures[]> {
    const found: OrderFigures[] = [];
    let startKey: Record<string, unknown> | undefined;
    for (let page = 0; page < FIGURES_PAGES_MAX; page += 1) {
      const answer = await this.table.client.send(
        new QueryCommand({
          TableName: this.table.tableName,
          KeyConditionExpression: 'pk = :month',
          ExpressionAttributeValues: { ':month': keys.orderStatPartition(month) },
          ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
        }),
      );
      for (const item of answer.Items ?? [])
        if (item.entity === ENTITY.orderStat) found.push(toFigures(item));
      startKey = answer.LastEvaluatedKey;
      if (startKey === undefined) return found;
    }
    // Never silently short: a partial month would rank teams on part of their orders.
    throw new Error(`more than ${FIGURES_PAGES_MAX} pages of order figures in ${month}`);
  }
}

function toFigures(item: Record<string, unknown>): OrderFigures {
  const { pk: _pk, sk: _sk, entity: _entity, ...rest } = item;
  return {
    ...(rest as unknown as OrderFigures),
    returns: Number(rest.returns ?? 0),
    overdue: rest.overdue === true,
    complaint: rest.complaint === true,
    hours: Number(rest.hours ?? 0),
  };
}
