import { getRuntime } from '../../shared/adapters/runtime';
import { signingKeys } from '../../shared/adapters/signing-keys';
import { VolunteerPath } from '../../shared/contract/common';
import { endpoint } from '../../shared/http/endpoint';
import { issueCode } from '../../shared/use-cases/codes';

export const handler = endpoint(
  { route: 'PostVolunteerCode', params: VolunteerPath },
  async ({ params, principal }) => {
    const runtime = getRuntime();
    return { status: 201, body: issueCode(runtime, await signingKeys(runtime.config), principal, params.id) };
  },
);
