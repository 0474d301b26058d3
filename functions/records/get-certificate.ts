import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { GetCertificate } from '../../shared/records/routes';
import { recordsDeps } from '../../shared/records/store/records-deps';
import { getCertificate } from '../../shared/records/use-cases/certificates';

export const handler = endpoint(GetCertificate, async ({ params, principal }) => ({
  status: 200,
  body: await getCertificate(recordsDeps(getRuntime()), principal, params.certificateId),
}));
