import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { GetTrend } from '../../shared/reports/routes';
import { reportsDeps } from '../../shared/reports/store/report-store';
import { trend } from '../../shared/reports/use-cases/monthly-report';

export const handler = endpoint(GetTrend, async ({ query }) => ({
  status: 200,
  body: await trend(reportsDeps(getRuntime()), query),
}));
