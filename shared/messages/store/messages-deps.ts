import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoActivityStore, DynamoAttendeeStore } from '../../activities/store/activity-store';
import { DynamoPassbook } from '../../ledger/store/passbook-store';
import { chinaMonth, chinaMonthStart } from '../../platform/china-time';
import { ENTITY, keys } from '../../platform/dynamo/keys';
import { retryCall } from '../../platform/dynamo/retry';
import { perRuntime, type Runtime } from '../../platform/runtime';
import type { InboxSources, MessagesDeps, SeenStore } from '../port';
import type { ActivityFact } from '../rules/inbox';

const READ_ATTEMPTS = 4;
const read = <T>(call: () => Promise<T>) =>
  retryCall(call, { attempts: READ_ATTEMPTS, exhausted: 'unavailable' });
/** Activities read at once for one inbox (a volunteer signs up for a handful a month). */
const ACTIVITY_READS_MAX = 40;

/** The facts messages come from: the passbook, and the volunteer's activities of two months. */
function sources(runtime: Runtime): InboxSources {
  const passbook = new DynamoPassbook(runtime);
  const attendees = new DynamoAttendeeStore(runtime);
  const activities = new DynamoActivityStore(runtime, runtime.now);
  return {
    async movements(volunteerId, limit) {
      const { movements } = await read(() => passbook.page(volunteerId, undefined, limit));
      return movements.map((movement) => ({
        id: movement.id,
        kind: movement.kind,
        amount: movement.amount,
        direction: movement.direction,
        at: movement.at,
        memo: movement.memo,
      }));
    },
    async activities(volunteerId) {
      const now = runtime.now();
      const thisMonth = chinaMonth(now);
      const lastMonth = chinaMonth(new Date(chinaMonthStart(thisMonth).getTime() - 1));
      const items = (
        await Promise.all([lastMonth, thisMonth].map((month) => attendees.ofVolunteer(volunteerId, month)))
      ).flat();
      // Only a place held or waited for can be moved up or called off for them.
      const concerned = items
        .filter(
          (item) => item.promotedAt !== undefined || item.signUp === 'confirmed' || item.signUp === 'waiting',
        )
        .slice(0, ACTIVITY_READS_MAX);
      const found = await Promise.all(concerned.map((item) => activities.get(item.activityId)));
      return concerned.flatMap((item, index): ActivityFact[] => {
        const activity = found[index];
        if (activity === undefined) return [];
        return [
          {
            activityId: activity.activityId,
            title: activity.title,
            ...(item.promotedAt === undefined ? {} : { promotedAt: item.promotedAt }),
            ...(activity.status === 'cancelled' ? { cancelledAt: activity.updatedAt } : {}),
          },
        ];
      });
    },
  };
}

function seenStore(runtime: Runtime): SeenStore {
  return {
    async lastSeen(volunteerId) {
      const { Item } = await read(() =>
        runtime.client.send(
          new GetCommand({
            TableName: runtime.tableName,
            Key: keys.inboxSeen(volunteerId),
            ConsistentRead: true,
          }),
        ),
      );
      return typeof Item?.lastSeenAt === 'string' ? Item.lastSeenAt : undefined;
    },
    async markSeen(volunteerId, upTo) {
      try {
        await read(() =>
          runtime.client.send(
            new UpdateCommand({
              TableName: runtime.tableName,
              Key: keys.inboxSeen(volunteerId),
              // seenMovesForward: an older mark (another phone, a late tap) changes nothing.
              ConditionExpression: 'attribute_not_exists(lastSeenAt) OR lastSeenAt < :upTo',
              UpdateExpression: 'SET entity = :entity, lastSeenAt = :upTo',
              ExpressionAttributeValues: { ':upTo': upTo, ':entity': ENTITY.inboxSeen },
            }),
          ),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
  };
}

/** The messages area's dependencies over the runtime's table. */
export const messagesDeps = perRuntime(
  (runtime: Runtime): MessagesDeps => ({
    sources: sources(runtime),
    seen: seenStore(runtime),
    now: runtime.now,
  }),
);
