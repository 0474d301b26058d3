import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { RequestCertificate } from '../../shared/records/routes';
import { recordsDeps } from '../../shared/records/store/records-deps';
import { requestCertificate } from '../../shared/records/use-cases/certificates';

export const handler = endpoint(RequestCertificate, async ({ body, principal, idempotency }) => ({
  status: 201,
  body: await requestCertificate(recordsDeps(getRuntime()), principal, body, idempotency),
}));
