import { getRuntime } from '../../shared/adapters/runtime';
import { ImportRequest } from '../../shared/contract/volunteers';
import { endpoint } from '../../shared/http/endpoint';
import { importVolunteerChunk } from '../../shared/use-cases/import-volunteers';

export const handler = endpoint(
  { route: 'PostVolunteerImport', body: ImportRequest },
  async ({ body, principal }) => ({
    status: 200,
    body: await importVolunteerChunk(getRuntime(), principal, body.rows),
  }),
);
