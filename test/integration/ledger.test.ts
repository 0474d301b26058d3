import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LedgerStore } from '../../shared/ledger/store/ledger-store';
import { createDocumentClient } from '../../shared/platform/dynamo/client';
import { keys } from '../../shared/platform/dynamo/keys';
import { AppError } from '../../shared/platform/errors';
import { injectFaults } from '../support/fault-injection';
import { auditLedger, movementsOf as movementsOfTable } from '../support/ledger-audit';
import { ledgerFor, type Operation, perform } from '../support/ledger-fixtures';
import { freshTable, type TestTable } from './support';

const codeOf = async (promise: Promise<unknown>): Promise<string> => {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
};

const movementsOf = (table: TestTable, volunteerId: string) =>
  movementsOfTable(table.client, table.tableName, volunteerId);

describe('ledger write path', () => {
  let table: TestTable;
  let ledger: LedgerStore;

  beforeAll(async () => {
    table = await freshTable('ledger');
    ledger = ledgerFor(table);
  });

  it('credits and debits with a gapless passbook and the balance after each movement', async () => {
    await ledger.openAccount('v1');
    await perform(ledger, { kind: 'earn', volunteerId: 'v1', amount: 30, key: 'k1' });
    const redeemed = await perform(ledger, { kind: 'redeem', volunteerId: 'v1', amount: 12, key: 'k2' });

    expect(redeemed.status).toBe(201);
    expect(redeemed.body).toEqual({ id: 'v1.2', balanceAfter: 18, amount: 12 });
    const movements = await movementsOf(table, 'v1');
    expect(movements.map((m) => [m.sequence, m.kind, m.amount, m.balanceAfter, m.debit, m.credit])).toEqual([
      [1, 'earn', 30, 30, 'system:issuance', 'volunteer:v1'],
      [2, 'redeem', 12, 18, 'volunteer:v1', 'store:S1'],
    ]);
    expect((await ledger.getAccount('v1'))?.balance).toBe(18);
  });

  it('refuses a debit beyond the balance and changes nothing', async () => {
    await ledger.openAccount('v2');
    await perform(ledger, { kind: 'earn', volunteerId: 'v2', amount: 5, key: 'v2-earn' });

    const code = await codeOf(
      perform(ledger, { kind: 'redeem', volunteerId: 'v2', amount: 6, key: 'v2-big' }),
    );

    expect(code).toBe('INSUFFICIENT_POINTS');
    expect((await ledger.getAccount('v2'))?.balance).toBe(5);
    expect(await movementsOf(table, 'v2')).toHaveLength(1);
    expect(await ledger.findReplay({ scope: 'user:test', key: 'v2-big', fingerprint: 'x' })).toBeUndefined();
  });

  it('answers NOT_FOUND for an account that was never opened', async () => {
    expect(await codeOf(perform(ledger, { kind: 'earn', volunteerId: 'ghost', amount: 5, key: 'g1' }))).toBe(
      'NOT_FOUND',
    );
  });

  it('replays the first answer for a repeated key and refuses the key for another request', async () => {
    await ledger.openAccount('v3');
    const first = await perform(ledger, { kind: 'earn', volunteerId: 'v3', amount: 40, key: 'same' });
    const again = await perform(ledger, { kind: 'earn', volunteerId: 'v3', amount: 40, key: 'same' });
    const reused = await codeOf(
      perform(ledger, { kind: 'earn', volunteerId: 'v3', amount: 41, key: 'same' }),
    );

    expect(first.replayed).toBe(false);
    expect(again).toEqual({ status: first.status, body: first.body, replayed: true });
    expect(reused).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await ledger.getAccount('v3'))?.balance).toBe(40);
  });

  it('applies concurrent duplicates of one key exactly once', async () => {
    await ledger.openAccount('v4');
    const operation: Operation = { kind: 'earn', volunteerId: 'v4', amount: 7, key: 'dup' };

    const results = await Promise.all(Array.from({ length: 12 }, () => perform(ledger, operation)));

    expect(results.filter((result) => !result.replayed)).toHaveLength(1);
    expect(new Set(results.map((result) => JSON.stringify(result.body))).size).toBe(1);
    expect((await ledger.getAccount('v4'))?.balance).toBe(7);
    expect(await movementsOf(table, 'v4')).toHaveLength(1);
  });

  it('lets exactly 10 of 50 concurrent debits through a balance that covers 10', async () => {
    await ledger.openAccount('v5');
    await perform(ledger, { kind: 'earn', volunteerId: 'v5', amount: 100, key: 'v5-earn' });

    const codes = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        codeOf(perform(ledger, { kind: 'redeem', volunteerId: 'v5', amount: 10, key: `v5-debit-${index}` })),
      ),
    );

    expect(codes.filter((code) => code === 'OK')).toHaveLength(10);
    expect(codes.filter((code) => code === 'INSUFFICIENT_POINTS')).toHaveLength(40);
    expect((await ledger.getAccount('v5'))?.balance).toBe(0);
    expect(await movementsOf(table, 'v5')).toHaveLength(11);
    expect((await auditLedger(table.client, table.tableName)).problems).toEqual([]);
  });

  it('calls DynamoDB once to read and once to write for an uncontended movement', async () => {
    const counted = createDocumentClient({ endpoint: table.endpoint, region: 'local' });
    const calls: string[] = [];
    counted.middlewareStack.add(
      (next, context) => async (args) => {
        calls.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize', name: 'countCalls' },
    );
    const countedLedger = ledgerFor(table, { client: counted });
    await countedLedger.openAccount('v6');
    calls.length = 0;

    await perform(countedLedger, { kind: 'earn', volunteerId: 'v6', amount: 9, key: 'v6-earn' });

    expect(calls).toEqual(['BatchGetItemCommand', 'TransactWriteItemsCommand']);
  });
});

