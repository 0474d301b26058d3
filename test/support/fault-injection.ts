import {
  type DynamoDBServiceException,
  ThrottlingException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * DynamoDB Local never throttles and never reports transaction conflicts, so tests inject those
 * faults, and lost requests and lost answers, with an SDK middleware, chosen by a seeded generator
 * so that a failing run can be replayed exactly.
 */
export type FaultKind = 'lost-request' | 'lost-response' | 'transaction-conflict' | 'throttling';

export interface FaultPlan {
  seed: number;
  /** Probability that one call gets a fault, 0..1. */
  rate: number;
  kinds?: FaultKind[];
  /** Only these operations get faults (DynamoDB operation names); all when omitted. */
  commands?: string[];
}

export interface FaultLog {
  injected: Record<FaultKind, number>;
  calls: number;
  enabled: boolean;
}

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function networkError(message: string): Error {
  return Object.assign(new Error(message), { name: 'TimeoutError', code: 'ECONNRESET' });
}

const metadata = { httpStatusCode: 400, requestId: 'injected', attempts: 1, totalRetryDelay: 0 };

function faultFor(kind: FaultKind, commandName: string): Error | DynamoDBServiceException {
  switch (kind) {
    case 'lost-request':
    case 'lost-response':
      return networkError(`injected ${kind} on ${commandName}`);
    case 'throttling':
      return new ThrottlingException({ message: 'injected throttling', $metadata: metadata });
    case 'transaction-conflict':
      return new TransactionCanceledException({
        message:
          'Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]',
        $metadata: metadata,
        CancellationReasons: [
          { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' },
        ],
      });
  }
}

/**
 * Adds the fault middleware to a document client. It sits outermost (`initialize`), so the faults
 * reach the ledger's own retry logic; a lost response lets the call commit first, then loses it.
 */
export function injectFaults(client: DynamoDBDocumentClient, plan: FaultPlan): FaultLog {
  const random = seededRandom(plan.seed);
  const kinds = plan.kinds ?? ['lost-request', 'lost-response', 'transaction-conflict', 'throttling'];
  const log: FaultLog = {
    injected: { 'lost-request': 0, 'lost-response': 0, 'transaction-conflict': 0, throttling: 0 },
    calls: 0,
    enabled: true,
  };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const commandName = String(context.commandName ?? '').replace(/Command$/, '');
      log.calls += 1;
      const eligible = log.enabled && (plan.commands === undefined || plan.commands.includes(commandName));
      if (!eligible || random() >= plan.rate) return next(args);
      let kind = kinds[Math.floor(random() * kinds.length)] ?? 'lost-request';
      // A transaction conflict only exists for transactions; elsewhere it is a lost request.
      if (kind === 'transaction-conflict' && commandName !== 'TransactWriteItems') kind = 'lost-request';
      log.injected[kind] += 1;
      if (kind === 'lost-response') {
        await next(args);
        throw faultFor(kind, commandName);
      }
      throw faultFor(kind, commandName);
    },
    { step: 'initialize', name: 'testFaultInjection', priority: 'high' },
  );
  return log;
}
