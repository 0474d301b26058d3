import { GetLedger } from '../../shared/ledger/routes';
import { ledgerAreaDeps } from '../../shared/ledger/store/passbook-store';
import { readLedgerPage } from '../../shared/ledger/use-cases/read-ledger';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(GetLedger, async ({ params, query, principal }) => {
  const page = await readLedgerPage(ledgerAreaDeps(getRuntime()), principal, params.id, query);
  return { status: 200, body: page };
});
