import { endpoint } from '../../shared/platform/http/endpoint';
import { exportReply } from '../../shared/platform/http/export-reply';
import { getRuntime } from '../../shared/platform/runtime';
import { ExportServiceRecords } from '../../shared/records/routes';
import { exportDeps } from '../../shared/records/store/export-sources';
import { exportServiceRecords } from '../../shared/records/use-cases/export';

export const handler = endpoint(ExportServiceRecords, async ({ query, principal }) =>
  exportReply(await exportServiceRecords(exportDeps(getRuntime()), principal, query)),
);
