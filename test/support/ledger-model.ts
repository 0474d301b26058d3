import { DynamoDBServiceException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { expect } from 'vitest';
import { SYSTEM_ACCOUNT } from '../../shared/ledger/rules/ledger';
import type { LedgerStore } from '../../shared/ledger/store/ledger-store';
import { keys, MOVEMENT_SORT_PREFIX, volunteerPartition } from '../../shared/platform/dynamo/keys';
import { AppError, type ErrorCode } from '../../shared/platform/errors';
import type { TestTable } from '../integration/support';
import { auditLedger } from './ledger-audit';
import { fingerprintOf, type Operation, perform } from './ledger-fixtures';

/**
 * A model of the ledger for fast-check's command-based testing: what each volunteer's balance and
 * passbook must be, and which idempotency keys have committed and with what answer. The commands
 * drive the real LedgerStore on DynamoDB Local, compare every answer with the model's prediction,
 * and after every command check the ledger's invariants on the stored items.
 */

export const VOLUNTEERS = ['v0', 'v1', 'v2'] as const;
const STORE = SYSTEM_ACCOUNT.store('S1');
/** Client-side retries by the same key after an unknown outcome (UNAVAILABLE or a network error). */
export const CLIENT_RETRIES_MAX = 5;

type Kind = Operation['kind'];

export interface ResponseBody {
  id: string;
  balanceAfter: number;
  amount: number;
}

export type Outcome =
  | { ok: true; status: number; body: ResponseBody; replayed: boolean }
  | { ok: false; code: ErrorCode; extra?: Record<string, unknown> };

interface PassbookLine {
  sequence: number;
  idempotencyKey: string;
  kind: Kind;
  amount: number;
  balanceAfter: number;
}

export interface LedgerModel {
  balances: Record<string, number>;
  sequences: Record<string, number>;
  passbooks: Record<string, PassbookLine[]>;
  /** Every key sent so far, with the operation it was first sent with. */
  keys: { key: string; op: Operation }[];
  /** Keys whose operation committed: the answer every later replay must repeat. */
  committed: Map<string, { op: Operation; status: number; body: ResponseBody }>;
  nextKey: number;
  earned: number;
  redeemed: number;
  voided: number;
}

export interface RunStats {
  runs: number;
  commands: number;
  operations: number;
  clientRetries: number;
  /** How the answers fell: committed, replayed, and each refusal code. */
  outcomes: Record<string, number>;
}

export interface LedgerReal {
  table: TestTable;
  /** The ledger the commands use: on the test table's client, or on a client with injected faults. */
  ledger: LedgerStore;
  /**
   * The idempotency scope of this run's keys, unique per table: the ledger's transaction token is
   * derived from the marker key, the sequence and the (test) clock, and DynamoDB Local remembers
   * tokens across tables, so runs sharing a scope would collide with each other and other files.
   */
  scope: string;
  faulty: boolean;
  stats: RunStats;
}

export function initialModel(): LedgerModel {
  const perVolunteer = <T>(value: () => T) =>
    Object.fromEntries(VOLUNTEERS.map((volunteer) => [volunteer, value()])) as Record<string, T>;
  return {
    balances: perVolunteer(() => 0),
    sequences: perVolunteer(() => 0),
    passbooks: perVolunteer((): PassbookLine[] => []),
    keys: [],
    committed: new Map(),
    nextKey: 0,
    earned: 0,
    redeemed: 0,
    voided: 0,
  };
}

const signed = (kind: Kind, amount: number) => (kind === 'redeem' ? -amount : amount);
const describe = (op: Operation) => `${op.kind}(${op.volunteerId}, ${op.amount}, ${op.key})`;

/** A network failure as the SDK reports it: a plain error, not a service exception or one of ours. */
function isNetworkError(error: unknown): boolean {
  return (
    error instanceof Error && !(error instanceof AppError) && !(error instanceof DynamoDBServiceException)
  );
}

function tally(stats: RunStats, outcome: string): void {
  stats.outcomes[outcome] = (stats.outcomes[outcome] ?? 0) + 1;
}

/** Sends one operation the way a client would; with faults, retries by the same key when unsure. */
export async function execute(real: LedgerReal, op: Operation): Promise<Outcome> {
  real.stats.operations += 1;
  for (let retry = 0; ; retry += 1) {
    try {
      const result = await perform(real.ledger, op, real.scope);
      tally(real.stats, result.replayed ? 'replayed' : 'committed');
      return {
        ok: true,
        status: result.status,
        body: result.body as ResponseBody,
        replayed: result.replayed,
      };
    } catch (error) {
      const unsure = (error instanceof AppError && error.code === 'UNAVAILABLE') || isNetworkError(error);
      if (real.faulty && unsure && retry < CLIENT_RETRIES_MAX) {
        real.stats.clientRetries += 1;
        continue;
      }
      if (error instanceof AppError) {
        tally(real.stats, error.code);
        return { ok: false, code: error.code, ...(error.extra === undefined ? {} : { extra: error.extra }) };
      }
      // Not the SDK error itself: its serialized response would drown the counterexample.
      throw new Error(`${describe(op)} failed with ${String(error)}`);
    }
  }
}

async function readBalance(real: LedgerReal, volunteerId: string): Promise<number | undefined> {
  real.stats.operations += 1;
  for (let retry = 0; ; retry += 1) {
    try {
      return (await real.ledger.getAccount(volunteerId))?.balance;
    } catch (error) {
      if (!real.faulty || retry >= CLIENT_RETRIES_MAX) throw error;
      real.stats.clientRetries += 1;
    }
  }
}

/** What the ledger must answer to `op` in the model's state, when nothing else runs at the same time. */
function predict(model: LedgerModel, op: Operation): Outcome {
  const committed = model.committed.get(op.key);
  if (committed !== undefined) {
    return fingerprintOf(committed.op) === fingerprintOf(op)
      ? { ok: true, status: committed.status, body: committed.body, replayed: true }
      : { ok: false, code: 'IDEMPOTENCY_KEY_REUSED' };
  }
  const balance = model.balances[op.volunteerId] ?? 0;
  if (op.kind === 'redeem' && balance < op.amount) {
    return { ok: false, code: 'INSUFFICIENT_POINTS', extra: { balance } };
  }
  const sequence = (model.sequences[op.volunteerId] ?? 0) + 1;
  return {
    ok: true,
    status: 201,
    body: {
      id: `${op.volunteerId}.${sequence}`,
      balanceAfter: balance + signed(op.kind, op.amount),
      amount: op.amount,
    },
    replayed: false,
  };
}

function remember(model: LedgerModel, op: Operation): void {
  if (!model.keys.some((entry) => entry.key === op.key)) model.keys.push({ key: op.key, op });
}

/** Records a committed movement in the model; sequences arrive in order per volunteer. */
function commit(model: LedgerModel, op: Operation, status: number, body: ResponseBody): void {
  const sequence = Number(body.id.split('.')[1]);
  model.committed.set(op.key, { op, status, body });
  model.balances[op.volunteerId] = body.balanceAfter;
  model.sequences[op.volunteerId] = sequence;
  model.passbooks[op.volunteerId]?.push({
    sequence,
    idempotencyKey: op.key,
    kind: op.kind,
    amount: op.amount,
    balanceAfter: body.balanceAfter,
  });
  if (op.kind === 'earn') model.earned += op.amount;
  if (op.kind === 'redeem') model.redeemed += op.amount;
  if (op.kind === 'void') model.voided += op.amount;
}

/** A fresh success may come back as a replay when the answer to the committing attempt was lost. */
function comparable(outcome: Outcome, faulty: boolean, fresh: boolean): Outcome {
  return outcome.ok && faulty && fresh ? { ...outcome, replayed: false } : outcome;
}

async function movementsOf(client: DynamoDBDocumentClient, tableName: string, volunteerId: string) {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :mov)',
        ExpressionAttributeValues: { ':pk': volunteerPartition(volunteerId), ':mov': MOVEMENT_SORT_PREFIX },
        ConsistentRead: true,
        ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return items;
}

