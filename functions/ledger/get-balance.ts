import { getRuntime } from '../../shared/adapters/runtime';
import { VolunteerPath } from '../../shared/contract/common';
import { endpoint } from '../../shared/http/endpoint';
import { readBalance } from '../../shared/use-cases/read-ledger';

export const handler = endpoint(
  { route: 'GetBalance', params: VolunteerPath },
  async ({ params, principal }) => {
    const balance = await readBalance(getRuntime(), principal, params.id);
    return { status: 200, body: { volunteerId: balance.volunteerId, balance: balance.balance } };
  },
);
