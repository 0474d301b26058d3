import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DeleteCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { QUARTERS_PER_HOUR } from '../../earning/rules/points';
import { SYSTEM_ACCOUNT } from '../../ledger/rules/ledger';
import { MOVEMENTS_PER_TRANSACTION_MAX, type PostMovementInput } from '../../ledger/store/ledger-store';
import { forEachBounded } from '../../platform/bounded';
import { chinaMonthEnd } from '../../platform/china-time';
import { ENTITY, keys, MONTH_SHARDS } from '../../platform/dynamo/keys';
import { AppError } from '../../platform/errors';
import {
  DRAW_INDEX_PAGES_PER_SHARD_MAX,
  DRAW_PAGE_WRITE_CONCURRENCY,
  DRAW_RUN_ROUNDS_MAX,
  ID_PATTERN,
} from '../../platform/limits';
import type { Principal } from '../../platform/principal';
import type { Runtime } from '../../platform/runtime';
import type { DrawnDrawView } from '../contract/draws';
import { DRAW_ALGORITHM, type Entrant, entrantPages, hashOfPages } from '../rules/draw';
import { type Collected, EntrantCollector } from '../rules/draw-collect';
import { type DrawItem, type DrawSettings, drawnView, getDrawItem, withDefaults, withRetries } from './draws';

export interface DrawRunOptions extends Partial<DrawSettings> {
  /** Prizes paid in one ledger transaction, 1 to 33 (the most, by default); tests pass fewer. */
  prizesPerTransaction?: number;
}

/**
 * Running a month's draw: refuse before the month has ended or without a commitment; collect the
 * entrants from the month index; freeze the list (stored in pages named by its hash) together with
 * the winners in one conditional write (`committed` → `drawing`); credit each winner's prize once
 * through the ledger; mark the draw `drawn`. Every step can be repeated: a run that finds
 * `drawing` resumes crediting, one that finds `drawn` answers the stored result. Retries, second
 * clicks, a duplicate schedule event and concurrent runs all end with the same result and every
 * prize credited once (the ledger's idempotency marker per month and winner sees to it).
 */
export async function runDraw(
  runtime: Runtime,
  principal: Principal,
  month: string,
  options: DrawRunOptions = {},
): Promise<DrawnDrawView> {
  const { prizesPerTransaction: asked, ...rest } = options;
  const prizesPerTransaction =
    asked !== undefined && Number.isSafeInteger(asked)
      ? Math.max(1, Math.min(MOVEMENTS_PER_TRANSACTION_MAX, asked))
      : MOVEMENTS_PER_TRANSACTION_MAX;
  const settings = withDefaults(rest);
  if (runtime.now().getTime() < chinaMonthEnd(month).getTime()) {
    throw new AppError(
      'DRAW_NOT_READY',
      `The draw for ${month} runs after the month has ended (China time)`,
      {
        extra: { reason: 'month-not-ended' },
      },
    );
  }
  for (let round = 0; round < DRAW_RUN_ROUNDS_MAX; round += 1) {
    let item = await getDrawItem(runtime, month, settings);
    if (item === undefined) {
      throw new AppError('DRAW_NOT_READY', `No draw was committed for ${month}`, {
        extra: { reason: 'not-committed' },
      });
    }
    if (item.status === 'committed') {
      item = await freeze(runtime, principal, item, settings);
      if (item === undefined) continue;
    }
    if (item.status === 'drawing') {
      await creditWinners(runtime, principal, item, settings, prizesPerTransaction);
      item = await markDrawn(runtime, item, settings);
      if (item === undefined) continue;
    }
    return drawnView(runtime, item, settings);
  }
  throw new AppError('UNAVAILABLE', 'The draw is busy; run it again');
}

/**
 * Every volunteer with approved hours in the month and their total quarter-hours, read from the
 * month index (16 shards, in parallel, page by page, only the attributes the draw needs): never a
 * table scan. The draw is made as the pages arrive (EntrantCollector: each volunteer is ranked as
 * soon as their shard has listed all their days), so only merging the shards' sorted lists is left
 * when the last page is in.
 */
