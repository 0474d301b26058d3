import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { PostScan } from '../../shared/stores/routes';
import { storesDeps } from '../../shared/stores/store/stores-deps';
import { scan } from '../../shared/stores/use-cases/codes';

export const handler = endpoint(PostScan, async ({ body, principal }) => ({
  status: 200,
  body: await scan(storesDeps(getRuntime()), principal, body),
}));
