import { MarkAttendance } from '../../shared/activities/routes';
import { activitiesDeps } from '../../shared/activities/store/activities-deps';
import { markAttendance } from '../../shared/activities/use-cases/door';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(MarkAttendance, async ({ params, body, principal }) => ({
  status: 200,
  body: await markAttendance(activitiesDeps(getRuntime()), principal, params.activityId, body),
}));