describe('an account opened by the first movement', () => {
  let table: TestTable;
  let ledger: LedgerStore;

  beforeAll(async () => {
    table = await freshTable('ledgeropen');
    ledger = ledgerFor(table);
  });

  /** A registered volunteer: a profile, no account item (as registration leaves them). */
  const register = (volunteerId: string, orgId: string) =>
    table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...keys.volunteerProfile(volunteerId), entity: 'volunteer-profile', volunteerId, orgId },
      }),
    );
  const accountItem = async (volunteerId: string) =>
    (
      await table.client.send(
        new GetCommand({
          TableName: table.tableName,
          Key: keys.volunteerAccount(volunteerId),
          ConsistentRead: true,
        }),
      )
    ).Item;

  it('reads as balance 0 before, and is opened by the first credit with the profile’s organisation', async () => {
    await register('r1', 'wenshan');
    const before = await ledger.getAccount('r1');

    const first = await perform(ledger, { kind: 'earn', volunteerId: 'r1', amount: 25, key: 'r1-earn' });

    expect([before?.balance, before?.sequence, before?.orgId]).toEqual([0, 0, 'wenshan']);
    expect(first.body).toEqual({ id: 'r1.1', balanceAfter: 25, amount: 25 });
    expect(await accountItem('r1')).toMatchObject({ balance: 25, sequence: 1, orgId: 'wenshan' });
    expect((await movementsOf(table, 'r1')).map((movement) => [movement.sequence, movement.orgId])).toEqual([
      [1, 'wenshan'],
    ]);
  });

  it('refuses a debit before any credit with INSUFFICIENT_POINTS and writes nothing', async () => {
    await register('r2', 'wenshan');

    const code = await codeOf(
      perform(ledger, { kind: 'redeem', volunteerId: 'r2', amount: 1, key: 'r2-debit' }),
    );

    expect(code).toBe('INSUFFICIENT_POINTS');
    expect(await accountItem('r2')).toBeUndefined();
    expect(await movementsOf(table, 'r2')).toHaveLength(0);
  });

  it('opens once when 12 first credits race: every credit lands, in a gapless sequence', async () => {
    await register('r3', 'shichuan');

    const results = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        perform(ledger, { kind: 'earn', volunteerId: 'r3', amount: index + 1, key: `r3-earn-${index}` }),
      ),
    );

    expect(results.every((result) => result.replayed === false)).toBe(true);
    expect(await accountItem('r3')).toMatchObject({ balance: 78, sequence: 12 });
    expect((await movementsOf(table, 'r3')).map((movement) => movement.sequence)).toEqual(
      Array.from({ length: 12 }, (_, index) => index + 1),
    );
    expect((await auditLedger(table.client, table.tableName)).problems).toEqual([]);
  });

  it('still answers NOT_FOUND for someone never registered', async () => {
    expect(await codeOf(perform(ledger, { kind: 'earn', volunteerId: 'nobody', amount: 5, key: 'n1' }))).toBe(
      'NOT_FOUND',
    );
    expect(await ledger.getAccount('nobody')).toBeUndefined();
  });
});

