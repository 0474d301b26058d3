import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { GetVolunteerCertificates } from '../../shared/records/routes';
import { recordsDeps } from '../../shared/records/store/records-deps';
import { volunteerCertificates } from '../../shared/records/use-cases/certificates';

export const handler = endpoint(GetVolunteerCertificates, async ({ params, principal }) => ({
  status: 200,
  body: await volunteerCertificates(recordsDeps(getRuntime()), principal, params.id),
}));
