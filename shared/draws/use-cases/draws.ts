import { randomBytes } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { chinaMonthEnd } from '../../platform/china-time';
import { ENTITY, keys } from '../../platform/dynamo/keys';
import { defaultSleep, retryCall } from '../../platform/dynamo/retry';
import { AppError } from '../../platform/errors';
import {
  DRAW_CALL_ATTEMPTS_MAX,
  DRAW_CREDIT_CONCURRENCY,
  DRAW_ENTRANT_PAGE_BYTES_MAX,
  DRAW_ENTRANTS_INLINE_MAX,
  DRAW_RUN_ROUNDS_MAX,
} from '../../platform/limits';
import type { Principal } from '../../platform/principal';
import type { Runtime } from '../../platform/runtime';
import type {
  CommittedDrawView,
  DrawEntrantsPageBody,
  DrawnDrawView,
  DrawRequest,
  DrawViewBody,
} from '../contract/draws';
import { commitmentOf, DRAW_ALGORITHM, type Entrant, parseEntrantPage } from '../rules/draw';

/**
 * The monthly draw's commitment and its published views. The seed is stored with the draw and
 * leaves the table only in the views of a draw that has run (status `drawing` or `drawn`).
 */
export type DrawStatus = 'committed' | 'drawing' | 'drawn';

export interface DrawItem {
  pk: string;
  sk: string;
  entity: string;
  month: string;
  status: DrawStatus;
  /** 32 secret bytes as hex; revealed only once the draw has run. */
  seed: string;
  commitment: string;
  winnerCount: number;
  prizePoints: number;
  minHours: number;
  revision: number;
  committedAt: string;
  committedBy: string;
  updatedAt: string;
  updatedBy: string;
  // Set by the run, in the same write that leaves `committed`.
  algorithm?: string;
  entrantsHash?: string;
  entrantCount?: number;
  totalTickets?: number;
  entrantPageCount?: number;
  winnersJson?: string;
  drawnAt?: string;
  drawnBy?: string;
  creditedAt?: string;
}