describe('ledger under injected faults', () => {
  it('loses and doubles nothing when 10% of calls fail and clients retry with the same key', async () => {
    const table = await freshTable('faults');
    const faulty = createDocumentClient({ endpoint: table.endpoint, region: 'local' });
    const log = injectFaults(faulty, { seed: 20261128, rate: 0.1 });
    const ledger = ledgerFor(table, { client: faulty, seed: 11 });
    log.enabled = false;
    await ledger.openAccount('f1');
    await perform(ledger, { kind: 'earn', volunteerId: 'f1', amount: 100, key: 'f1-earn' });
    log.enabled = true;

    // A client that retries by the same key when the answer is lost or the ledger is busy.
    const withClientRetries = async (operation: Operation): Promise<string> => {
      for (let attempt = 0; attempt < 6; attempt += 1) {
        try {
          await perform(ledger, operation);
          return 'OK';
        } catch (error) {
          if (error instanceof AppError && error.code !== 'UNAVAILABLE') return error.code;
        }
      }
      return 'GAVE_UP';
    };
    const operations: Operation[] = Array.from({ length: 50 }, (_, index) => ({
      kind: 'redeem',
      volunteerId: 'f1',
      amount: 10,
      key: `f1-debit-${index}`,
    }));

    const codes = await Promise.all(operations.map(withClientRetries));
    log.enabled = false;

    const injected = Object.values(log.injected).reduce((sum, count) => sum + count, 0);
    expect(injected).toBeGreaterThan(10);
    expect(log.injected['lost-response']).toBeGreaterThan(0);
    expect(log.injected['transaction-conflict']).toBeGreaterThan(0);
    expect(codes.filter((code) => code === 'OK')).toHaveLength(10);
    expect(codes.filter((code) => code === 'INSUFFICIENT_POINTS')).toHaveLength(40);
    const movements = await movementsOf(table, 'f1');
    expect(movements).toHaveLength(11);
    expect(new Set(movements.map((movement) => movement.idempotencyKey)).size).toBe(11);
    expect((await auditLedger(table.client, table.tableName)).ok).toBe(true);
  });

  it('resolves a lost answer after commit by reading the marker, not by writing twice', async () => {
    const table = await freshTable('lost');
    const faulty = createDocumentClient({ endpoint: table.endpoint, region: 'local' });
    const log = injectFaults(faulty, {
      seed: 1,
      rate: 1,
      kinds: ['lost-response'],
      commands: ['TransactWriteItems'],
    });
    const ledger = ledgerFor(table, { client: faulty });
    await ledger.openAccount('l1');

    const result = await codeOf(
      perform(ledger, { kind: 'earn', volunteerId: 'l1', amount: 25, key: 'l1-earn' }),
    );

    expect(result).toBe('OK');
    expect(log.injected['lost-response']).toBe(1);
    expect((await ledger.getAccount('l1'))?.balance).toBe(25);
    expect(await movementsOf(table, 'l1')).toHaveLength(1);
  });

  it('gives up after bounded attempts when every write conflicts, leaving no trace', async () => {
    const table = await freshTable('busy');
    const faulty = createDocumentClient({ endpoint: table.endpoint, region: 'local' });
    injectFaults(faulty, {
      seed: 3,
      rate: 1,
      kinds: ['transaction-conflict'],
      commands: ['TransactWriteItems'],
    });
    const ledger = ledgerFor(table, { client: faulty });
    await ledger.openAccount('b1');

    const code = await codeOf(
      perform(ledger, { kind: 'earn', volunteerId: 'b1', amount: 5, key: 'b1-earn' }),
    );

    expect(code).toBe('UNAVAILABLE');
    expect((await ledger.getAccount('b1'))?.balance).toBe(0);
    expect(await movementsOf(table, 'b1')).toHaveLength(0);
  });
});

describe('audit', () => {
  let table: TestTable;

  beforeAll(async () => {
    table = await freshTable('audit');
    const ledger = ledgerFor(table);
    for (const volunteerId of ['a1', 'a2', 'a3']) {
      await ledger.openAccount(volunteerId);
      await perform(ledger, { kind: 'earn', volunteerId, amount: 50, key: `${volunteerId}-1` });
      await perform(ledger, { kind: 'redeem', volunteerId, amount: 20, key: `${volunteerId}-2` });
      await perform(ledger, { kind: 'earn', volunteerId, amount: 5, key: `${volunteerId}-3` });
    }
  });

  it('finds the books balanced, with system balances derived from movements', async () => {
    const report = await auditLedger(table.client, table.tableName);

    expect(report.ok).toBe(true);
    expect(report.entries).toBe(9);
    expect(report.volunteerBalanceTotal).toBe(105);
    expect(report.systemBalances).toEqual({ 'store:S1': 60, 'system:issuance': -165 });
  });

  it('catches a corrupted balance, a missing movement and a sequence gap', async () => {
    await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: keys.volunteerAccount('a1'),
        UpdateExpression: 'SET balance = :wrong',
        ExpressionAttributeValues: { ':wrong': 1000 },
      }),
    );
    await table.client.send(new DeleteCommand({ TableName: table.tableName, Key: keys.movement('a2', 3) }));
    await table.client.send(new DeleteCommand({ TableName: table.tableName, Key: keys.movement('a3', 2) }));

    const report = await auditLedger(table.client, table.tableName);
    const found = report.problems.map(
      (problem) => `${problem.kind} ${problem.account} ${problem.movementId ?? ''}`,
    );

    expect(report.ok).toBe(false);
    expect(found).toEqual(
      expect.arrayContaining([
        'balance-mismatch volunteer:a1 ',
        'sequence-mismatch volunteer:a2 ',
        'balance-mismatch volunteer:a2 ',
        'dangling-marker volunteer:a2 a2.3',
        'sequence-gap volunteer:a3 a3.3',
        'balance-after-mismatch volunteer:a3 a3.3',
        'dangling-marker volunteer:a3 a3.2',
        'zero-sum * ',
      ]),
    );
  });
});