/**
 * The invariants that hold after every command, read on the table's own client (never the faulty
 * one): balances equal the model and are never negative; each passbook equals the model's; one
 * movement per idempotency key, and exactly the keys the client saw succeed; the audit is clean.
 */
export async function checkInvariants(model: LedgerModel, real: LedgerReal): Promise<void> {
  const { client, tableName } = real.table;
  const perKey = new Map<string, number>();
  for (const volunteerId of VOLUNTEERS) {
    const account = await client.send(
      new GetCommand({ TableName: tableName, Key: keys.volunteerAccount(volunteerId), ConsistentRead: true }),
    );
    const stored = account.Item;
    expect(stored?.balance, `balance of ${volunteerId}`).toBe(model.balances[volunteerId]);
    expect(stored?.sequence, `sequence of ${volunteerId}`).toBe(model.sequences[volunteerId]);
    expect(Number(stored?.balance), `balance of ${volunteerId} is never negative`).toBeGreaterThanOrEqual(0);

    const movements = await movementsOf(client, tableName, volunteerId);
    for (const movement of movements) {
      const key = String(movement.idempotencyKey);
      perKey.set(key, (perKey.get(key) ?? 0) + 1);
    }
    expect(
      movements.map((movement) => ({
        sequence: movement.sequence,
        idempotencyKey: movement.idempotencyKey,
        kind: movement.kind,
        amount: movement.amount,
        balanceAfter: movement.balanceAfter,
      })),
      `passbook of ${volunteerId}`,
    ).toEqual(model.passbooks[volunteerId]);
  }
  for (const [key, count] of perKey) expect(count, `movements for key ${key}`).toBe(1);
  expect([...perKey.keys()].sort(), 'keys with a movement = keys the client saw succeed').toEqual(
    [...model.committed.keys()].sort(),
  );

  const audit = await auditLedger(client, tableName);
  expect(audit.problems).toEqual([]);
  expect(audit.ok).toBe(true);
  const modelTotal = Object.values(model.balances).reduce((sum, balance) => sum + balance, 0);
  expect(audit.volunteerBalanceTotal).toBe(modelTotal);
  expect(audit.systemBalances[SYSTEM_ACCOUNT.issuance] ?? 0).toBe(0 - model.earned);
  expect(audit.systemBalances[STORE] ?? 0).toBe(model.redeemed - model.voided);
  expect(
    Object.keys(audit.systemBalances).every((id) => id === SYSTEM_ACCOUNT.issuance || id === STORE),
  ).toBe(true);
}

