import { GetBalance } from '../../shared/ledger/routes';
import { ledgerAreaDeps } from '../../shared/ledger/store/passbook-store';
import { readBalance } from '../../shared/ledger/use-cases/read-ledger';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(GetBalance, async ({ params, principal }) => {
  const balance = await readBalance(ledgerAreaDeps(getRuntime()), principal, params.id);
  return { status: 200, body: { volunteerId: balance.volunteerId, balance: balance.balance } };
});
