import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { GetStarCounts } from '../../shared/reports/routes';
import { reportsDeps } from '../../shared/reports/store/report-store';
import { starCounts } from '../../shared/reports/use-cases/monthly-report';

export const handler = endpoint(GetStarCounts, async () => ({
  status: 200,
  body: await starCounts(reportsDeps(getRuntime())),
}));
