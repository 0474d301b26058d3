import { ScanDoorCode } from '../../shared/activities/routes';
import { activitiesDeps } from '../../shared/activities/store/activities-deps';
import { scanDoorCode } from '../../shared/activities/use-cases/door';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(ScanDoorCode, async ({ body, principal }) => ({
  status: 200,
  body: await scanDoorCode(activitiesDeps(getRuntime()), principal, body),
}));
