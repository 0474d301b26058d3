import { endpoint } from '../../shared/platform/http/endpoint';
import { exportReply } from '../../shared/platform/http/export-reply';
import { getRuntime } from '../../shared/platform/runtime';
import { ExportVolunteers } from '../../shared/records/routes';
import { exportDeps } from '../../shared/records/store/export-sources';
import { exportVolunteers } from '../../shared/records/use-cases/export';

export const handler = endpoint(ExportVolunteers, async ({ query, principal }) =>
  exportReply(await exportVolunteers(exportDeps(getRuntime()), principal, query)),
);
