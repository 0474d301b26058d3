import { ListActivities } from '../../shared/activities/routes';
import { activitiesDeps } from '../../shared/activities/store/activities-deps';
import { listActivities } from '../../shared/activities/use-cases/activities';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(ListActivities, async ({ query, principal }) => ({
  status: 200,
  body: await listActivities(activitiesDeps(getRuntime()), principal, query),
}));
