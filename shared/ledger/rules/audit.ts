import { type Movement, SYSTEM_ACCOUNT, signedAmount, volunteerAccountId } from './ledger';

/**
 * The audit's pure core: given every account and movement item, recompute each balance from its
 * movements and report every way the books could be wrong. It knows nothing about DynamoDB.
 */
export type AuditProblemKind =
  | 'balance-mismatch'
  | 'balance-after-mismatch'
  | 'negative-balance'
  | 'sequence-gap'
  | 'sequence-mismatch'
  | 'bad-amount'
  | 'unbalanced-movement'
  | 'orphan-movement'
  | 'dangling-marker'
  | 'zero-sum'
  | 'stock-mismatch'
  | 'projection-mismatch'
  | 'disclosure-mismatch'
  | 'held-mismatch';

export interface AuditProblem {
  kind: AuditProblemKind;
  account: string;
  movementId?: string;
  detail: string;
}

export interface AuditReport {
  ok: boolean;
  accounts: number;
  entries: number;
  /** Balances of the system and store accounts, derived from movements (never stored on the write path). */
  systemBalances: Record<string, number>;
  volunteerBalanceTotal: number;
  problems: AuditProblem[];
}

export interface AuditAccount {
  volunteerId: string;
  balance: number;
  sequence: number;
  /** What the account says is held for mobile shop trips (absent: nothing ever held). */
  held?: number;
}

export interface AuditMarker {
  pk: string;
  movementId?: string;
}

export class Auditor {
  private readonly accounts = new Map<string, AuditAccount>();
  private readonly movements = new Map<string, Movement[]>();
  private readonly markers: AuditMarker[] = [];
  private entries = 0;

  addAccount(account: AuditAccount): void {
    this.accounts.set(account.volunteerId, account);
  }

  addMovement(movement: Movement): void {
    this.entries += 1;
    const list = this.movements.get(movement.volunteerId) ?? [];
    list.push(movement);
    this.movements.set(movement.volunteerId, list);
  }

  addMarker(marker: AuditMarker): void {
    this.markers.push(marker);
  }

  /** Every check, in one pass over what was added. */
  report(): AuditReport {
    const problems: AuditProblem[] = [...this.orphanMovements()];
    const system = new Map<string, number>();
    const movementIds = new Set<string>();
    let volunteerTotal = 0;
    for (const account of this.accounts.values()) {
      const list = (this.movements.get(account.volunteerId) ?? []).sort((a, b) => a.sequence - b.sequence);
      for (const movement of list) movementIds.add(movement.id);
      const replay = replayAccount(account, list, system);
      problems.push(
        ...replay.problems,
        ...checkAccountItem(account, list, replay.balance),
        ...checkHeld(account, list),
      );
      volunteerTotal += account.balance;
    }
    problems.push(...this.danglingMarkers(movementIds), ...zeroSum(volunteerTotal, system));
    return {
      ok: problems.length === 0,
      accounts: this.accounts.size + system.size,
      entries: this.entries,
      systemBalances: Object.fromEntries([...system.entries()].sort(([a], [b]) => (a < b ? -1 : 1))),
      volunteerBalanceTotal: volunteerTotal,
      problems,
    };
  }

  /** Movements of an account that does not exist. */
  private *orphanMovements(): Generator<AuditProblem> {
    for (const [volunteerId, list] of this.movements) {
      if (this.accounts.has(volunteerId)) continue;
      yield {
        kind: 'orphan-movement',
        account: volunteerAccountId(volunteerId),
        detail: `${list.length} movement(s) for an account that does not exist`,
      };
    }
  }

  /** Idempotency markers naming a movement that is not there. */
  private *danglingMarkers(movementIds: ReadonlySet<string>): Generator<AuditProblem> {
    for (const marker of this.markers) {
      if (marker.movementId === undefined || movementIds.has(marker.movementId)) continue;
      const volunteer = marker.movementId.split('.')[0] ?? 'unknown';
      yield {
        kind: 'dangling-marker',
        account: volunteerAccountId(volunteer),
        movementId: marker.movementId,
        detail: 'an idempotency marker records this movement, but the movement is missing',
      };
    }
  }
}

/**
 * One movement checked on its own: a positive integer amount, and the volunteer's account on the
 * side its direction says, with another account on the other side (which it returns).
 */
function checkMovement(
  movement: Movement,
  accountId: string,
): { problem: AuditProblem } | { otherSide: string } {
  if (!Number.isSafeInteger(movement.amount) || movement.amount <= 0) {
    return {
      problem: {
        kind: 'bad-amount',
        account: accountId,
        movementId: movement.id,
        detail: `amount ${String(movement.amount)} is not a positive integer`,
      },
    };
  }
  const volunteerSide = movement.direction === 'credit' ? movement.credit : movement.debit;
  const otherSide = movement.direction === 'credit' ? movement.debit : movement.credit;
  if (volunteerSide !== accountId || otherSide === accountId || otherSide === undefined) {
    return {
      problem: {
        kind: 'unbalanced-movement',
        account: accountId,
        movementId: movement.id,
        detail: `debit ${movement.debit} and credit ${movement.credit} do not fit a ${movement.direction}`,
      },
    };
  }
  return { otherSide };
}

