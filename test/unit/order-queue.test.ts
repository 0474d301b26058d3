import { describe, expect, it } from 'vitest';
import { queueOrder } from '../../web/src/orders/queue-order';

/** The office's and a team's queue on the page: overdue first, then by due time, no due time last. */
describe('queue order', () => {
  it('puts overdue orders first, then the soonest due, and orders without a due time last', () => {
    // Prepare: as an API might list them (a symbol-aware comparison puts "no due time" first)
    const orders = [
      { number: 'rated', overdue: false, dueAt: undefined },
      { number: 'later', overdue: false, dueAt: '2026-05-14T02:00:00.000Z' },
      { number: 'sooner', overdue: false, dueAt: '2026-05-13T02:00:00.000Z' },
      { number: 'late', overdue: true, dueAt: '2026-05-10T02:00:00.000Z' },
      { number: 'done', overdue: false, dueAt: undefined },
    ];

    // Act
    const sorted = queueOrder(orders);

    // Assess
    expect(sorted.map((order) => order.number)).toEqual(['late', 'sooner', 'later', 'rated', 'done']);
  });
});