type LedgerCommand = fc.AsyncCommand<LedgerModel, LedgerReal>;

/** Every command counts itself, runs, then checks the invariants. */
abstract class Checked implements LedgerCommand {
  abstract check(model: Readonly<LedgerModel>): boolean;
  protected abstract act(model: LedgerModel, real: LedgerReal): Promise<void>;
  abstract toString(): string;

  async run(model: LedgerModel, real: LedgerReal): Promise<void> {
    real.stats.commands += 1;
    await this.act(model, real);
    await checkInvariants(model, real);
  }
}

interface OpSpec {
  kind: Kind;
  volunteer: number;
  amount: number;
}

const toOp = (spec: OpSpec, key: string): Operation => ({
  kind: spec.kind,
  volunteerId: VOLUNTEERS[spec.volunteer % VOLUNTEERS.length] ?? 'v0',
  amount: spec.amount,
  key,
});

const newKey = (model: LedgerModel) => {
  model.nextKey += 1;
  return `k${model.nextKey}`;
};

/** One operation on its own, with a prediction the ledger must meet exactly. */
async function single(model: LedgerModel, real: LedgerReal, op: Operation): Promise<void> {
  const expected = predict(model, op);
  const fresh = !model.committed.has(op.key);
  const actual = await execute(real, op);
  expect(comparable(actual, real.faulty, fresh), describe(op)).toEqual(expected);
  remember(model, op);
  if (actual.ok && fresh) commit(model, op, actual.status, actual.body);
}

