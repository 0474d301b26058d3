import { DecideOvertime } from '../../shared/activities/routes';
import { activitiesDeps } from '../../shared/activities/store/activities-deps';
import { decideOvertime } from '../../shared/activities/use-cases/after';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(DecideOvertime, async ({ params, body, principal }) => ({
  status: 200,
  body: await decideOvertime(
    activitiesDeps(getRuntime()),
    principal,
    params.activityId,
    params.volunteerId,
    body,
  ),
}));
