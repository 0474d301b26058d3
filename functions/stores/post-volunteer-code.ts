import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { signingKeys } from '../../shared/platform/signing-keys';
import { PostVolunteerCode } from '../../shared/stores/routes';
import { issueCode } from '../../shared/stores/use-cases/codes';

export const handler = endpoint(PostVolunteerCode, async ({ params, principal }) => {
  const runtime = getRuntime();
  return { status: 201, body: issueCode(runtime, await signingKeys(runtime.config), principal, params.id) };
});
