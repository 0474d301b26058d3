import { ImportRequest } from '../../shared/people/contract/volunteers';
import { importVolunteerChunk } from '../../shared/people/use-cases/import-volunteers';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(
  { route: 'PostVolunteerImport', body: ImportRequest },
  async ({ body, principal }) => ({
    status: 200,
    body: await importVolunteerChunk(getRuntime(), principal, body.rows),
  }),
);
