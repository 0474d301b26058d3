import { PostVolunteerImport } from '../../shared/people/routes';
import { peopleDepsWithIdNumbers } from '../../shared/people/store/id-number-deps';
import { importVolunteerChunk } from '../../shared/people/use-cases/import-volunteers';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(PostVolunteerImport, async ({ body, principal }) => ({
  status: 200,
  body: await importVolunteerChunk(peopleDepsWithIdNumbers(getRuntime()), principal, body.rows),
}));
