import { ActivityStep } from '../../shared/activities/routes';
import { activitiesDeps } from '../../shared/activities/store/activities-deps';
import { actOnActivity } from '../../shared/activities/use-cases/activities';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(ActivityStep, async ({ params, body, principal, idempotency }) => ({
  status: 200,
  body: await actOnActivity(activitiesDeps(getRuntime()), principal, params.activityId, body, idempotency),
}));