/** Earn, Redeem or Void under a key never used before. */
class Fresh extends Checked {
  private key = '';
  constructor(private readonly spec: OpSpec) {
    super();
  }
  check = () => true;
  async act(model: LedgerModel, real: LedgerReal) {
    this.key = newKey(model);
    await single(model, real, toOp(this.spec, this.key));
  }
  toString = () =>
    `${this.spec.kind}(v${this.spec.volunteer}, ${this.spec.amount})${this.key ? `@${this.key}` : ''}`;
}

/** An earlier key sent again with its first operation: the stored answer, or (never committed) a fresh try. */
class Replay extends Checked {
  constructor(private readonly pick: number) {
    super();
  }
  check = (model: Readonly<LedgerModel>) => model.keys.length > 0;
  async act(model: LedgerModel, real: LedgerReal) {
    const earlier = model.keys[this.pick % model.keys.length];
    if (earlier !== undefined) await single(model, real, earlier.op);
  }
  toString = () => `replay(#${this.pick})`;
}

/** An earlier key sent with a different operation: 422 when it committed, else a fresh try. */
class Reuse extends Checked {
  constructor(
    private readonly pick: number,
    private readonly spec: OpSpec,
  ) {
    super();
  }
  check = (model: Readonly<LedgerModel>) => model.keys.length > 0;
  async act(model: LedgerModel, real: LedgerReal) {
    const earlier = model.keys[this.pick % model.keys.length];
    if (earlier === undefined) return;
    let op = toOp(this.spec, earlier.key);
    if (fingerprintOf(op) === fingerprintOf(earlier.op)) op = { ...op, amount: (op.amount % 500) + 1 };
    await single(model, real, op);
  }
  toString = () => `reuse(#${this.pick}, ${this.spec.kind}(v${this.spec.volunteer}, ${this.spec.amount}))`;
}

/** A redemption of exactly the balance, one point less, or one point more: the `>=` boundary. */
class RedeemAtBalance extends Checked {
  private key = '';
  constructor(
    private readonly volunteer: number,
    private readonly offset: -1 | 0 | 1,
  ) {
    super();
  }
  check = () => true;
  async act(model: LedgerModel, real: LedgerReal) {
    const volunteerId = VOLUNTEERS[this.volunteer] ?? 'v0';
    this.key = newKey(model);
    const amount = Math.max(1, (model.balances[volunteerId] ?? 0) + this.offset);
    await single(model, real, { kind: 'redeem', volunteerId, amount, key: this.key });
  }
  toString = () =>
    `redeem(v${this.volunteer}, balance${this.offset === 0 ? '' : this.offset > 0 ? '+1' : '-1'})`;
}

class Read extends Checked {
  constructor(private readonly volunteer: number) {
    super();
  }
  check = () => true;
  async act(model: LedgerModel, real: LedgerReal) {
    const volunteerId = VOLUNTEERS[this.volunteer] ?? 'v0';
    expect(await readBalance(real, volunteerId), `read ${volunteerId}`).toBe(model.balances[volunteerId]);
  }
  toString = () => `read(v${this.volunteer})`;
}

type BatchKey = { from: 'new' } | { from: 'batch' | 'earlier'; pick: number; sameOp: boolean };
interface BatchItem {
  spec: OpSpec;
  key: BatchKey;
}

/**
 * 2–8 operations at once, with keys repeated inside the batch and keys from before. The order of
 * racing debits is unknowable, so the model learns it from the answers and checks they are
 * consistent: one effect per key, every replay repeats the winner, each refusal saw a real balance
 * too low for it, and the committed movements chain gaplessly from the balance before the batch.
 */
