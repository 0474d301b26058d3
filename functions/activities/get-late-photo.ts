import { GetLatePhoto } from '../../shared/activities/routes';
import { activitiesDeps } from '../../shared/activities/store/activities-deps';
import { lateEntryPhoto } from '../../shared/activities/use-cases/after';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(GetLatePhoto, async ({ params, principal }) => ({
  status: 200,
  body: await lateEntryPhoto(activitiesDeps(getRuntime()), principal, params.activityId, params.volunteerId),
}));
