import { ExportRoster } from '../../shared/activities/routes';
import { rosterCsv, rosterFileName } from '../../shared/activities/rules/roster';
import { activitiesDeps } from '../../shared/activities/store/activities-deps';
import { rosterForExport } from '../../shared/activities/use-cases/after';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(ExportRoster, async ({ params, query, principal }) => {
  const deps = activitiesDeps(getRuntime());
  const answer = await rosterForExport(deps, principal, params.activityId);
  const attachment = (extension: string) => `attachment; filename="${rosterFileName(answer)}.${extension}"`;
  if (query.format === 'csv')
    return {
      status: 200,
      text: rosterCsv(answer),
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': attachment('csv') },
    };
  // exceljs is loaded only when a workbook is asked for, so a cold start (and a CSV) does not pay for it.
  const { rosterWorkbook, XLSX_MEDIA_TYPE } = await import('../../shared/activities/rules/roster-workbook');
  return {
    status: 200,
    bytes: await rosterWorkbook(answer, deps.now().toISOString()),
    headers: { 'content-type': XLSX_MEDIA_TYPE, 'content-disposition': attachment('xlsx') },
  };
});
