import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { PostVolunteerCode } from '../../shared/stores/routes';
import { storesDeps } from '../../shared/stores/store/stores-deps';
import { issueCode } from '../../shared/stores/use-cases/codes';

export const handler = endpoint(PostVolunteerCode, async ({ params, principal }) => ({
  status: 201,
  body: await issueCode(storesDeps(getRuntime()), principal, params.id),
}));
