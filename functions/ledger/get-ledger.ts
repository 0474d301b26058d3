import { readLedgerPage } from '../../shared/ledger/use-cases/read-ledger';
import { PageQuery, VolunteerPath } from '../../shared/platform/contract/common';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { signingKeys } from '../../shared/platform/signing-keys';

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