/** Knobs of the use cases; tests shrink them to exercise paging with a few entrants. */
export interface DrawSettings {
  inlineEntrantsMax: number;
  pageBytesMax: number;
  creditConcurrency: number;
  random: () => number;
  sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_DRAW_SETTINGS: DrawSettings = {
  inlineEntrantsMax: DRAW_ENTRANTS_INLINE_MAX,
  pageBytesMax: DRAW_ENTRANT_PAGE_BYTES_MAX,
  creditConcurrency: DRAW_CREDIT_CONCURRENCY,
  random: Math.random,
  sleep: defaultSleep,
};

export const withDefaults = (settings: Partial<DrawSettings> = {}): DrawSettings => ({
  ...DEFAULT_DRAW_SETTINGS,
  ...settings,
});

/** One DynamoDB call, retried with backoff while its failure is one that passes (bounded). */
export const withRetries = <T>(settings: DrawSettings, call: () => Promise<T>): Promise<T> =>
  retryCall(call, {
    attempts: DRAW_CALL_ATTEMPTS_MAX,
    exhausted: 'rethrow-last',
    sleep: settings.sleep,
    random: settings.random,
  });

export async function getDrawItem(
  runtime: Runtime,
  month: string,
  settings: DrawSettings,
): Promise<DrawItem | undefined> {
  const result = await withRetries(settings, () =>
    runtime.client.send(
      new GetCommand({ TableName: runtime.tableName, Key: keys.draw(month), ConsistentRead: true }),
    ),
  );
  return result.Item as DrawItem | undefined;
}

const monthHasEnded = (runtime: Runtime, month: string): boolean =>
  runtime.now().getTime() >= chinaMonthEnd(month).getTime();

const sameParameters = (item: DrawItem, request: DrawRequest): boolean =>
  item.winnerCount === request.winners &&
  item.prizePoints === request.prizePoints &&
  item.minHours === request.minHours;

/**
 * Commits the month's draw, or changes its parameters while the month lasts. The seed is drawn
 * once, at the first commitment, and kept: the published commitment never changes, so nobody can
 * re-roll the seed by re-committing, and repeating the same PUT changes nothing. Parameter changes
 * count up `revision`, which the views publish.
 */
export async function commitDraw(
  runtime: Runtime,
  principal: Principal,
  month: string,
  request: DrawRequest,
  options: Partial<DrawSettings> = {},
): Promise<CommittedDrawView> {
  const settings = withDefaults(options);
  for (let round = 0; round < DRAW_RUN_ROUNDS_MAX; round += 1) {
    if (monthHasEnded(runtime, month)) {
      throw new AppError('CONFLICT', 'The month has ended; the draw is fixed');
    }
    const existing = await getDrawItem(runtime, month, settings);
    const at = runtime.now().toISOString();
    if (existing === undefined) {
      const seed = randomBytes(32).toString('hex');
      const item: DrawItem = {
        ...keys.draw(month),
        entity: ENTITY.draw,
        month,
        status: 'committed',
        seed,
        commitment: commitmentOf(seed),
        winnerCount: request.winners,
        prizePoints: request.prizePoints,
        minHours: request.minHours,
        revision: 1,
        committedAt: at,
        committedBy: principal.userId,
        updatedAt: at,
        updatedBy: principal.userId,
      };
      try {
        await withRetries(settings, () =>
          runtime.client.send(
            new PutCommand({
              TableName: runtime.tableName,
              Item: item,
              ConditionExpression: 'attribute_not_exists(pk)',
            }),
          ),
        );
        return committedView(item);
      } catch (error) {
        // Another commitment won (or ours landed and its answer was lost): read it again.
        if (error instanceof ConditionalCheckFailedException) continue;
        throw error;
      }
    }
    if (existing.status !== 'committed') {
      throw new AppError('CONFLICT', 'The month has ended; the draw is fixed');
    }
    if (sameParameters(existing, request)) return committedView(existing);
    try {
      const result = await withRetries(settings, () =>
        runtime.client.send(
          new UpdateCommand({
            TableName: runtime.tableName,
            Key: keys.draw(month),
            UpdateExpression:
              'SET winnerCount = :winners, prizePoints = :prize, minHours = :minHours, revision = :next, updatedAt = :at, updatedBy = :by',
            ConditionExpression: '#status = :committed AND revision = :revision',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':winners': request.winners,
              ':prize': request.prizePoints,
              ':minHours': request.minHours,
              ':next': existing.revision + 1,
              ':revision': existing.revision,
              ':committed': 'committed',
              ':at': at,
              ':by': principal.userId,
            },
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return committedView(result.Attributes as DrawItem);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) continue;
      throw error;
    }
  }
  throw new AppError('UNAVAILABLE', 'The draw is changing; try again');
}

export function committedView(item: DrawItem): CommittedDrawView {
  return {
    month: item.month,
    status: 'committed',
    commitment: item.commitment,
    algorithm: DRAW_ALGORITHM,
    winners: item.winnerCount,
    winnerCount: item.winnerCount,
    prizePoints: item.prizePoints,
    minHours: item.minHours,
    revision: item.revision,
    committedAt: item.committedAt,
    updatedAt: item.updatedAt,
    drawableFrom: chinaMonthEnd(item.month).toISOString(),
  };
}

export const entrantsPath = (month: string): string => `/v1/draws/${month}/entrants`;

/** Reads the whole stored entrant list of a draw that has run (for inline answers only). */
export async function readAllEntrants(
  runtime: Runtime,
  item: DrawItem,
  settings: DrawSettings,
): Promise<Entrant[]> {
  const hash = String(item.entrantsHash);
  const pages = Number(item.entrantPageCount ?? 0);
  const entrants: Entrant[] = [];
  let startKey: Record<string, unknown> | undefined;
  let read = 0;
  for (let call = 0; call <= pages; call += 1) {
    const result = await withRetries(settings, () =>
      runtime.client.send(
        new QueryCommand({
          TableName: runtime.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: {
            ':pk': keys.drawPartition(item.month),
            ':prefix': keys.drawEntrantPagePrefix(hash),
          },
          ConsistentRead: true,
          ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
        }),
      ),
    );
    for (const page of result.Items ?? []) {
      entrants.push(...parseEntrantPage(String(page.lines)));
      read += 1;
    }
    startKey = result.LastEvaluatedKey;
    if (startKey === undefined) break;
  }
  if (read !== pages || entrants.length !== item.entrantCount) {
    throw new Error(`Draw ${item.month}: stored entrant pages do not match the result`);
  }
  return entrants;
}

/** The published result of a draw that has run: seed, entrants (inline when short), winners. */
export async function drawnView(
  runtime: Runtime,
  item: DrawItem,
  settings: DrawSettings,
): Promise<DrawnDrawView> {
  const entrantCount = Number(item.entrantCount ?? 0);
  const inline = entrantCount <= settings.inlineEntrantsMax;
  const entrants = inline ? await readAllEntrants(runtime, item, settings) : undefined;
  return {
    month: item.month,
    status: item.status === 'drawn' ? 'drawn' : 'drawing',
    seed: item.seed,
    commitment: item.commitment,
    algorithm: DRAW_ALGORITHM,
    entrantsHash: String(item.entrantsHash),
    entrantCount,
    totalTickets: Number(item.totalTickets ?? 0),
    entrantsInline: inline,
    ...(entrants === undefined ? {} : { entrants }),
    entrantPageCount: Number(item.entrantPageCount ?? 0),
    entrantsPath: entrantsPath(item.month),
    winners: JSON.parse(String(item.winnersJson ?? '[]')) as Entrant[],
    winnerCount: item.winnerCount,
    prizePoints: item.prizePoints,
    minHours: item.minHours,
    revision: item.revision,
    committedAt: item.committedAt,
    drawnAt: String(item.drawnAt),
    ...(item.creditedAt === undefined ? {} : { creditedAt: item.creditedAt }),
  };
}

/** GET /v1/draws/{month}: the commitment before the run, the whole result after it. */
export async function readDraw(
  runtime: Runtime,
  month: string,
  options: Partial<DrawSettings> = {},
): Promise<DrawViewBody> {
  const settings = withDefaults(options);
  const item = await getDrawItem(runtime, month, settings);
  if (item === undefined) throw new AppError('NOT_FOUND', `No draw was committed for ${month}`);
  return item.status === 'committed' ? committedView(item) : drawnView(runtime, item, settings);
}

/** GET /v1/draws/{month}/entrants?page=n: one stored page of the frozen entrant list. */
export async function readDrawEntrantsPage(
  runtime: Runtime,
  month: string,
  page: number,
  options: Partial<DrawSettings> = {},
): Promise<DrawEntrantsPageBody> {
  const settings = withDefaults(options);
  const item = await getDrawItem(runtime, month, settings);
  if (item === undefined) throw new AppError('NOT_FOUND', `No draw was committed for ${month}`);
  if (item.status === 'committed' || item.entrantsHash === undefined) {
    throw new AppError('DRAW_NOT_READY', 'The entrant list is published when the draw runs', {
      extra: { reason: 'not-drawn' },
    });
  }
  const pageCount = Number(item.entrantPageCount ?? 0);
  if (page >= pageCount) throw new AppError('NOT_FOUND', `The list has ${pageCount} page(s)`);
  const hash = item.entrantsHash;
  const stored = await withRetries(settings, () =>
    runtime.client.send(
      new GetCommand({
        TableName: runtime.tableName,
        Key: keys.drawEntrantPage(month, hash, page),
        ConsistentRead: true,
      }),
    ),
  );
  if (stored.Item === undefined) throw new Error(`Draw ${month}: entrant page ${page} is missing`);
  return {
    month,
    entrantsHash: hash,
    page,
    pageCount,
    entrantCount: Number(item.entrantCount ?? 0),
    entrants: parseEntrantPage(String(stored.Item.lines)),
  };
}
