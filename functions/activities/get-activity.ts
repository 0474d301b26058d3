import { GetActivity } from '../../shared/activities/routes';
import { activitiesDeps } from '../../shared/activities/store/activities-deps';
import { getActivity } from '../../shared/activities/use-cases/activities';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(GetActivity, async ({ params, principal }) => ({
  status: 200,
  body: await getActivity(activitiesDeps(getRuntime()), principal, params.activityId),
}));
