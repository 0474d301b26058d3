import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACTIVITY_ACTIONS,
  ACTIVITY_TRANSITIONS,
  type ActivityStatus,
  canActivity,
} from '../../shared/activities/rules/activity-flow';

/** The diagram of docs/activities.md, edge by edge, written apart from the table. */
const DIAGRAM = new Set([
  'draft→recruiting',
  'recruiting→running',
  'running→finished',
  'finished→recorded',
  'finished→running',
  'draft→cancelled',
  'recruiting→cancelled',
  'running→cancelled',
  'finished→cancelled',
]);

describe("an activity's life", () => {
  it('no sequence of steps leaves the diagram; recorded and cancelled are ends', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ACTIVITY_ACTIONS), { maxLength: 30 }), (actions) => {
        let status: ActivityStatus = 'draft';
        for (const action of actions) {
          if (status === 'recorded' || status === 'cancelled')
            expect(canActivity(status, action)).toBe(false);
          if (!canActivity(status, action)) continue;
          const next = ACTIVITY_TRANSITIONS[action].to;
          expect(DIAGRAM.has(`${status}→${next}`), `${status} -${action}-> ${next}`).toBe(true);
          status = next;
        }
      }),
      { seed: 20261205, numRuns: 300 },
    );
  });

  it('every edge of the diagram is a step of the table', () => {
    const edges = ACTIVITY_ACTIONS.flatMap((action) =>
      ACTIVITY_TRANSITIONS[action].from.map((from) => `${from}→${ACTIVITY_TRANSITIONS[action].to}`),
    );
    expect(new Set(edges)).toEqual(DIAGRAM);
  });
});
