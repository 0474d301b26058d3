import { getRuntime } from '../../shared/adapters/runtime';
import { signingKeys } from '../../shared/adapters/signing-keys';
import { PageQuery, VolunteerPath } from '../../shared/contract/common';
import { endpoint } from '../../shared/http/endpoint';
import { readLedgerPage } from '../../shared/use-cases/read-ledger';

export const handler = endpoint(
  { route: 'GetLedger', params: VolunteerPath, query: PageQuery },
  async ({ params, query, principal }) => {
    const runtime = getRuntime();
    const page = await readLedgerPage(
      runtime,
      await signingKeys(runtime.config),
      principal,
      params.id,
      query,
    );
    return { status: 200, body: page };
  },
);
