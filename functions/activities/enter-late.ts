import { EnterLate } from '../../shared/activities/routes';
import { activitiesDeps } from '../../shared/activities/store/activities-deps';
import { enterLate } from '../../shared/activities/use-cases/after';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(EnterLate, async ({ params, body, principal }) => ({
  status: 200,
  body: await enterLate(activitiesDeps(getRuntime()), principal, params.activityId, body),
}));
