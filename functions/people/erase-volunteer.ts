import { EraseVolunteer } from '../../shared/people/routes';
import { DynamoErasureStore } from '../../shared/people/store/erasure-store';
import { peopleDeps } from '../../shared/people/store/people-deps';
import { eraseVolunteer } from '../../shared/people/use-cases/erasure';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(EraseVolunteer, async ({ params, body, principal }) => {
  const runtime = getRuntime();
  return {
    status: 200,
    body: await eraseVolunteer(
      { ...peopleDeps(runtime), erasure: new DynamoErasureStore(runtime) },
      principal,
      params.id,
      body,
    ),
  };
});
