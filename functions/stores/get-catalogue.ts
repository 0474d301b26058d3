import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { GetCatalogue } from '../../shared/stores/routes';
import { storesDeps } from '../../shared/stores/store/stores-deps';
import { readCatalogue } from '../../shared/stores/use-cases/catalogue';

export const handler = endpoint(GetCatalogue, async () => ({
  status: 200,
  body: await readCatalogue(storesDeps(getRuntime())),
}));
