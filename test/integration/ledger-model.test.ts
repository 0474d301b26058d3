import { randomUUID } from 'node:crypto';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../shared/platform/dynamo/client';
import { AppError } from '../../shared/platform/errors';
import { LEDGER_WRITE_ATTEMPTS_MAX } from '../../shared/platform/limits';
import { injectFaults } from '../support/fault-injection';
import { ledgerFor, type Operation, perform } from '../support/ledger-fixtures';
import {
  checkInvariants,
  initialModel,
  type LedgerModel,
  type LedgerReal,
  ledgerCommands,
  type RunStats,
  VOLUNTEERS,
} from '../support/ledger-model';
import { freshTable } from './support';

/** Shrinking re-runs whole sequences on DynamoDB; bounded, so a counterexample is still reported. */
const TIME_LIMIT = { interruptAfterTimeLimit: 100_000, markInterruptAsFailure: true };

/**
 * Model-based property tests of the ledger on DynamoDB Local: random sequences of earn, redeem,
 * void, replays, key reuse, reads and concurrent batches, each answer compared with the model and
 * the ledger's invariants checked after every command. Fixed seeds make every run reproducible.
 */
const SEED = 20261128;
const stats: RunStats = { runs: 0, commands: 0, operations: 0, clientRetries: 0, outcomes: {} };
const faults = { calls: 0, injected: 0 };

/** A document client's destroy() leaves its DynamoDB client's sockets open; close them. */
function closeSockets(client: DynamoDBDocumentClient): void {
  (client.config.requestHandler as { destroy?: () => void } | undefined)?.destroy?.();
}

async function runOnFreshTable(
  commands: Iterable<fc.AsyncCommand<LedgerModel, LedgerReal>>,
  faultSeed?: number,
): Promise<void> {
  stats.runs += 1;
  const table = await freshTable('ledger-model');
  const faultyClient =
    faultSeed === undefined ? undefined : createDocumentClient({ endpoint: table.endpoint, region: 'local' });
  const log =
    faultyClient === undefined ? undefined : injectFaults(faultyClient, { seed: faultSeed ?? 0, rate: 0.1 });
  try {
    const opener = ledgerFor(table);
    for (const volunteerId of VOLUNTEERS) await opener.openAccount(volunteerId);
    const real: LedgerReal = {
      table,
      ledger: ledgerFor(table, { seed: faultSeed ?? 7, ...(faultyClient ? { client: faultyClient } : {}) }),
      scope: `user:${table.tableName}`,
      faulty: faultyClient !== undefined,
      stats,
    };
    const model = initialModel();
    await checkInvariants(model, real);
    await fc.asyncModelRun(() => ({ model, real }), commands);
  } finally {
    if (log !== undefined) {
      faults.calls += log.calls;
      faults.injected += Object.values(log.injected).reduce((sum, count) => sum + count, 0);
    }
    if (faultyClient !== undefined) closeSockets(faultyClient);
    await table.client.send(new DeleteTableCommand({ TableName: table.tableName })).catch(() => undefined);
    closeSockets(table.client);
  }
}

describe('ledger model', () => {
  afterAll(() => {
    const outcomes = Object.entries(stats.outcomes)
      .map(([outcome, count]) => `${outcome} ${count}`)
      .join(', ');
    console.log(
      `ledger-model: runs=${stats.runs}, operations=${stats.operations}, commands=${stats.commands}, ` +
        `client retries=${stats.clientRetries}, faults=${faults.injected}/${faults.calls} calls (${outcomes})`,
    );
  });

  it('answers as the model predicts and keeps the books whole after every command', async () => {
    await fc.assert(
      fc.asyncProperty(ledgerCommands(25), (commands) => runOnFreshTable(commands)),
      { seed: SEED, numRuns: 12, ...TIME_LIMIT },
    );
    expect(stats.runs).toBeGreaterThanOrEqual(12);
  }, 120_000);

  it('keeps one movement per key, and exactly the keys the client saw succeed, under injected faults', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), ledgerCommands(25), (faultSeed, commands) =>
        runOnFreshTable(commands, faultSeed),
      ),
      { seed: SEED, numRuns: 8, ...TIME_LIMIT },
    );
    expect(faults.injected).toBeGreaterThan(0);
  }, 120_000);
});

/**
 * Found by the model test (seed 20261128): DynamoDB remembers a transaction's ClientRequestToken for
 * ten minutes across tables. When the token was derived from the marker key, the sequence and the
 * clock, the same key's first write on each fresh table repeated earlier tokens and cost an attempt
 * each, until the write gave up. Every attempt now carries a fresh token.
 */
describe('ledger transaction token', () => {
  it('lets a fresh table take its first write, whatever other tables did', async () => {
    const scope = `user:token-${randomUUID()}`;
    const answers: (number | string)[] = [];
    for (let index = 0; index <= LEDGER_WRITE_ATTEMPTS_MAX; index += 1) {
      const table = await freshTable('ledger-token');
      try {
        const ledger = ledgerFor(table);
        await ledger.openAccount('v0');
        const operation: Operation = { kind: 'earn', volunteerId: 'v0', amount: 1, key: 'k1' };
        answers.push(
          await perform(ledger, operation, scope).then(
            (result) => result.status,
            (error: unknown) => (error instanceof AppError ? error.code : String(error)),
          ),
        );
      } finally {
        await table.client
          .send(new DeleteTableCommand({ TableName: table.tableName }))
          .catch(() => undefined);
        closeSockets(table.client);
      }
    }
    expect(answers).toEqual(answers.map(() => 201));
  }, 60_000);
});
