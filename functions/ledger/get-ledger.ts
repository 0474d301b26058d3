import { GetLedger } from '../../shared/ledger/routes';
import { readLedgerPage } from '../../shared/ledger/use-cases/read-ledger';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { signingKeys } from '../../shared/platform/signing-keys';

export const handler = endpoint(GetLedger, async ({ params, query, principal }) => {
  const runtime = getRuntime();
  const page = await readLedgerPage(runtime, await signingKeys(runtime.config), principal, params.id, query);
  return { status: 200, body: page };
});
