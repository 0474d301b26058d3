import { GetVolunteerActivities } from '../../shared/activities/routes';
import { activitiesDeps } from '../../shared/activities/store/activities-deps';
import { volunteerActivities } from '../../shared/activities/use-cases/after';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(GetVolunteerActivities, async ({ params, query, principal }) => ({
  status: 200,
  body: await volunteerActivities(activitiesDeps(getRuntime()), principal, params.id, query.month),
}));
