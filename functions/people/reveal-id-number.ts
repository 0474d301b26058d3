import { RevealIdNumber } from '../../shared/people/routes';
import { peopleDepsWithIdNumbers } from '../../shared/people/store/id-number-deps';
import { revealIdNumber } from '../../shared/people/use-cases/volunteer-details';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(RevealIdNumber, async ({ params, body, principal }) => ({
  status: 200,
  body: await revealIdNumber(peopleDepsWithIdNumbers(getRuntime()), principal, params.id, body.reason),
}));
