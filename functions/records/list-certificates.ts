import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { ListCertificates } from '../../shared/records/routes';
import { recordsDeps } from '../../shared/records/store/records-deps';
import { listCertificates } from '../../shared/records/use-cases/certificates';

export const handler = endpoint(ListCertificates, async ({ query, principal }) => ({
  status: 200,
  body: await listCertificates(recordsDeps(getRuntime()), principal, query),
}));
