import { GetRoster } from '../../shared/activities/routes';
import { activitiesDeps } from '../../shared/activities/store/activities-deps';
import { roster } from '../../shared/activities/use-cases/after';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(GetRoster, async ({ params, principal }) => ({
  status: 200,
  body: await roster(activitiesDeps(getRuntime()), principal, params.activityId),
}));
