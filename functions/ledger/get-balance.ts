import { GetBalance } from '../../shared/ledger/routes';
import { ledgerAreaDeps } from '../../shared/ledger/store/passbook-store';
import { readBalance } from '../../shared/ledger/use-cases/read-ledger';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(GetBalance, async ({ params, principal }) => {
  const balance = await readBalance(ledgerAreaDeps(getRuntime()), principal, params.id);
  // What may be spent and, while a mobile shop trip holds some, what is held (docs/mobile-shop.md):
  // the v1 answer is unchanged for everyone else.
  return {
    status: 200,
    body: {
      volunteerId: balance.volunteerId,
      balance: balance.balance,
      ...(balance.held > 0 ? { held: balance.held } : {}),
    },
  };
});
