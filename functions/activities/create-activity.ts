import { CreateActivity } from '../../shared/activities/routes';
import { activitiesDeps } from '../../shared/activities/store/activities-deps';
import { createActivity } from '../../shared/activities/use-cases/activities';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(CreateActivity, async ({ body, principal, idempotency }) => ({
  status: 201,
  body: await createActivity(activitiesDeps(getRuntime()), principal, body, idempotency),
}));
