import { otherAreasRecords } from '../../earning/store/earning-deps';
import { DynamoOrderStore } from '../../orders/store/order-store';
import { ordersDeps } from '../../orders/store/orders-deps';
import { actOnOrder } from '../../orders/use-cases/transitions';
import { rememberedOrgTree } from '../../people/store/org-directory';
import { batchGetItems, namesOf } from '../../platform/dynamo/batch-get';
import { ENTITY, keys } from '../../platform/dynamo/keys';
import { retryCall } from '../../platform/dynamo/retry';
import { AppError } from '../../platform/errors';
import { perRuntime, type Runtime } from '../../platform/runtime';
import { signingKeys } from '../../platform/signing-keys';
import { DynamoCardStore } from '../../stores/store/card-store';
import type { ActivitiesDeps, PeopleLookup, RecordMaker } from '../port';
import { DynamoActivityStore, DynamoAttendeeStore } from './activity-store';

const BATCH_GET_ROUNDS_MAX = 8;

/** Volunteers' names and organisations, cards, and the org tree, as the activities use cases look them up. */
function peopleLookup(runtime: Runtime): PeopleLookup {
  const cards = new DynamoCardStore({ client: runtime.client, tableName: runtime.tableName });
  return {
    orgTree: rememberedOrgTree(runtime.client, runtime.tableName, runtime.now),
    async profiles(volunteerIds) {
      const { items, unprocessed } = await batchGetItems(
        runtime.client,
        runtime.tableName,
        [...new Set(volunteerIds)].map((volunteerId) => keys.volunteerProfile(volunteerId)),
        {
          consistent: true,
          projection: { expression: 'volunteerId, orgId, #name, entity', names: { '#name': 'name' } },
          roundsMax: BATCH_GET_ROUNDS_MAX,
          retry: (call) => retryCall(call, { attempts: 4, exhausted: 'unavailable' }),
        },
      );
      if (unprocessed.length > 0) throw new AppError('UNAVAILABLE', 'Busy; try again');
      const found = new Map<string, { name: string; orgId: string }>();
      for (const item of items) {
        if (item.entity !== ENTITY.volunteerProfile) continue;
        found.set(String(item.volunteerId), {
          name: String(item.name ?? ''),
          orgId: String(item.orgId ?? ''),
        });
      }
      return found;
    },
    staffNames: (userIds) =>
      namesOf(
        runtime,
        userIds.map((id) => keys.staffAccount(id)),
        'userId',
        (call) => retryCall(call, { attempts: 4, exhausted: 'unavailable' }),
      ),
    async cardHolder(cardNumber) {
      const card = await cards.get(cardNumber);
      return card?.status === 'active' ? card.volunteerId : undefined;
    },
  };
}

/**
 * An activity's attendance becomes a service record through the earning area's own submission:
 * one activity makes one record, whoever records it and however often.
 */
function recordMaker(runtime: Runtime): RecordMaker {
  const make = otherAreasRecords(runtime);
  return {
    submit: (request, by, key) => make(request, by, key, `activity:${request.activity.activityId}`),
  };
}

/** The activities area's dependencies over the runtime's table. */
export const activitiesDeps = perRuntime((runtime: Runtime): ActivitiesDeps => {
  const table = { client: runtime.client, tableName: runtime.tableName };
  const orders = new DynamoOrderStore(table);
  return {
    activities: new DynamoActivityStore(table, runtime.now),
    attendees: new DynamoAttendeeStore(table),
    people: peopleLookup(runtime),
    records: recordMaker(runtime),
    orders: {
      async teamOf(number) {
        const order = await orders.get(number);
        return order === undefined ? undefined : { teamOrgId: order.teamOrgId, status: order.status };
      },
      async serve(number, activity, by) {
        try {
          await actOnOrder(ordersDeps(runtime), by, number, { action: 'serve', activity });
          return true;
        } catch (error) {
          if (error instanceof AppError && error.status < 500) return false;
          throw error;
        }
      },
    },
    signing: () => signingKeys(runtime.config),
    now: runtime.now,
  };
});
