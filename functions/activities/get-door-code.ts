import { GetDoorCode } from '../../shared/activities/routes';
import { activitiesDeps } from '../../shared/activities/store/activities-deps';
import { currentDoorCode } from '../../shared/activities/use-cases/door';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(GetDoorCode, async ({ params, principal }) => ({
  status: 200,
  body: await currentDoorCode(activitiesDeps(getRuntime()), principal, params.activityId),
}));
