import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { forEachBounded } from '../../platform/bounded';
import { ENTITY, keys, MONTH_SHARDS } from '../../platform/dynamo/keys';
import { retryCall } from '../../platform/dynamo/retry';
import {
  DRAW_CALL_ATTEMPTS_MAX,
  DRAW_INDEX_PAGES_PER_SHARD_MAX,
  DRAW_PAGE_WRITE_CONCURRENCY,
  ID_PATTERN,
} from '../../platform/limits';
import type { DrawStore } from '../port';
import { DRAW_TRANSITIONS, type DrawChange, type DrawFreeze, type DrawState } from '../rules/draw-status';

/** Backoff knobs of the draw's calls; tests pass a seeded `random` and a quick `sleep`. */
export interface RetryKnobs {
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * One DynamoDB call of the draw, retried with backoff while its failure is one that passes
 * (bounded); the last failure is thrown when every attempt failed.
 */
export const drawRetrying =
  (knobs: RetryKnobs) =>
  <T>(call: () => Promise<T>): Promise<T> =>
    retryCall(call, {
      attempts: DRAW_CALL_ATTEMPTS_MAX,
      exhausted: 'rethrow-last',
      ...(knobs.sleep === undefined ? {} : { sleep: knobs.sleep }),
      ...(knobs.random === undefined ? {} : { random: knobs.random }),
    });

export interface DrawStoreDeps extends RetryKnobs {
  client: DynamoDBDocumentClient;
  tableName: string;
}

/**
 * Draws in DynamoDB: the draw item (keys.draw) with its commitment, parameters and result, and the
 * pages of its frozen entrant list (keys.drawEntrantPage, named by the list's hash). Every status
 * change is one conditional write whose condition is the rule of the same name in
 * rules/draw-status.ts.
 */
export class DynamoDrawStore implements DrawStore {
  readonly monthShards = MONTH_SHARDS;
  private readonly retrying: ReturnType<typeof drawRetrying>;

  constructor(private readonly deps: DrawStoreDeps) {
    this.retrying = drawRetrying(deps);
  }

  private get table(): string {
    return this.deps.tableName;
  }

  async get(month: string): Promise<DrawState | undefined> {
    const result = await this.retrying(() =>
      this.deps.client.send(
        new GetCommand({ TableName: this.table, Key: keys.draw(month), ConsistentRead: true }),
      ),
    );
    return result.Item as DrawState | undefined;
  }

