import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { GetVolunteerRecord } from '../../shared/records/routes';
import { recordsDeps } from '../../shared/records/store/records-deps';
import { readRecord } from '../../shared/records/use-cases/record';

export const handler = endpoint(GetVolunteerRecord, async ({ params, query, principal }) => ({
  status: 200,
  body: await readRecord(recordsDeps(getRuntime()), principal, params.id, query.year),
}));
