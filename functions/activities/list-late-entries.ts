import { ListLateEntries } from '../../shared/activities/routes';
import { activitiesDeps } from '../../shared/activities/store/activities-deps';
import { lateEntries } from '../../shared/activities/use-cases/after';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(ListLateEntries, async ({ query }) => ({
  status: 200,
  body: await lateEntries(activitiesDeps(getRuntime()), query.status),
}));
