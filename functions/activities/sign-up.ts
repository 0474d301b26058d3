import { SignUp } from '../../shared/activities/routes';
import { activitiesDeps } from '../../shared/activities/store/activities-deps';
import { signUp } from '../../shared/activities/use-cases/sign-ups';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(SignUp, async ({ params, body, principal }) => ({
  status: 200,
  body: await signUp(activitiesDeps(getRuntime()), principal, params.activityId, body),
}));
