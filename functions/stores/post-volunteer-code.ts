import { VolunteerPath } from '../../shared/platform/contract/common';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { signingKeys } from '../../shared/platform/signing-keys';
import { issueCode } from '../../shared/stores/use-cases/codes';

export const handler = endpoint(
  { route: 'PostVolunteerCode', params: VolunteerPath },
  async ({ params, principal }) => {
    const runtime = getRuntime();
    return { status: 201, body: issueCode(runtime, await signingKeys(runtime.config), principal, params.id) };
  },
);
