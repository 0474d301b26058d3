import { ExportScorecards } from '../../shared/orders/routes';
import { scorecardCsv, scorecardFileName } from '../../shared/orders/rules/scorecards';
import { ordersDeps } from '../../shared/orders/store/orders-deps';
import { scorecards } from '../../shared/orders/use-cases/scorecards';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(ExportScorecards, async ({ query }) => {
  const { format, ...asked } = query;
  const card = await scorecards(ordersDeps(getRuntime()), asked);
  const attachment = (extension: string) => `attachment; filename="${scorecardFileName(card)}.${extension}"`;
  if (format === 'csv')
    return {
      status: 200,
      text: scorecardCsv(card),
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': attachment('csv') },
    };
  // exceljs is loaded only when a workbook is asked for, so a cold start (and a CSV) does not pay for it.
  const { scorecardWorkbook, XLSX_MEDIA_TYPE } = await import('../../shared/orders/rules/scorecard-workbook');
  return {
    status: 200,
    bytes: await scorecardWorkbook(card),
    headers: { 'content-type': XLSX_MEDIA_TYPE, 'content-disposition': attachment('xlsx') },
  };
});