class ConcurrentBatch extends Checked {
  private ops: Operation[] = [];
  constructor(private readonly items: BatchItem[]) {
    super();
  }
  check = () => true;

  async act(model: LedgerModel, real: LedgerReal) {
    this.ops = [];
    for (const item of this.items) {
      const source =
        item.key.from === 'batch' && this.ops.length > 0
          ? this.ops[item.key.pick % this.ops.length]
          : item.key.from === 'earlier' && model.keys.length > 0
            ? model.keys[item.key.pick % model.keys.length]?.op
            : undefined;
      if (source === undefined || item.key.from === 'new') {
        this.ops.push(toOp(item.spec, newKey(model)));
      } else {
        this.ops.push(item.key.sameOp ? source : toOp(item.spec, source.key));
      }
    }
    const before = {
      balances: { ...model.balances },
      sequences: { ...model.sequences },
      committed: new Map(model.committed),
    };
    const outcomes = await Promise.all(this.ops.map((op) => execute(real, op)));
    const calls = this.ops.map((op, index) => ({ op, outcome: outcomes[index] as Outcome }));
    const trace = calls.map(({ op, outcome }) => `${describe(op)} → ${JSON.stringify(outcome)}`).join('\n');

    // Per key: at most one effect, and every other answer follows from it.
    const winners: { op: Operation; status: number; body: ResponseBody }[] = [];
    for (const key of new Set(this.ops.map((op) => op.key))) {
      const group = calls.filter((call) => call.op.key === key);
      const prior = before.committed.get(key);
      if (prior !== undefined) {
        for (const { op, outcome } of group) {
          const expected: Outcome =
            fingerprintOf(op) === fingerprintOf(prior.op)
              ? { ok: true, status: prior.status, body: prior.body, replayed: true }
              : { ok: false, code: 'IDEMPOTENCY_KEY_REUSED' };
          expect(outcome, `${describe(op)} in batch\n${trace}`).toEqual(expected);
        }
        continue;
      }
      const successes = group.filter((call) => call.outcome.ok);
      const first = successes[0];
      if (first?.outcome.ok) {
        const winning = first.outcome;
        for (const { op, outcome } of successes) {
          expect(fingerprintOf(op), `successes for ${key} are one request\n${trace}`).toBe(
            fingerprintOf(first.op),
          );
          expect(outcome.ok && outcome.body, `successes for ${key} agree\n${trace}`).toEqual(winning.body);
        }
        if (!real.faulty) {
          expect(
            successes.filter((call) => call.outcome.ok && !call.outcome.replayed).length,
            `one first answer for ${key}\n${trace}`,
          ).toBe(1);
        }
        winners.push({ op: first.op, status: winning.status, body: winning.body });
      }
      for (const { op, outcome } of group) {
        if (outcome.ok) continue;
        if (outcome.code === 'IDEMPOTENCY_KEY_REUSED') {
          expect(
            first !== undefined && fingerprintOf(op) !== fingerprintOf(first.op),
            `${describe(op)}\n${trace}`,
          ).toBe(true);
        } else {
          expect(outcome.code, `${describe(op)}\n${trace}`).toBe('INSUFFICIENT_POINTS');
          expect(op.kind, `only debits are refused\n${trace}`).toBe('redeem');
        }
      }
    }

    // The winners on each volunteer chain gaplessly from the balance before the batch.
    for (const volunteerId of VOLUNTEERS) {
      const mine = winners
        .filter((winner) => winner.op.volunteerId === volunteerId)
        .sort((a, b) => Number(a.body.id.split('.')[1]) - Number(b.body.id.split('.')[1]));
      let balance = before.balances[volunteerId] ?? 0;
      let sequence = before.sequences[volunteerId] ?? 0;
      const seen = [balance];
      for (const winner of mine) {
        sequence += 1;
        balance += signed(winner.op.kind, winner.op.amount);
        expect(winner.body, `${describe(winner.op)} in the chain\n${trace}`).toEqual({
          id: `${volunteerId}.${sequence}`,
          balanceAfter: balance,
          amount: winner.op.amount,
        });
        expect(balance, `${volunteerId} never negative\n${trace}`).toBeGreaterThanOrEqual(0);
        seen.push(balance);
        commit(model, winner.op, winner.status, winner.body);
      }
      // A refusal must have seen a balance the account really had, and one too low for the debit.
      for (const { op, outcome } of calls) {
        if (outcome.ok || outcome.code !== 'INSUFFICIENT_POINTS' || op.volunteerId !== volunteerId) continue;
        const reported = Number(outcome.extra?.balance);
        expect(reported, `${describe(op)} refused on a balance it had\n${trace}`).toBeLessThan(op.amount);
        expect(seen, `${describe(op)} refused on a balance it had\n${trace}`).toContain(reported);
      }
    }
    for (const op of this.ops) remember(model, op);
  }

