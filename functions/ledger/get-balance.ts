import { GetBalance } from '../../shared/ledger/routes';
import { readBalance } from '../../shared/ledger/use-cases/read-ledger';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(GetBalance, async ({ params, principal }) => {
  const balance = await readBalance(getRuntime(), principal, params.id);
  return { status: 200, body: { volunteerId: balance.volunteerId, balance: balance.balance } };
});
