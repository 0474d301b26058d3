import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dueAt, isOverdue } from '../../shared/orders/rules/due-dates';
import {
  canTake,
  holdsForReview,
  nextStatus,
  ORDER_ACTIONS,
  type OrderActor,
  type OrderStatus,
  TERMINAL_STATUSES,
} from '../../shared/orders/rules/order-flow';

/**
 * The diagram of docs/orders.md, written out edge by edge, apart from the transition table: every
 * sequence of operations the table allows stays on these edges.
 */
const DIAGRAM = new Set([
  'submitted→rejected',
  'submitted→dispatched',
  'submitted→cancelled',
  'returned→rejected',
  'returned→dispatched',
  'returned→cancelled',
  'dispatched→dispatched',
  'dispatched→accepted',
  'dispatched→returned',
  'dispatched→cancelled',
  'accepted→in_service',
  'accepted→cancelled',
  'in_service→in_service',
  'in_service→done',
  'in_service→cancelled',
  'done→rated',
  'done→held',
  'done→closed',
  'done→cancelled',
  'held→rated',
  'held→closed',
  'held→cancelled',
  'rated→closed',
  'rated→cancelled',
]);
const ACTORS: OrderActor[] = ['office', 'team', 'resident'];

describe('the order flow (六单)', () => {
  it('no sequence of operations leaves the diagram, and nothing moves on from an end', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            action: fc.constantFrom(...ORDER_ACTIONS),
            actor: fc.constantFrom(...ACTORS),
            held: fc.boolean(),
          }),
          { maxLength: 40 },
        ),
        (steps) => {
          let state = { status: 'submitted' as OrderStatus, version: 1 };
          for (const step of steps) {
            const allowed = canTake(state, step.action, step.actor);
            if (TERMINAL_STATUSES.includes(state.status)) expect(allowed).toBe(false);
            if (!allowed) continue;
            const next = nextStatus(step.action, { heldForReview: step.held });
            expect(DIAGRAM.has(`${state.status}→${next}`), `${state.status} -${step.action}-> ${next}`).toBe(
              true,
            );
            state = { status: next, version: state.version + 1 };
          }
        },
      ),
      { seed: 20261204, numRuns: 500 },
    );
  });

  it('reaches every edge of the diagram from the start', () => {
    const seen = new Set<string>();
    const frontier: OrderStatus[] = ['submitted'];
    const visited = new Set<OrderStatus>();
    while (frontier.length > 0) {
      const status = frontier.pop() as OrderStatus;
      if (visited.has(status)) continue;
      visited.add(status);
      for (const action of ORDER_ACTIONS)
        for (const actor of ACTORS)
          for (const held of [false, true])
            if (canTake({ status, version: 1 }, action, actor)) {
              const next = nextStatus(action, { heldForReview: held });
              seen.add(`${status}→${next}`);
              frontier.push(next);
            }
    }
    expect([...seen].sort()).toEqual([...DIAGRAM].sort());
  });

  it('lets a resident cancel only before acceptance, and only the office close, reject or review', () => {
    expect(canTake({ status: 'dispatched', version: 1 }, 'cancel', 'resident')).toBe(true);
    expect(canTake({ status: 'accepted', version: 1 }, 'cancel', 'resident')).toBe(false);
    expect(canTake({ status: 'accepted', version: 1 }, 'cancel', 'office')).toBe(true);
    for (const action of ['close', 'reject', 'review', 'dispatch'] as const)
      for (const actor of ['team', 'resident'] as const)
        for (const status of ['submitted', 'done', 'held', 'rated'] as const)
          expect(canTake({ status, version: 1 }, action, actor)).toBe(false);
    expect(canTake({ status: 'dispatched', version: 1 }, 'accept', 'office')).toBe(false);
  });

  it('holds a low rating or a complaint for review', () => {
    expect(holdsForReview({ attitude: 5, result: 5, timeliness: 5, complaint: false })).toBe(false);
    expect(holdsForReview({ attitude: 5, result: 2, timeliness: 5, complaint: false })).toBe(true);
    expect(holdsForReview({ attitude: 5, result: 3, timeliness: 4, complaint: true })).toBe(true);
    expect(holdsForReview({ attitude: 3, result: 3, timeliness: 3, complaint: false })).toBe(false);
  });
});

describe('due dates', () => {
  it('a due date holds the whole China day; review and acceptance run from their steps', () => {
    const base = { submittedAt: '2026-12-01T02:00:00.000Z', dispatchedAt: '2026-12-02T02:00:00.000Z' };
    expect(dueAt({ ...base, status: 'accepted', dueDate: '2026-12-10' })).toBe('2026-12-10T16:00:00.000Z');
    expect(dueAt({ ...base, status: 'submitted' })).toBe('2026-12-03T02:00:00.000Z');
    expect(dueAt({ ...base, status: 'dispatched' })).toBe('2026-12-05T02:00:00.000Z');
    expect(dueAt({ ...base, status: 'closed' })).toBeUndefined();
    expect(isOverdue('2026-12-10T16:00:00.000Z', '2026-12-10T15:59:59.000Z')).toBe(false);
    expect(isOverdue('2026-12-10T16:00:00.000Z', '2026-12-10T16:00:01.000Z')).toBe(true);
  });
});
