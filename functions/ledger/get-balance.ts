import { readBalance } from '../../shared/ledger/use-cases/read-ledger';
import { VolunteerPath } from '../../shared/platform/contract/common';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(
  { route: 'GetBalance', params: VolunteerPath },
  async ({ params, principal }) => {
    const balance = await readBalance(getRuntime(), principal, params.id);
    return { status: 200, body: { volunteerId: balance.volunteerId, balance: balance.balance } };
  },
);
