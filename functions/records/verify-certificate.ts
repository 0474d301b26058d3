import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { VerifyCertificate } from '../../shared/records/routes';
import { recordsDeps } from '../../shared/records/store/records-deps';
import { verifyCertificate } from '../../shared/records/use-cases/certificates';

export const handler = endpoint(VerifyCertificate, async ({ params, query }) => ({
  status: 200,
  body: await verifyCertificate(recordsDeps(getRuntime()), params.certificateId, query.code),
}));
