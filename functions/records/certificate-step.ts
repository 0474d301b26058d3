import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { CertificateStep } from '../../shared/records/routes';
import { recordsDeps } from '../../shared/records/store/records-deps';
import { actOnCertificate } from '../../shared/records/use-cases/certificates';

export const handler = endpoint(CertificateStep, async ({ params, body, principal, idempotency }) => ({
  status: 200,
  body: await actOnCertificate(recordsDeps(getRuntime()), principal, params.certificateId, body, idempotency),
}));
