import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LedgerPosting } from '../../ledger/port';
import {
  type LedgerStore,
  MOVEMENTS_PER_TRANSACTION_MAX,
  type PostMovementInput,
} from '../../ledger/store/ledger-store';
import { forEachBounded } from '../../platform/bounded';
import { BATCH_GET_KEYS_MAX, batchGetItems } from '../../platform/dynamo/batch-get';
import { keys } from '../../platform/dynamo/keys';
import { DRAW_PAGE_WRITE_CONCURRENCY } from '../../platform/limits';
import type { PrizePaymentOptions, PrizePayments } from '../port';
import { drawRetrying, type RetryKnobs } from './draw-store';

/**
 * One request per batch of keys: keys DynamoDB leaves unprocessed are simply not prefetched (the
 * ledger reads those itself), so they are never asked for again here.
 */
const PREFETCH_ROUNDS_MAX = 1;

export interface PrizePaymentsDeps extends RetryKnobs {
  client: DynamoDBDocumentClient;
  tableName: string;
  ledger: Pick<LedgerStore, 'postMovement' | 'postMovementsTogether'>;
}

/** The items in as few chunks of at most `size` as possible, of sizes that differ by one at most. */
function evenChunks<T>(items: readonly T[], size: number): T[][] {
  const count = Math.ceil(items.length / size);
  return Array.from({ length: count }, (_, index) =>
    items.slice(Math.floor((index * items.length) / count), Math.floor(((index + 1) * items.length) / count)),
  );
}

/** Prizes per transaction: as asked, between 1 and the ledger's most; the most when not asked. */
const perTransaction = (asked: number | undefined): number =>
  asked !== undefined && Number.isSafeInteger(asked)
    ? Math.max(1, Math.min(MOVEMENTS_PER_TRANSACTION_MAX, asked))
    : MOVEMENTS_PER_TRANSACTION_MAX;

/**
 * The draw's prizes through the ledger (LedgerStore: the one write path for points). Winners with
 * no prize marker yet and an account already opened (anyone whose approved hours earned points)
 * are paid in transactions of up to 33 prizes (`postMovementsTogether`: the same three items per
 * prize as the single path, one marker each), several transactions at a time; DynamoDB Local runs
 * one transaction at a time, so 100 prizes cost about 4 transactions instead of 100. A transaction
 * that does not commit for any reason (a prize paid meanwhile by a concurrent run, a conflict,
 * throttling, a lost answer) wrote nothing or everything: its winners are then paid one by one
 * through `postMovement`, which reads their markers and replays whatever was paid. So does every
 * other winner (marker found: a replay; account not opened yet: the ledger opens it from the
 * profile).
 */
export class LedgerPrizePayments implements PrizePayments {
  private readonly retrying: ReturnType<typeof drawRetrying>;

  constructor(private readonly deps: PrizePaymentsDeps) {
    this.retrying = drawRetrying(deps);
  }

  async payAll(prizes: readonly LedgerPosting[], options: PrizePaymentOptions): Promise<void> {
    const state = await this.prefetch(prizes);
    const stored = (key: { pk: string; sk: string }) => state.get(`${key.pk}\n${key.sk}`);
    const together: { posting: LedgerPosting; input: PostMovementInput }[] = [];
    const oneByOne: PostMovementInput[] = [];
    for (const posting of prizes) {
      const marker = stored(keys.idempotencyMarker(posting.idempotency.scope, posting.idempotency.key));
      const account = stored(keys.volunteerAccount(posting.draft.volunteerId));
      if (marker === undefined && account !== undefined) {
        together.push({ posting, input: { ...posting, prefetched: { account } } });
      } else {
        oneByOne.push({
          ...posting,
          prefetched: {
            ...(marker === undefined ? {} : { marker }),
            ...(account === undefined ? {} : { account }),
          },
        });
      }
    }
    await forEachBounded(
      evenChunks(together, perTransaction(options.perTransaction)),
      options.concurrency,
      async (chunk) => {
        const paid = await this.deps.ledger.postMovementsTogether(chunk.map((entry) => entry.input));
        // Not committed, or not known to be: each one on its own, from a fresh read of its marker.
        if (paid === undefined) oneByOne.push(...chunk.map((entry) => ({ ...entry.posting })));
      },
    );
    await forEachBounded(oneByOne, options.concurrency, (input) => this.deps.ledger.postMovement(input));
  }

  /**
   * Each prize's marker and account, read strongly consistent in BatchGetItems of 50 prizes
   * instead of one read per prize: the ledger's first attempt starts from them (a prize already
   * credited is replayed without a write; state that changed meanwhile only costs an attempt, the
   * transaction's conditions see to it).
   */
  private async prefetch(prizes: readonly LedgerPosting[]): Promise<Map<string, Record<string, unknown>>> {
    const found = new Map<string, Record<string, unknown>>();
    const itemKeys = prizes.flatMap((posting) => [
      keys.idempotencyMarker(posting.idempotency.scope, posting.idempotency.key),
      keys.volunteerAccount(posting.draft.volunteerId),
    ]);
    const chunks: (typeof itemKeys)[] = [];
    for (let start = 0; start < itemKeys.length; start += BATCH_GET_KEYS_MAX) {
      chunks.push(itemKeys.slice(start, start + BATCH_GET_KEYS_MAX));
    }
    // The batches side by side (batchGetItems reads its batches one after another).
    await forEachBounded(chunks, DRAW_PAGE_WRITE_CONCURRENCY, async (chunk) => {
      const { items } = await batchGetItems(this.deps.client, this.deps.tableName, chunk, {
        consistent: true,
        roundsMax: PREFETCH_ROUNDS_MAX,
        retry: this.retrying,
      });
      for (const item of items) found.set(`${String(item.pk)}\n${String(item.sk)}`, item);
    });
    return found;
  }
}