/**
 * Replays an account's movements in sequence order: gaps in the sequence, bad movements, a
 * balance below zero, a stored balanceAfter that the replay does not give. The other side of each
 * movement is added to `system` (the system and store accounts' balances).
 */
function replayAccount(
  account: AuditAccount,
  list: readonly Movement[],
  system: Map<string, number>,
): { balance: number; problems: AuditProblem[] } {
  const accountId = volunteerAccountId(account.volunteerId);
  const problems: AuditProblem[] = [];
  let running = 0;
  let expectedSequence = 1;
  for (const movement of list) {
    if (movement.sequence !== expectedSequence) {
      problems.push({
        kind: 'sequence-gap',
        account: accountId,
        movementId: movement.id,
        detail: `expected sequence ${expectedSequence}, found ${movement.sequence}`,
      });
      expectedSequence = movement.sequence;
    }
    expectedSequence += 1;
    const checked = checkMovement(movement, accountId);
    if ('problem' in checked) {
      problems.push(checked.problem);
      continue;
    }
    const signed = signedAmount(movement.direction, movement.amount);
    running += signed;
    system.set(checked.otherSide, (system.get(checked.otherSide) ?? 0) - signed);
    if (running < 0) {
      problems.push({
        kind: 'negative-balance',
        account: accountId,
        movementId: movement.id,
        detail: `balance ${running} after this movement`,
      });
    }
    if (movement.balanceAfter !== running) {
      problems.push({
        kind: 'balance-after-mismatch',
        account: accountId,
        movementId: movement.id,
        detail: `stored balanceAfter ${movement.balanceAfter}, replay gives ${running}`,
      });
    }
  }
  return { balance: running, problems };
}

/** The account item against its replay: its sequence, its balance, never below zero. */
function checkAccountItem(
  account: AuditAccount,
  list: readonly Movement[],
  replayed: number,
): AuditProblem[] {
  const accountId = volunteerAccountId(account.volunteerId);
  const problems: AuditProblem[] = [];
  const lastSequence = list.at(-1)?.sequence ?? 0;
  if (account.sequence !== lastSequence) {
    problems.push({
      kind: 'sequence-mismatch',
      account: accountId,
      detail: `account sequence ${account.sequence}, last movement ${lastSequence}`,
    });
  }
  if (account.balance !== replayed) {
    problems.push({
      kind: 'balance-mismatch',
      account: accountId,
      detail: `stored balance ${account.balance}, replay of ${list.length} movement(s) gives ${replayed}`,
    });
  }
  if (account.balance < 0) {
    problems.push({
      kind: 'negative-balance',
      account: accountId,
      detail: `stored balance ${account.balance}`,
    });
  }
  return problems;
}

const TRIP_ACCOUNT_PREFIX = SYSTEM_ACCOUNT.trip('');

/**
 * The points an account holds for mobile shop trips, replayed: every `hold` adds, every `release`
 * takes away, each against a trip's pending account; never below zero, and equal to the `held`
 * the account item keeps (docs/mobile-shop.md).
 */
function checkHeld(account: AuditAccount, list: readonly Movement[]): AuditProblem[] {
  const accountId = volunteerAccountId(account.volunteerId);
  const problems: AuditProblem[] = [];
  let held = 0;
  for (const movement of list) {
    if (movement.kind !== 'hold' && movement.kind !== 'release') continue;
    const expectedDirection = movement.kind === 'hold' ? 'debit' : 'credit';
    if (
      movement.direction !== expectedDirection ||
      !movement.counterAccount.startsWith(TRIP_ACCOUNT_PREFIX)
    ) {
      problems.push({
        kind: 'held-mismatch',
        account: accountId,
        movementId: movement.id,
        detail: `a ${movement.kind} must be a ${expectedDirection} against a trip account, not ${movement.direction} against ${movement.counterAccount}`,
      });
      continue;
    }
    held += movement.kind === 'hold' ? movement.amount : -movement.amount;
    if (held < 0) {
      problems.push({
        kind: 'held-mismatch',
        account: accountId,
        movementId: movement.id,
        detail: `released more than was held: held ${held} after this movement`,
      });
    }
  }
  if ((account.held ?? 0) !== held) {
    problems.push({
      kind: 'held-mismatch',
      account: accountId,
      detail: `account holds ${account.held ?? 0}, its holds and releases give ${held}`,
    });
  }
  return problems;
}

/** Double entry: volunteer balances and system balances sum to zero. */
function zeroSum(volunteerTotal: number, system: ReadonlyMap<string, number>): AuditProblem[] {
  const systemTotal = [...system.values()].reduce((sum, value) => sum + value, 0);
  if (volunteerTotal + systemTotal === 0) return [];
  return [
    {
      kind: 'zero-sum',
      account: '*',
      detail: `volunteer balances ${volunteerTotal} + system balances ${systemTotal} = ${volunteerTotal + systemTotal}, not 0`,
    },
  ];
}
