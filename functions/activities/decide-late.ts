import { DecideLate } from '../../shared/activities/routes';
import { activitiesDeps } from '../../shared/activities/store/activities-deps';
import { decideLate } from '../../shared/activities/use-cases/after';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(DecideLate, async ({ params, body, principal }) => ({
  status: 200,
  body: await decideLate(
    activitiesDeps(getRuntime()),
    principal,
    params.activityId,
    params.volunteerId,
    body,
  ),
}));
