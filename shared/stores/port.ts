import type { LedgerResult } from '../ledger/port';
import type { OrgTree } from '../people/rules/org-tree';
import type { AppError } from '../platform/errors';
import type { IdempotencyScope, ReplayableResult, StoredResponse } from '../platform/idempotency';
import type { RateLimit } from '../platform/rate-limit';
import type { SigningKeys } from '../platform/signed-token';
import type { PutStoreRequest } from './contract/stores';
import type { Basket } from './rules/basket';
import type { CardRecord } from './rules/card';
import type { Caps, RedemptionRecord } from './rules/redemption';
import type { StockMovementFacts } from './rules/stock';
import type { NewStoreItem, StoreItemRecord, StoreRecord } from './rules/store';

/**
 * What the stores use cases need from the world, and nothing else. The DynamoDB stores
 * (store/*.ts) are the only implementation the product runs; they alone know items, keys and
 * expressions. Each conditional write below enforces one rule of rules/ (store.ts, stock.ts,
 * redemption.ts, card.ts).
 */

/** Stores and their catalogues. */
export interface StoreCatalogue {
  getStore(storeId: string): Promise<StoreRecord | undefined>;
  /** Every store of the county, through the stores' listing (at most a bounded number of pages). */
  listStores(): Promise<StoreRecord[]>;
  /** Creates the store or renames it; its opening date stays. */
  putStore(storeId: string, request: PutStoreRequest, by: string, at: string): Promise<StoreRecord>;
  orgExists(orgId: string): Promise<boolean>;
  /** One catalogue item, read strongly consistently. */
  getItem(storeId: string, sku: string): Promise<StoreItemRecord | undefined>;
  /** The store's catalogue (at most a bounded number of pages). */
  listItems(storeId: string): Promise<StoreItemRecord[]>;
  /** Renames, reprices or revalues an item, only while `canRenameItem`; its stock stays. */
  updateItem(
    storeId: string,
    sku: string,
    change: {
      name: string;
      pricePoints: number;
      lowStockAt?: number | undefined;
      valueFen?: number | undefined;
    },
    by: string,
    at: string,
  ): Promise<StoreItemRecord>;
  /**
   * Adds an item with its first stock movement, only while `canAddItem`: 'no-store' when the store
   * does not exist, 'retry' when the item was added meanwhile or the outcome is unknown.
   */
  addItem(
    item: NewStoreItem,
    initial: StockMovementFacts | undefined,
  ): Promise<'added' | 'no-store' | 'retry'>;
}

/** One item's stock change, pinned to the stock the item was read with (`stockUnchanged`). */
export interface PinnedStockChange {
  item: StoreItemRecord;
  delta: number;
  by: string;
}

/** What one attempt of a stock write does: the pinned changes, their movements, and the answer. */
export interface StockPlan {
  changes: PinnedStockChange[];
  movements: StockMovementFacts[];
  response: StoredResponse;
}

/** The stock ledger: items' stock and their immutable movements. */
export interface StockStore {
  /**
   * Writes the plan's changes and movements once per key. `plan` reads and decides for each attempt;
   * when change `index` finds its item changed, `explain` gets the item as it is now (undefined:
   * gone) and says the contract's error, or 'retry' to plan again.
   */
  apply(
    scope: IdempotencyScope,
    plan: (at: string) => Promise<StockPlan>,
    explain: (index: number, current: StoreItemRecord | undefined) => AppError | 'retry' | undefined,
  ): Promise<ReplayableResult>;
  /** Every item of the store, read strongly consistently (the audit). */
  allItems(storeId: string): Promise<StoreItemRecord[]>;
  /** Every stock movement of the store, read strongly consistently (the audit). */
  allMovements(storeId: string): Promise<Pick<StockMovementFacts, 'sku' | 'delta'>[]>;
  /** One item's movements, newest first, older than `before` when given; `more` when older ones remain. */
  history(
    storeId: string,
    sku: string,
    before: string | undefined,
    limit: number,
  ): Promise<{ movements: StockMovementFacts[]; more: boolean }>;
}

/** A redemption to post: the basket, for whom, where and by whom, under the code's id. */
export interface NewRedemption {
  /** The volunteer code's id: the redemption's id and the code's used-marker. */
  id: string;
  storeId: string;
  volunteerId: string;
  counterUserId: string;
  basket: Basket;
  caps: Caps;
  idempotency: IdempotencyScope;
}

export interface Voiding {
  by: string;
  reason: string;
  idempotency: IdempotencyScope;
}

