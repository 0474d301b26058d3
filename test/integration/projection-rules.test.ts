import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  canProject,
  type ProjectedMovement,
  type ProjectionMarkerFacts,
  projectMovement,
} from '../../shared/ledger/rules/projection';
import { DynamoProjectionStore } from '../../shared/ledger/store/projection-store';
import { ENTITY, keys } from '../../shared/platform/dynamo/keys';
import { TABLE_TTL_ATTRIBUTE } from '../../shared/platform/dynamo/table-definition';
import { freshTable, type TestTable } from './support';

/**
 * D1, a rule with its condition: for every set of projection markers the table can hold, the pure
 * rule `canProject` of rules/projection.ts says yes exactly when the projection store's
 * transaction (its marker's condition) adds the movement to its day's totals on DynamoDB Local.
 */
const NOW = new Date('2026-11-20T02:00:00.000Z');
const SECONDS_PER_DAY = 24 * 60 * 60;

interface Shape {
  /** This movement's own marker is in the table. */
  own: boolean;
  /** Its own marker is past its TTL but not yet removed (TTL removes items some time later). */
  expired: boolean;
  /** Another movement's marker is in the table. */
  other: boolean;
}

const SHAPES: Shape[] = [false, true].flatMap((own) =>
  (own ? [false, true] : [false]).flatMap((expired) =>
    [false, true].map((other) => ({ own, expired, other })),
  ),
);

let table: TestTable;
let store: DynamoProjectionStore;
let serial = 0;

beforeAll(async () => {
  table = await freshTable('projection-rules');
  store = new DynamoProjectionStore({ client: table.client, tableName: table.tableName, now: () => NOW });
});

const movementOf = (id: string): ProjectedMovement => ({
  id,
  kind: 'redeem',
  direction: 'debit',
  amount: 30,
  counterAccount: 'store:S1',
  at: NOW.toISOString(),
});

/** A marker written straight to the table as the projection store keeps it. */
async function putMarker(movementId: string, expired: boolean): Promise<ProjectionMarkerFacts> {
  const projectedAt = expired ? new Date(NOW.getTime() - 30 * SECONDS_PER_DAY * 1000) : NOW;
  await table.client.send(
    new PutCommand({
      TableName: table.tableName,
      Item: {
        ...keys.projectionMarker(movementId),
        entity: ENTITY.projectionMarker,
        movementId,
        date: projectMovement(movementOf(movementId)).date,
        projectedAt: projectedAt.toISOString(),
        [TABLE_TTL_ATTRIBUTE]: Math.floor(projectedAt.getTime() / 1000) + SECONDS_PER_DAY,
      },
    }),
  );
  return { movementId };
}

/** A movement, and the markers of the given shape in the table beside it. */
async function stateOf(
  shape: Shape,
): Promise<{ movement: ProjectedMovement; markers: ProjectionMarkerFacts[] }> {
  serial += 1;
  const movement = movementOf(`v${serial}.1`);
  const markers: ProjectionMarkerFacts[] = [];
  if (shape.own) markers.push(await putMarker(movement.id, shape.expired));
  if (shape.other) markers.push(await putMarker(`other${serial}.1`, false));
  return { movement, markers };
}

async function movementsOnDay(date: string): Promise<number> {
  const { Item } = await table.client.send(
    new GetCommand({ TableName: table.tableName, Key: keys.systemDayTotals(date), ConsistentRead: true }),
  );
  return Number(Item?.movements ?? 0);
}

const label = (shape: Shape) =>
  [
    shape.own ? `its own marker${shape.expired ? ' past its TTL' : ''}` : 'no marker of its own',
    ...(shape.other ? ["another movement's marker"] : []),
  ].join(', ');

describe('the projection rule and its condition expression agree', () => {
  it.each(SHAPES.map((shape) => [label(shape), shape] as const))(
    'project a movement with %s',
    async (_label, shape) => {
      const { movement, markers } = await stateOf(shape);
      const date = projectMovement(movement).date;
      const before = await movementsOnDay(date);

      const outcome = await store.project(movement);

      expect(outcome === 'projected').toBe(canProject(movement, markers));
      expect(await movementsOnDay(date)).toBe(before + (outcome === 'projected' ? 1 : 0));
    },
  );

  it('projects a movement once: its second delivery finds the marker the first one left', async () => {
    const { movement } = await stateOf({ own: false, expired: false, other: false });

    expect(await store.project(movement)).toBe('projected');
    expect(canProject(movement, [{ movementId: movement.id }])).toBe(false);
    expect(await store.project(movement)).toBe('already-projected');
  });

  it('says yes for some shapes and no for others (the table above is not all one answer)', () => {
    const movement = movementOf('v0.1');
    const answers = new Set(
      SHAPES.map((shape) =>
        canProject(movement, [
          ...(shape.own ? [{ movementId: movement.id }] : []),
          ...(shape.other ? [{ movementId: 'other0.1' }] : []),
        ]),
      ),
    );
    expect([...answers].sort()).toEqual([false, true]);
  });
});