  toString = () =>
    `batch[${
      this.ops.length > 0
        ? this.ops.map(describe).join(', ')
        : this.items
            .map((item) => `${item.spec.kind}(v${item.spec.volunteer}, ${item.spec.amount})`)
            .join(', ')
    }]`;
}

const kindArb = fc.constantFrom<Kind>('earn', 'redeem', 'void');
const volunteerArb = fc.nat({ max: VOLUNTEERS.length - 1 });
const amountArb = fc.integer({ min: 1, max: 500 });
const specArb = (kind: fc.Arbitrary<Kind>) =>
  fc.record({ kind, volunteer: volunteerArb, amount: amountArb }) as fc.Arbitrary<OpSpec>;

const batchKeyArb: fc.Arbitrary<BatchKey> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<BatchKey>({ from: 'new' }) },
  {
    weight: 2,
    arbitrary: fc.record({ from: fc.constant('batch' as const), pick: fc.nat(), sameOp: fc.boolean() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ from: fc.constant('earlier' as const), pick: fc.nat(), sameOp: fc.boolean() }),
  },
);

/** The command arbitraries, weighted towards movements, with debits racing in batches. */
export function ledgerCommands(maxCommands: number) {
  return fc.commands<LedgerModel, LedgerReal, false>(
    [
      specArb(fc.constant('earn')).map((spec) => new Fresh(spec)),
      specArb(fc.constant('earn')).map((spec) => new Fresh(spec)),
      specArb(fc.constant('earn')).map((spec) => new Fresh(spec)),
      specArb(fc.constant('redeem')).map((spec) => new Fresh(spec)),
      specArb(fc.constant('redeem')).map((spec) => new Fresh(spec)),
      specArb(fc.constant('void')).map((spec) => new Fresh(spec)),
      fc.nat().map((pick) => new Replay(pick)),
      fc.tuple(fc.nat(), specArb(kindArb)).map(([pick, spec]) => new Reuse(pick, spec)),
      fc
        .tuple(volunteerArb, fc.constantFrom<-1 | 0 | 1>(-1, 0, 1))
        .map(([volunteer, offset]) => new RedeemAtBalance(volunteer, offset)),
      volunteerArb.map((volunteer) => new Read(volunteer)),
      fc
        .array(
          fc.record({
            spec: specArb(fc.constantFrom<Kind>('earn', 'redeem', 'redeem', 'void')),
            key: batchKeyArb,
          }),
          { minLength: 2, maxLength: 8 },
        )
        .map((items) => new ConcurrentBatch(items)),
      fc
        .array(
          fc.record({
            spec: fc.record({
              kind: fc.constant<Kind>('redeem'),
              volunteer: fc.constant(0),
              amount: amountArb,
            }),
            key: batchKeyArb,
          }),
          { minLength: 2, maxLength: 8 },
        )
        .map((items) => new ConcurrentBatch(items)),
    ],
    { maxCommands, size: 'max' },
  );
}
