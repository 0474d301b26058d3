import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { GetMonthlyReport } from '../../shared/reports/routes';
import { monthlyReportCsv } from '../../shared/reports/rules/monthly-report';
import { reportsDeps } from '../../shared/reports/store/report-store';
import { monthlyReport } from '../../shared/reports/use-cases/monthly-report';

export const handler = endpoint(GetMonthlyReport, async ({ query }) => {
  const report = await monthlyReport(reportsDeps(getRuntime()), query.month);
  if (query.format === 'csv') {
    return {
      status: 200,
      text: monthlyReportCsv(report),
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="aixin-report-${report.month}.csv"`,
      },
    };
  }
  return { status: 200, body: report };
});