/** Redemptions: points and goods moving together through the ledger. */
export interface RedemptionStore {
  /** A redemption, read strongly consistently. */
  get(redemptionId: string): Promise<RedemptionRecord | undefined>;
  /** The answer an earlier request with this Idempotency-Key got, if any. */
  findReplay(scope: IdempotencyScope): Promise<LedgerResult | undefined>;
  /**
   * Debits the basket and, in the same transaction, takes each line from stock (`canTakeLine`),
   * writes the redemption where the code is unspent (`codeUnspent`) and counts the caps
   * (`dailySpendHasRoom`, `counterMinuteHasRoom`); a refusal is the contract's error.
   */
  redeem(redemption: NewRedemption): Promise<LedgerResult>;
  /**
   * Credits the points back and, in the same transaction, marks the redemption voided only while
   * `canVoid` (ALREADY_VOIDED otherwise), puts the lines back in stock and gives the day's cap back
   * (`givesSpendBack`).
   */
  void(record: RedemptionRecord, voiding: Voiding): Promise<LedgerResult>;
  /**
   * One store's redemptions of one China day in time order (eventually consistent), at most a
   * bounded number of pages: `complete` is false when there were more.
   */
  day(storeId: string, date: string): Promise<{ records: RedemptionRecord[]; complete: boolean }>;
}

/** Where a wrong PIN is counted: on a card, pinned to the PIN hash read, or on an unknown number's guard. */
export type WrongPinTarget = { card: string; pinHash: string } | { guard: string };

/** Printed volunteer cards and their PINs. */
export interface CardStore {
  /** A card, read strongly consistently. */
  get(cardNumber: string): Promise<CardRecord | undefined>;
  /** The number of the card a volunteer holds now, if any (strongly consistent). */
  heldBy(volunteerId: string): Promise<string | undefined>;
  /** Resets the wrong-PIN count after a right PIN, only while `canTryPin`; false when it did not hold. */
  acceptPin(cardNumber: string, pinHashRead: string, at: string): Promise<boolean>;
  /**
   * Counts one wrong PIN only while `canTryPin` (a card) or `belowLock` (a guard). `counted` says
   * whether it was; `failedAttempts` is the count after it, or as found when it was not counted.
   */
  countWrongPin(
    target: WrongPinTarget,
    at: string,
  ): Promise<{ counted: boolean; failedAttempts: number | undefined }>;
  /** Sets a new PIN on the volunteer's card, only while `canResetPin`; false when it did not hold. */
  resetPin(cardNumber: string, volunteerId: string, pin: CardPin, by: string, at: string): Promise<boolean>;
  /**
   * Issues card `cardNumber` to the volunteer (retiring `current`), only while `canIssueCard`:
   * 'holding-changed' when their holding is no longer `current`, 'retry' when the number is taken
   * or the transaction did not go through.
   */
  issue(
    cardNumber: string,
    volunteerId: string,
    current: string | undefined,
    pin: CardPin,
    by: string,
    at: string,
  ): Promise<'issued' | 'holding-changed' | 'retry'>;
}

export interface CardPin {
  pinHash: string;
  pinSalt: string;
  pinScheme: string;
}

/** What the counter sees of a volunteer after a scan. */
export interface VolunteerAtCounter {
  balance: number;
  name: string | undefined;
  codeUsed: boolean;
}

/** The volunteers (and the staff who served them) the stores use cases look up. */
export interface VolunteerLookup {
  /** Whether the volunteer is registered (their profile, strongly consistent). */
  exists(volunteerId: string): Promise<boolean>;
  /** The names of the volunteers that could be read (a name not read is absent). */
  names(volunteerIds: readonly string[]): Promise<Map<string, string>>;
  /** The names of the staff accounts that could be read, by user id (a name not read is absent). */
  staffNames(userIds: readonly string[]): Promise<Map<string, string>>;
  /**
   * In one strongly consistent read: the volunteer's balance and name and whether the code `codeId`
   * is spent; undefined when there is no such volunteer.
   */
  atCounter(volunteerId: string, codeId: string | undefined): Promise<VolunteerAtCounter | undefined>;
}

/** A use taken from a limit, to be given back when it turns out not to count (a right PIN). */
export interface Reservation {
  release(): Promise<void>;
}

/** Per-caller limits, each check and count one conditional write (THROTTLED when over). */
export interface CounterLimiter {
  reserve(limit: RateLimit, subject: string, detail: string): Promise<Reservation>;
  /** One use of each limit in order; when one refuses, the uses taken are given back. */
  reserveAll(wanted: readonly { limit: RateLimit; subject: string; detail: string }[]): Promise<Reservation>;
}

/** The per-caller limits of the counter, from configuration (0 turns one off). */
export interface CounterLimits {
  scans: RateLimit;
  wrongPinsPerCounter: RateLimit;
  wrongPinsPerStore: RateLimit;
  wrongPinsPerCard: RateLimit;
}

/** The dependencies of the stores use cases. */
export interface StoresDeps {
  catalogue: StoreCatalogue;
  stock: StockStore;
  redemptions: RedemptionStore;
  cards: CardStore;
  volunteers: VolunteerLookup;
  limiter: CounterLimiter;
  caps: Caps;
  counterLimits: CounterLimits;
  signing: () => Promise<SigningKeys>;
  /** The organisation tree, remembered briefly: places' names for the catalogue. */
  orgTree: () => Promise<OrgTree>;
  now: () => Date;
}

/** What the stock audit reads (the nightly audit passes these). */
export type StockAuditDeps = Pick<StoresDeps, 'catalogue' | 'stock' | 'redemptions'>;
