import { CreateStaff } from '../../shared/identity/routes';
import { identityDeps } from '../../shared/identity/store/identity-deps';
import { createStaff } from '../../shared/identity/use-cases/staff';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(CreateStaff, async ({ body, principal }) => ({
  status: 201,
  body: await createStaff(identityDeps(getRuntime()), principal, body),
}));
