import { Withdraw } from '../../shared/activities/routes';
import { activitiesDeps } from '../../shared/activities/store/activities-deps';
import { withdraw } from '../../shared/activities/use-cases/sign-ups';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(Withdraw, async ({ params, principal }) => ({
  status: 200,
  body: await withdraw(activitiesDeps(getRuntime()), principal, params.activityId, params.volunteerId),
}));
