import { randomUUID } from 'node:crypto';
import {
  type CancellationReason,
  ConditionalCheckFailedException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { chinaMonth } from '../../platform/china-time';
import { conditionFailed, isContention, oldItemOf, reasonsOf } from '../../platform/dynamo/cancellation';
import {
  ENTITY,
  type ItemKey,
  keys,
  monthShard,
  movementId,
  parseMovementId,
} from '../../platform/dynamo/keys';
import { backoffMs, defaultSleep, isRetryable } from '../../platform/dynamo/retry';
import { AppError } from '../../platform/errors';
import {
  type IdempotencyScope,
  type MarkerItem,
  replayOf,
  type StoredResponse,
} from '../../platform/idempotency';
import { LEDGER_WRITE_ATTEMPTS_MAX } from '../../platform/limits';
import type { LedgerObserver, LedgerPosting, LedgerResult } from '../port';
import {
  assertPoints,
  debitAndCredit,
  type Movement,
  type MovementDetails,
  type MovementDraft,
  signedAmount,
} from '../rules/ledger';

export type { IdempotencyScope, LedgerObserver, LedgerResult, StoredResponse };

/** Three items per movement, at most 100 per TransactWriteItems. */
export const MOVEMENTS_PER_TRANSACTION_MAX = 33;

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface LedgerStoreDeps {
  client: DynamoDBDocumentClient;
  tableName: string;
  now: () => Date;
  /** Uniform [0, 1) for backoff jitter; tests pass a seeded one. */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Told what happens, for metrics; CloudWatch metrics (shared/platform/metrics.ts) by default. */
  observer?: LedgerObserver;
}

/** The items asked for in `readAlong`, in the same order; undefined where there is none. */
export type ReadAlong = readonly (Record<string, unknown> | undefined)[];

export interface PostMovementInput extends Omit<LedgerPosting, 'respond'> {
  /**
   * More items to read in the ledger's one BatchGetItem with the marker and the account (strongly
   * consistent, read again on every attempt); `respond` and `extraItems` get them. A replay reads
   * them but does not use them.
   */
  readAlong?: readonly ItemKey[];
  /**
   * More details for the movement from the `readAlong` items (a store's name, the goods' names),
   * added to the draft's own. Kept small: the movement is the passbook entry.
   */
  detailsAlong?: (read: ReadAlong) => MovementDetails;
  /** The response to give now and to replay for this key later; it also gets the `readAlong` items. */
  respond: (movement: Movement, read: ReadAlong) => StoredResponse;
  /** Further items that must succeed in the same transaction (stock lines, a used-code marker). */
  extraItems?: (movement: Movement, read: ReadAlong) => TransactItem[];
  /**
   * Maps a failed condition on extra item `index` to the contract's error, or to 'retry' when the
   * item only moved since it was read along (the next attempt reads it again).
   */
  explainExtra?: (index: number, reason: CancellationReason) => AppError | 'retry' | undefined;
  /**
   * The marker and the account as the caller read them (strongly consistent), for callers that
   * read many movements' state in one BatchGetItem: the first attempt uses them instead of its
   * own read. Stale state costs one attempt, never a wrong write: the transaction's conditions
   * (the account's sequence, no marker yet) refuse it and the next attempt reads again. Ignored
   * with `readAlong`, and when neither item was found.
   */
  prefetched?: { marker?: Record<string, unknown>; account?: Record<string, unknown> };
  /**
   * A second movement of the same account, posted right after the draft in the same transaction
   * (one account update, two passbook entries): a mobile shop basket releases its points from the
   * trip's hold and redeems them at once, so nothing can spend them in between. The balance rule
   * holds for the pair: the account must cover what the two take together. `respond` and the
   * result get the second movement.
   */
  followedBy?: MovementDraft;
  /**
   * Points put on hold (positive) or taken off it (negative) by this posting, kept beside the
   * balance as the account's `held` (docs/mobile-shop.md): the balance is what may be spent, `held`
   * what waits for a mobile shop trip. Never below zero: a condition of the same update.
   */
  heldChange?: number;
}

interface AccountItem {
  pk: string;
  sk: string;
  volunteerId: string;
  balance: number;
  sequence: number;
  /** Set on the stand-in for a registered volunteer whose first movement is still to come. */
  unopened?: true;
  orgId?: string;
  /** What is held for mobile shop trips (`heldChange`); absent before the first hold. */
  held?: number;
}

/**
 * DynamoDB's own idempotency token is only the inner layer: it makes the SDK's resend of this exact
 * attempt harmless for ten minutes. Each of our attempts gets a fresh one, since DynamoDB remembers
 * tokens across tables and our durable marker is what makes a request count once.
 */
const clientRequestToken = (): string => randomUUID();

/** The observer of a store given none (scripts, tests): it watches nothing. */
export const UNOBSERVED: LedgerObserver = {
  movementPosted: () => {},
  replayed: () => {},
  conditionFailed: () => {},
  retried: () => {},
};

/** An observer only watches: its failure must never change the outcome of a write. */
function notify(call: () => void): void {
  try {
    call();
  } catch {
    // Metrics are best effort.
  }
}

export class LedgerStore {
  private readonly random: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly observer: LedgerObserver;

  constructor(private readonly deps: LedgerStoreDeps) {
    this.random = deps.random ?? Math.random;
    this.sleep = deps.sleep ?? defaultSleep;
    this.observer = deps.observer ?? UNOBSERVED;
  }

  /** Opens a volunteer's account at zero. Opening twice is harmless. */
  async openAccount(volunteerId: string, attributes: Record<string, unknown> = {}): Promise<void> {
    try {
      await this.deps.client.send(
        new PutCommand({
          TableName: this.deps.tableName,
          Item: {
            ...attributes,
            ...keys.volunteerAccount(volunteerId),
            entity: ENTITY.volunteerAccount,
            volunteerId,
            balance: 0,
            sequence: 0,
            openedAt: this.deps.now().toISOString(),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /**
   * A volunteer's account: one strongly consistent read. A registered volunteer whose points have
   * never moved has no account item yet (the first movement opens it): their profile answers for
   * them at balance 0. Undefined when there is no such volunteer.
   */
  async getAccount(volunteerId: string): Promise<(AccountItem & Record<string, unknown>) | undefined> {
    const result = await this.deps.client.send(
      new GetCommand({
        TableName: this.deps.tableName,
        Key: keys.volunteerAccount(volunteerId),
        ConsistentRead: true,
      }),
    );
    if (result.Item !== undefined) return result.Item as AccountItem & Record<string, unknown>;
    return this.unopenedAccount(volunteerId);
  }

  /** The account a registered volunteer has before their first movement, or undefined. */
  private async unopenedAccount(
    volunteerId: string,
  ): Promise<(AccountItem & Record<string, unknown>) | undefined> {
    const profile = await this.deps.client.send(
      new GetCommand({
        TableName: this.deps.tableName,
        Key: keys.volunteerProfile(volunteerId),
        ConsistentRead: true,
        ProjectionExpression: 'volunteerId, orgId',
      }),
    );
    if (profile.Item === undefined) return undefined;
    return {
      ...keys.volunteerAccount(volunteerId),
      volunteerId,
      balance: 0,
      sequence: 0,
      ...(typeof profile.Item.orgId === 'string' ? { orgId: profile.Item.orgId } : {}),
      unopened: true,
    };
  }

  /** Reads an earlier answer for this key, if any: replayed when the request matches, else 422. */
  async findReplay(idempotency: IdempotencyScope): Promise<LedgerResult | undefined> {
    const result = await this.deps.client.send(
      new GetCommand({
        TableName: this.deps.tableName,
        Key: keys.idempotencyMarker(idempotency.scope, idempotency.key),
        ConsistentRead: true,
      }),
    );
    if (result.Item === undefined) return undefined;
    const replay = replayOf(result.Item as MarkerItem, idempotency);
    notify(() => this.observer.replayed());
    return replay;
  }

  /**
   * The one write path for points. One BatchGetItem reads the idempotency marker and the account
   * (and the caller's `readAlong` items); one TransactWriteItems then moves the points: the account update guarded by its sequence and by
   * `balance >= :amount` for debits, the movement (which is the passbook entry), the marker with the
   * response to replay, and the caller's extra items. The balance rule is decided by DynamoDB, never
   * by this code. Conflicts and throttling are retried with backoff; an unknown outcome is resolved
   * by reading the marker on the next attempt.
   */
  async postMovement(input: PostMovementInput): Promise<LedgerResult> {
    const { draft, idempotency } = input;
    assertPoints(draft.amount);
    const markerKey = keys.idempotencyMarker(idempotency.scope, idempotency.key);
    const accountKey = keys.volunteerAccount(draft.volunteerId);

    for (let attempt = 0; attempt < LEDGER_WRITE_ATTEMPTS_MAX; attempt += 1) {
      if (attempt > 0) {
        notify(() => this.observer.retried());
        await this.sleep(backoffMs(attempt, this.random));
      }
      let state: { marker?: MarkerItem; account?: AccountItem; along: ReadAlong };
      const known = attempt === 0 && input.readAlong === undefined ? input.prefetched : undefined;
      if (known !== undefined && (known.marker !== undefined || known.account !== undefined)) {
        state = {
          ...(known.marker === undefined ? {} : { marker: known.marker as unknown as MarkerItem }),
          ...(known.account === undefined ? {} : { account: known.account as unknown as AccountItem }),
          along: [],
        };
      } else {
        try {
          state = await this.readMarkerAndAccount(markerKey, accountKey, input.readAlong ?? []);
        } catch (error) {
          if (isRetryable(error)) continue;
          throw error;
        }
      }
      if (state.marker !== undefined) {
        const replay = replayOf(state.marker, idempotency);
        notify(() => this.observer.replayed());
        return replay;
      }
      let account = state.account;
      if (account === undefined) {
        try {
          account = await this.unopenedAccount(draft.volunteerId);
        } catch (error) {
          if (isRetryable(error)) continue;
          throw error;
        }
      }
      if (account === undefined) throw new AppError('NOT_FOUND', 'No such volunteer');
      const { movement, response, items } = this.movementItems(input, account, state.along);
      try {
        await this.deps.client.send(
          new TransactWriteCommand({
            TransactItems: items,
            ClientRequestToken: clientRequestToken(),
          }),
        );
        notify(() => this.observer.movementPosted(movement));
        return { ...response, replayed: false, movement };
      } catch (error) {
        if (error instanceof TransactionCanceledException) {
          if (reasonsOf(error).some(conditionFailed)) notify(() => this.observer.conditionFailed());
          const verdict = explainCancellation(reasonsOf(error), account, input);
          if (verdict === 'retry') continue;
          throw verdict;
        }
        if (isRetryable(error)) continue;
        throw error;
      }
    }
    throw new AppError('UNAVAILABLE', 'The ledger is busy; try again with the same Idempotency-Key');
  }

  /**
   * Several credits to distinct volunteers in ONE TransactWriteItems, for a caller that read their
   * markers and accounts itself (`prefetched`: no marker, the account found) and has many to post
   * (the draw's prizes). Each movement gets exactly the items postMovement's first attempt would
   * write (the same builder): its account update, its movement, its own idempotency marker. The
   * transaction is all or nothing: committed, every movement is posted and answered as
   * postMovement would answer it; cancelled for any reason (a marker that exists now, a sequence
   * that moved, a conflict), throttled, or with its outcome unknown, it answers undefined and
   * writes nothing more, and the caller posts each input through postMovement, which reads the
   * markers (replaying any this transaction did commit) and handles every race as usual. Other
   * errors are thrown. At most 33 movements (three items each, DynamoDB's limit is 100).
   */
  async postMovementsTogether(inputs: readonly PostMovementInput[]): Promise<LedgerResult[] | undefined> {
    if (inputs.length === 0) return [];
    if (inputs.length > MOVEMENTS_PER_TRANSACTION_MAX) {
      throw new Error(`At most ${MOVEMENTS_PER_TRANSACTION_MAX} movements go in one transaction`);
    }
    const volunteers = new Set<string>();
    const markers = new Set<string>();
    const built = inputs.map((input) => {
      const { draft, idempotency } = input;
      assertPoints(draft.amount);
      if (draft.direction !== 'credit') throw new Error('Only credits are posted together');
      if (
        input.readAlong !== undefined ||
        input.extraItems !== undefined ||
        draft.corrects !== undefined ||
        input.followedBy !== undefined ||
        input.heldChange !== undefined
      ) {
        throw new Error(
          'Movements posted together read nothing along, write no extra items, correct and hold nothing',
        );
      }
      const markerKey = keys.idempotencyMarker(idempotency.scope, idempotency.key);
      const accountKey = keys.volunteerAccount(draft.volunteerId);
      const account = input.prefetched?.account as AccountItem | undefined;
      if (input.prefetched?.marker !== undefined || account === undefined) {
        throw new Error('Movements posted together need their account read and no marker');
      }
      if (account.pk !== accountKey.pk || account.sk !== accountKey.sk) {
        throw new Error('A prefetched account belongs to another volunteer');
      }
      // One transaction may not name an item twice.
      const markerName = `${markerKey.pk}\n${markerKey.sk}`;
      if (volunteers.has(draft.volunteerId) || markers.has(markerName)) {
        throw new Error('Movements posted together need distinct volunteers and idempotency keys');
      }
      volunteers.add(draft.volunteerId);
      markers.add(markerName);
      return this.movementItems(input, account, []);
    });
    try {
      await this.deps.client.send(
        new TransactWriteCommand({
          TransactItems: built.flatMap((one) => one.items),
          ClientRequestToken: clientRequestToken(),
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        if (reasonsOf(error).some(conditionFailed)) notify(() => this.observer.conditionFailed());
        return undefined;
      }
      if (isRetryable(error)) return undefined;
      throw error;
    }
    return built.map(({ movement, response }) => {
      notify(() => this.observer.movementPosted(movement));
      return { ...response, replayed: false, movement };
    });
  }

  /**
   * The items that post one movement from the account as read: the account update (or, for an
   * account not opened yet, its opening Put), the movement, the idempotency marker with the
   * response to replay, then the caller's extra items. The only place these items are built.
   */
  private movementItems(
    input: PostMovementInput,
    account: AccountItem,
    along: ReadAlong,
  ): { movement: Movement; response: StoredResponse; items: TransactItem[] } {
    const { draft, idempotency } = input;
    const markerKey = keys.idempotencyMarker(idempotency.scope, idempotency.key);
    const accountKey = keys.volunteerAccount(draft.volunteerId);
    const at = this.deps.now().toISOString();
    const detailsAlong = input.detailsAlong?.(along);
    const drafts: MovementDraft[] = [draft, ...(input.followedBy === undefined ? [] : [input.followedBy])];
    let balance = account.balance;
    const movements = drafts.map((one, index): Movement => {
      const sequence = account.sequence + 1 + index;
      balance += signedAmount(one.direction, one.amount);
      return {
        ...one,
        // The details read along describe the last movement: the one the response is about.
        ...(detailsAlong === undefined || index !== drafts.length - 1
          ? {}
          : { details: { ...one.details, ...detailsAlong } }),
        ...debitAndCredit(one),
        id: movementId(one.volunteerId, sequence),
        sequence,
        balanceAfter: balance,
        at,
        idempotencyKey: idempotency.key,
        ...(account.orgId === undefined ? {} : { orgId: account.orgId }),
      };
    });
    const movement = movements.at(-1) as Movement;
    const sequence = movement.sequence;
    const signed = balance - account.balance;
    // What the postings take from the account together: the balance must cover it.
    const takes = signed < 0 ? -signed : 0;
    const heldChange = input.heldChange ?? 0;
    const response = input.respond(movement, along);
    const extras = input.extraItems?.(movement, along) ?? [];
    const movementPut = (one: Movement): TransactItem => ({
      Put: {
        TableName: this.deps.tableName,
        Item: {
          ...keys.movement(one.volunteerId, one.sequence),
          ...keys.movementByMonth(chinaMonth(at), monthShard(one.volunteerId), at, one.id),
          entity: ENTITY.movement,
          ...one,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
    const items: TransactItem[] = [
      account.unopened === true && takes === 0 && heldChange === 0
        ? {
            // The first movement opens the account; a concurrent first movement makes this fail
            // and the next attempt reads the account it opened.
            Put: {
              TableName: this.deps.tableName,
              Item: {
                ...accountKey,
                entity: ENTITY.volunteerAccount,
                volunteerId: draft.volunteerId,
                ...(account.orgId === undefined ? {} : { orgId: account.orgId }),
                balance: signed,
                sequence,
                openedAt: at,
                updatedAt: at,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          }
        : {
            // For an account not yet opened, a debit fails here (no sequence, no balance): the
            // database refuses it like any debit over the balance.
            Update: {
              TableName: this.deps.tableName,
              Key: accountKey,
              UpdateExpression: `SET balance = balance + :signed, #sequence = :next, updatedAt = :at${
                heldChange === 0 ? '' : ' ADD held :held'
              }`,
              ConditionExpression: [
                '#sequence = :current',
                takes > 0 ? 'balance >= :amount' : 'attribute_exists(pk)',
                // Taking off a hold needs that much on hold.
                ...(heldChange < 0 ? ['held >= :unheld'] : []),
              ].join(' AND '),
              ExpressionAttributeNames: { '#sequence': 'sequence' },
              ExpressionAttributeValues: {
                ':signed': signed,
                ':next': sequence,
                ':current': account.sequence,
                ':at': at,
                ...(takes > 0 ? { ':amount': takes } : {}),
                ...(heldChange === 0 ? {} : { ':held': heldChange }),
                ...(heldChange < 0 ? { ':unheld': -heldChange } : {}),
              },
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
      movementPut(movements[0] as Movement),
      {
        Put: {
          TableName: this.deps.tableName,
          Item: {
            ...markerKey,
            entity: ENTITY.idempotencyMarker,
            fingerprint: idempotency.fingerprint,
            responseJson: JSON.stringify(response),
            movementId: movement.id,
            createdAt: at,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      // The second movement of a pair comes after the marker, before the extra items.
      ...movements.slice(1).map(movementPut),
      ...extras,
      // A correction names a movement of the same account: the transaction holds only while it
      // exists (the check is last, so the extra items keep their indexes).
      ...(draft.corrects === undefined
        ? []
        : [this.correctedMovementExists(draft.volunteerId, draft.corrects)]),
    ];
    return { movement, response, items };
  }

  private correctedMovementExists(volunteerId: string, corrects: string): TransactItem {
    const corrected = parseMovementId(corrects);
    // Callers check this at the edge (adjustPoints says so to the client); here it is an invariant.
    if (corrected === undefined || corrected.volunteerId !== volunteerId) {
      throw new Error('A correction names a movement of the same volunteer');
    }
    return {
      ConditionCheck: {
        TableName: this.deps.tableName,
        Key: keys.movement(volunteerId, corrected.sequence),
        ConditionExpression: 'attribute_exists(pk)',
      },
    };
  }

  private async readMarkerAndAccount(
    markerKey: ItemKey,
    accountKey: ItemKey,
    along: readonly ItemKey[],
  ): Promise<{ marker?: MarkerItem; account?: AccountItem; along: ReadAlong }> {
    const sameKey = (item: { pk?: unknown; sk?: unknown }, key: ItemKey) =>
      item.pk === key.pk && item.sk === key.sk;
    // One request may not name a key twice.
    let pending: ItemKey[] = [markerKey, accountKey, ...along].filter(
      (key, index, all) => all.findIndex((other) => sameKey(other, key)) === index,
    );
    const found: Record<string, unknown>[] = [];
    // BatchGetItem may hand back unprocessed keys under load; bounded like every other loop.
    for (let round = 0; round < 5 && pending.length > 0; round += 1) {
      if (round > 0) await this.sleep(backoffMs(round, this.random));
      const result = await this.deps.client.send(
        new BatchGetCommand({
          RequestItems: { [this.deps.tableName]: { Keys: pending, ConsistentRead: true } },
        }),
      );
      found.push(...(result.Responses?.[this.deps.tableName] ?? []));
      pending = (result.UnprocessedKeys?.[this.deps.tableName]?.Keys ?? []) as ItemKey[];
    }
    if (pending.length > 0) throw new AppError('UNAVAILABLE', 'The ledger is busy');
    return {
      marker: found.find((item) => item.pk === markerKey.pk) as MarkerItem | undefined,
      account: found.find((item) => item.pk === accountKey.pk && item.sk === accountKey.sk) as
        | AccountItem
        | undefined,
      along: along.map((key) => found.find((item) => sameKey(item, key))),
    };
  }
}

/**
 * Reads DynamoDB's cancellation reasons (in item order: account, movement, marker, extras) and
 * decides: retry (a race we can redo), or the contract's error for the caller.
 */
function explainCancellation(
  reasons: CancellationReason[],
  expected: AccountItem,
  input: Pick<PostMovementInput, 'draft' | 'explainExtra' | 'followedBy'>,
): 'retry' | AppError {
  const expectedSequence = expected.sequence;
  const [accountReason, movementReason, markerReason, ...afterMarker] = reasons;
  // A pair's second movement follows the marker: a sequence taken meanwhile, so a race to redo.
  const pairReason = input.followedBy === undefined ? undefined : afterMarker[0];
  const rest = input.followedBy === undefined ? afterMarker : afterMarker.slice(1);
  const correctsReason = input.draft.corrects === undefined ? undefined : rest.at(-1);
  const extraReasons = input.draft.corrects === undefined ? rest : rest.slice(0, -1);
  const explainExtra = input.explainExtra;
  const failed = conditionFailed;
  if (isContention(reasons)) return 'retry';
  // Someone committed this key concurrently: the next read replays it (or refuses a mismatch).
  if (failed(markerReason)) return 'retry';
  let accountOld: AccountItem | undefined;
  if (failed(accountReason)) {
    accountOld = oldItemOf<AccountItem>(accountReason);
    // Still not opened: a debit from a registered volunteer's empty account.
    if (accountOld === undefined && expected.unopened === true) accountOld = expected;
    if (accountOld === undefined) return new AppError('NOT_FOUND', 'No such volunteer');
    if (accountOld.sequence !== expectedSequence) return 'retry';
  }
  if (failed(movementReason) || failed(pairReason)) return 'retry';
  // Movements are never deleted: one that is missing now was never there.
  if (failed(correctsReason)) return new AppError('NOT_FOUND', 'The movement to correct does not exist');
  for (const [index, reason] of extraReasons.entries()) {
    if (!failed(reason)) continue;
    const explained = explainExtra?.(index, reason);
    if (explained !== undefined) return explained;
    return new AppError('CONFLICT', 'A related record changed; try again');
  }
  if (accountOld !== undefined) {
    return new AppError('INSUFFICIENT_POINTS', 'The balance is too low for this', {
      extra: { balance: accountOld.balance },
    });
  }
  return 'retry';
}