  async commit(draw: DrawState): Promise<boolean> {
    try {
      await this.retrying(() =>
        this.deps.client.send(
          new PutCommand({
            TableName: this.table,
            Item: { ...keys.draw(draw.month), entity: ENTITY.draw, ...draw },
            // canCommit: no draw for the month yet.
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
      return true;
    } catch (error) {
      // Another commitment won (or ours landed and its answer was lost).
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async change(month: string, revision: number, change: DrawChange): Promise<DrawState | undefined> {
    try {
      const result = await this.retrying(() =>
        this.deps.client.send(
          new UpdateCommand({
            TableName: this.table,
            Key: keys.draw(month),
            UpdateExpression:
              'SET winnerCount = :winners, prizePoints = :prize, minHours = :minHours, revision = :next, updatedAt = :at, updatedBy = :by',
            // canChange: still committed, at the revision read.
            ConditionExpression: '#status = :committed AND revision = :revision',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':winners': change.winnerCount,
              ':prize': change.prizePoints,
              ':minHours': change.minHours,
              ':next': revision + 1,
              ':revision': revision,
              ':committed': DRAW_TRANSITIONS.change.from,
              ':at': change.at,
              ':by': change.by,
            },
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return result.Attributes as DrawState;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  /**
   * The month index (gsi1), its shards in parallel, page by page, only the attributes the draw
   * needs. Never a list cut short: a shard with too many pages, or an item that is not whole, fails.
   */
  async listMonthHours(
    month: string,
    visit: (shard: number, volunteerId: string, quarters: number) => void,
  ): Promise<void> {
    await Promise.all(
      Array.from({ length: MONTH_SHARDS }, async (_, shard) => {
        let startKey: Record<string, unknown> | undefined;
        for (let page = 0; ; page += 1) {
          if (page >= DRAW_INDEX_PAGES_PER_SHARD_MAX) {
            throw new Error(`Draw ${month}: shard ${shard} has more than ${page} index pages`);
          }
          const result = await this.retrying(() =>
            this.deps.client.send(
              new QueryCommand({
                TableName: this.table,
                IndexName: 'gsi1',
                KeyConditionExpression: 'gsi1pk = :pk',
                ExpressionAttributeValues: { ':pk': keys.dailyHoursByMonthPartition(month, shard) },
                ProjectionExpression: 'entity, volunteerId, quarters',
                ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
              }),
            ),
          );
          for (const day of result.Items ?? []) {
            if (day.entity !== ENTITY.dailyHours) continue;
            const volunteerId = day.volunteerId;
            const dayQuarters = day.quarters;
            if (typeof volunteerId !== 'string' || !ID_PATTERN.test(volunteerId)) {
              throw new Error(`Draw ${month}: an hours item has no valid volunteer id`);
            }
            if (typeof dayQuarters !== 'number' || !Number.isSafeInteger(dayQuarters)) {
              throw new Error(`Draw ${month}: an hours item has no whole quarters`);
            }
            if (dayQuarters > 0) visit(shard, volunteerId, dayQuarters);
          }
          startKey = result.LastEvaluatedKey;
          if (startKey === undefined) return;
        }
      }),
    );
  }

  async putEntrantPages(month: string, entrantsHash: string, pages: readonly string[]): Promise<void> {
    await forEachBounded(pages, DRAW_PAGE_WRITE_CONCURRENCY, (lines, page) =>
      this.retrying(() =>
        this.deps.client.send(
          new PutCommand({
            TableName: this.table,
            Item: {
              ...keys.drawEntrantPage(month, entrantsHash, page),
              entity: ENTITY.drawEntrantPage,
              month,
              entrantsHash,
              page,
              lines,
            },
          }),
        ),
      ),
    );
  }

  async removeEntrantPages(month: string, entrantsHash: string, count: number): Promise<void> {
    try {
      await forEachBounded(
        Array.from({ length: count }, (_, page) => page),
        DRAW_PAGE_WRITE_CONCURRENCY,
        (page) =>
          this.retrying(() =>
            this.deps.client.send(
              new DeleteCommand({
                TableName: this.table,
                Key: keys.drawEntrantPage(month, entrantsHash, page),
              }),
            ),
          ),
      );
    } catch {
      // Orphan pages are harmless: the result names the hash of its own pages.
    }
  }

  async entrantPages(month: string, entrantsHash: string, count: number): Promise<string[]> {
    const pages: string[] = [];
    let startKey: Record<string, unknown> | undefined;
    // One query more than the pages, at most: the list is read whole or not at all.
    for (let call = 0; call <= count; call += 1) {
      const result = await this.retrying(() =>
        this.deps.client.send(
          new QueryCommand({
            TableName: this.table,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            ExpressionAttributeValues: {
              ':pk': keys.drawPartition(month),
              ':prefix': keys.drawEntrantPagePrefix(entrantsHash),
            },
            ConsistentRead: true,
            ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
          }),
        ),
      );
      for (const page of result.Items ?? []) pages.push(String(page.lines));
      startKey = result.LastEvaluatedKey;
      if (startKey === undefined) break;
    }
    return pages;
  }

  async entrantPage(month: string, entrantsHash: string, page: number): Promise<string | undefined> {
    const stored = await this.retrying(() =>
      this.deps.client.send(
        new GetCommand({
          TableName: this.table,
          Key: keys.drawEntrantPage(month, entrantsHash, page),
          ConsistentRead: true,
        }),
      ),
    );
    return stored.Item === undefined ? undefined : String(stored.Item.lines);
  }

  async freeze(month: string, revision: number, result: DrawFreeze): Promise<DrawState | undefined> {
    try {
      const updated = await this.retrying(() =>
        this.deps.client.send(
          new UpdateCommand({
            TableName: this.table,
            Key: keys.draw(month),
            UpdateExpression:
              'SET #status = :drawing, algorithm = :algorithm, entrantsHash = :hash, entrantCount = :count, totalTickets = :tickets, entrantPageCount = :pages, winnersJson = :winners, drawnAt = :at, drawnBy = :by',
            // canFreeze: still committed, at the revision the entrants were drawn for.
            ConditionExpression: '#status = :committed AND revision = :revision',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':drawing': DRAW_TRANSITIONS.freeze.to,
              ':committed': DRAW_TRANSITIONS.freeze.from,
              ':revision': revision,
              ':algorithm': result.algorithm,
              ':hash': result.entrantsHash,
              ':count': result.entrantCount,
              ':tickets': result.totalTickets,
              ':pages': result.entrantPageCount,
              ':winners': result.winnersJson,
              ':at': result.drawnAt,
              ':by': result.drawnBy,
            },
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return updated.Attributes as DrawState;
    } catch (error) {
      // Another run fixed the result first (or ours did and its answer was lost).
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  async finish(month: string, at: string): Promise<DrawState | undefined> {
    try {
      const updated = await this.retrying(() =>
        this.deps.client.send(
          new UpdateCommand({
            TableName: this.table,
            Key: keys.draw(month),
            UpdateExpression: 'SET #status = :drawn, creditedAt = :at',
            // canFinish: still drawing.
            ConditionExpression: '#status = :drawing',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':drawn': DRAW_TRANSITIONS.finish.to,
              ':drawing': DRAW_TRANSITIONS.finish.from,
              ':at': at,
            },
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return updated.Attributes as DrawState;
    } catch (error) {
      // Another run finished first: the next round reads `drawn`.
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }
}
