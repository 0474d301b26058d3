import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { ExportVolunteers } from '../../shared/records/routes';
import { exportDeps } from '../../shared/records/store/export-sources';
import { exportVolunteers } from '../../shared/records/use-cases/export';

export const handler = endpoint(ExportVolunteers, async ({ query, principal }) => {
  const file = await exportVolunteers(exportDeps(getRuntime()), principal, query);
  return {
    status: 200,
    ...file.body,
    headers: {
      'content-type': file.mediaType,
      'content-disposition': `attachment; filename="${file.fileName}"`,
      'x-export-rows': String(file.rows.length),
      // Where the next part begins (ask again with after=…); absent on the last part.
      ...(file.next === undefined ? {} : { 'x-export-next': file.next }),
    },
  };
});