async function collectAndDraw(runtime: Runtime, item: DrawItem, settings: DrawSettings): Promise<Collected> {
  const { month } = item;
  const collector = new EntrantCollector({
    shards: MONTH_SHARDS,
    minQuarters: Math.round(item.minHours * QUARTERS_PER_HOUR),
    draw: { seed: item.seed, winnerCount: item.winnerCount },
  });
  await Promise.all(
    Array.from({ length: MONTH_SHARDS }, async (_, shard) => {
      let startKey: Record<string, unknown> | undefined;
      for (let page = 0; ; page += 1) {
        if (page >= DRAW_INDEX_PAGES_PER_SHARD_MAX) {
          // Never draw from a list cut short.
          throw new Error(`Draw ${month}: shard ${shard} has more than ${page} index pages`);
        }
        const result = await withRetries(settings, () =>
          runtime.client.send(
            new QueryCommand({
              TableName: runtime.tableName,
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
          if (dayQuarters > 0) collector.add(shard, volunteerId, dayQuarters);
        }
        startKey = result.LastEvaluatedKey;
        if (startKey === undefined) return;
      }
    }),
  );
  return collector.finish();
}

/**
 * Computes the result and fixes it: pages of the entrant list first (named by the list's hash, so
 * runs that saw the same list write the same items and runs that saw different ones never mix),
 * then the one conditional write that leaves `committed`. Answers the stored draw, or undefined
 * when the draw changed meanwhile and the caller should read it again.
 */
async function freeze(
  runtime: Runtime,
  principal: Principal,
  item: DrawItem,
  settings: DrawSettings,
): Promise<DrawItem | undefined> {
  const { entrants, result } = await collectAndDraw(runtime, item, settings);
  const pages = entrantPages(entrants, settings.pageBytesMax);
  const hash = hashOfPages(pages);
  await forEachBounded(pages, DRAW_PAGE_WRITE_CONCURRENCY, (lines, page) =>
    withRetries(settings, () =>
      runtime.client.send(
        new PutCommand({
          TableName: runtime.tableName,
          Item: {
            ...keys.drawEntrantPage(item.month, hash, page),
            entity: ENTITY.drawEntrantPage,
            month: item.month,
            entrantsHash: hash,
            page,
            lines,
          },
        }),
      ),
    ),
  );
  const at = runtime.now().toISOString();
  try {
    const updated = await withRetries(settings, () =>
      runtime.client.send(
        new UpdateCommand({
          TableName: runtime.tableName,
          Key: keys.draw(item.month),
          UpdateExpression:
            'SET #status = :drawing, algorithm = :algorithm, entrantsHash = :hash, entrantCount = :count, totalTickets = :tickets, entrantPageCount = :pages, winnersJson = :winners, drawnAt = :at, drawnBy = :by',
          ConditionExpression: '#status = :committed AND revision = :revision',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':drawing': 'drawing',
            ':committed': 'committed',
            ':revision': item.revision,
            ':algorithm': DRAW_ALGORITHM,
            ':hash': hash,
            ':count': entrants.length,
            ':tickets': result.totalTickets,
            ':pages': pages.length,
            ':winners': JSON.stringify(result.winners),
            ':at': at,
            ':by': principal.userId,
          },
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    return updated.Attributes as DrawItem;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
  // Another run fixed the result first (or ours did and its answer was lost): use the stored one.
  const stored = await getDrawItem(runtime, item.month, settings);
  if (stored !== undefined && stored.status !== 'committed' && stored.entrantsHash !== hash) {
    await removePages(runtime, item.month, hash, pages.length, settings);
  }
  return undefined;
}

/** Pages written by a run whose list lost the race: nobody refers to them. Best effort. */
async function removePages(
  runtime: Runtime,
  month: string,
  hash: string,
  count: number,
  settings: DrawSettings,
): Promise<void> {
  try {
    await forEachBounded(
      Array.from({ length: count }, (_, page) => page),
      DRAW_PAGE_WRITE_CONCURRENCY,
      (page) =>
        withRetries(settings, () =>
          runtime.client.send(
            new DeleteCommand({ TableName: runtime.tableName, Key: keys.drawEntrantPage(month, hash, page) }),
          ),
        ),
    );
  } catch {
    // Orphan pages are harmless: the result names the hash of its own pages.
  }
}

/** The fingerprint of one prize: the same on every run, so a replay is recognised as the same request. */
const prizeFingerprint = (month: string, volunteerId: string, points: number): string =>
  createHash('sha256').update(`draw-prize\n${month}\n${volunteerId}\n${points}`).digest('hex');

/** Keys per BatchGetItem (DynamoDB's limit): a winner's prize marker and account are two. */
const BATCH_GET_KEYS_MAX = 100;

/**
 * Each winner's prize marker and account, read strongly consistent in BatchGetItems of 50 winners
 * instead of one read per prize: the ledger's first attempt starts from them (a prize already
 * credited is replayed without a write; state that changed meanwhile only costs an attempt, the
 * transaction's conditions see to it). Keys DynamoDB leaves unprocessed are simply not prefetched:
 * the ledger reads those itself.
 */
async function prefetchPrizeState(
  runtime: Runtime,
  month: string,
  winners: readonly Entrant[],
  settings: DrawSettings,
): Promise<Map<string, Record<string, unknown>>> {
  const found = new Map<string, Record<string, unknown>>();
  const itemKeys = winners.flatMap((winner) => [
    keys.idempotencyMarker(`draw:${month}`, winner.volunteerId),
    keys.volunteerAccount(winner.volunteerId),
  ]);
  const chunks: (typeof itemKeys)[] = [];
  for (let start = 0; start < itemKeys.length; start += BATCH_GET_KEYS_MAX) {
    chunks.push(itemKeys.slice(start, start + BATCH_GET_KEYS_MAX));
  }
  await forEachBounded(chunks, DRAW_PAGE_WRITE_CONCURRENCY, async (chunk) => {
    const result = await withRetries(settings, () =>
      runtime.client.send(
        new BatchGetCommand({
          RequestItems: { [runtime.tableName]: { Keys: chunk, ConsistentRead: true } },
        }),
      ),
    );
    for (const stored of result.Responses?.[runtime.tableName] ?? []) {
      found.set(`${String(stored.pk)}\n${String(stored.sk)}`, stored);
    }
  });
  return found;
}

/**
 * Pays every winner's prize once, through the ledger. Winners with no prize marker yet and an
 * account already opened (anyone whose approved hours earned points) are paid in transactions of
 * up to 33 prizes (`postMovementsTogether`: the same three items per prize as the single path, one
 * marker each), several transactions at a time; DynamoDB Local runs one transaction at a time, so
 * 100 prizes cost about 4 transactions instead of 100. A transaction that does not commit for any
 * reason (a prize paid meanwhile by a concurrent run, a conflict, throttling, a lost answer) wrote
 * nothing or everything: its winners are then paid one by one through `postMovement`, which reads
 * their markers and replays whatever was paid. So does every other winner (marker found: a
 * replay; account not opened yet: the ledger opens it from the profile).
 */
async function creditWinners(
  runtime: Runtime,
  principal: Principal,
  item: DrawItem,
  settings: DrawSettings,
  prizesPerTransaction: number,
): Promise<void> {
  const winners = JSON.parse(String(item.winnersJson ?? '[]')) as Entrant[];
  const state = await prefetchPrizeState(runtime, item.month, winners, settings);
  const stored = (key: { pk: string; sk: string }) => state.get(`${key.pk}\n${key.sk}`);
  const prize = (
    winner: Entrant,
    prefetched: NonNullable<PostMovementInput['prefetched']> | undefined,
  ): PostMovementInput => ({
    ...(prefetched === undefined ? {} : { prefetched }),
    draft: {
      kind: 'prize',
      volunteerId: winner.volunteerId,
      direction: 'credit',
      amount: item.prizePoints,
      counterAccount: SYSTEM_ACCOUNT.prizes,
      ref: `draw:${item.month}`,
      actor: principal.userId,
      memo: `${item.month} 月度抽奖`,
      details: { drawMonth: item.month },
    },
    idempotency: {
      scope: `draw:${item.month}`,
      key: winner.volunteerId,
      fingerprint: prizeFingerprint(item.month, winner.volunteerId, item.prizePoints),
    },
    respond: (movement) => ({
      status: 200,
      body: { volunteerId: winner.volunteerId, movementId: movement.id },
    }),
  });
  const together: { winner: Entrant; input: PostMovementInput }[] = [];
  const oneByOne: PostMovementInput[] = [];
  for (const winner of winners) {
    const marker = stored(keys.idempotencyMarker(`draw:${item.month}`, winner.volunteerId));
    const account = stored(keys.volunteerAccount(winner.volunteerId));
    if (marker === undefined && account !== undefined) {
      together.push({ winner, input: prize(winner, { account }) });
    } else {
      oneByOne.push(
        prize(winner, {
          ...(marker === undefined ? {} : { marker }),
          ...(account === undefined ? {} : { account }),
        }),
      );
    }
  }
  await forEachBounded(
    evenChunks(together, prizesPerTransaction),
    settings.creditConcurrency,
    async (chunk) => {
      const paid = await runtime.ledger.postMovementsTogether(chunk.map((entry) => entry.input));
      // Not committed, or not known to be: each one on its own, from a fresh read of its marker.
      if (paid === undefined) oneByOne.push(...chunk.map((entry) => prize(entry.winner, undefined)));
    },
  );
  await forEachBounded(oneByOne, settings.creditConcurrency, (input) => runtime.ledger.postMovement(input));
}

/** The items in as few chunks of at most `size` as possible, of sizes that differ by one at most. */
function evenChunks<T>(items: readonly T[], size: number): T[][] {
  const count = Math.ceil(items.length / size);
  return Array.from({ length: count }, (_, index) =>
    items.slice(Math.floor((index * items.length) / count), Math.floor(((index + 1) * items.length) / count)),
  );
}

async function markDrawn(
  runtime: Runtime,
  item: DrawItem,
  settings: DrawSettings,
): Promise<DrawItem | undefined> {
  try {
    const updated = await withRetries(settings, () =>
      runtime.client.send(
        new UpdateCommand({
          TableName: runtime.tableName,
          Key: keys.draw(item.month),
          UpdateExpression: 'SET #status = :drawn, creditedAt = :at',
          ConditionExpression: '#status = :drawing',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':drawn': 'drawn',
            ':drawing': 'drawing',
            ':at': runtime.now().toISOString(),
          },
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    return updated.Attributes as DrawItem;
  } catch (error) {
    // Another run finished first: the next round reads `drawn`.
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}
