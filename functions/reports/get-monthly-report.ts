import { getRuntime } from '../../shared/adapters/runtime';
import { MonthlyReportQuery } from '../../shared/contract/reports';
import { monthlyReportCsv } from '../../shared/domain/monthly-report';
import { endpoint } from '../../shared/http/endpoint';
import { monthlyReport } from '../../shared/use-cases/monthly-report';

export const handler = endpoint(
  { route: 'GetMonthlyReport', query: MonthlyReportQuery },
  async ({ query }) => {
    const report = await monthlyReport(getRuntime(), query.month);
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
  },
);
