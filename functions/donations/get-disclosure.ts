import { GetDisclosure } from '../../shared/donations/routes';
import { disclosureCsv } from '../../shared/donations/rules/disclosure-csv';
import { disclosureDeps } from '../../shared/donations/store/disclosure-deps';
import { disclosure, disclosureCacheControl } from '../../shared/donations/use-cases/disclosure';
import { endpoint, type Reply } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(GetDisclosure, async ({ query }): Promise<Reply> => {
  const runtime = getRuntime();
  const notice = await disclosure(disclosureDeps(runtime), query.month);
  const cacheControl = disclosureCacheControl(notice.month, runtime.now());
  if (query.format === 'csv') {
    return {
      status: 200,
      text: disclosureCsv(notice),
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="aixin-disclosure-${notice.month}.csv"`,
        'cache-control': cacheControl,
      },
    };
  }
  return { status: 200, body: notice, headers: { 'cache-control': cacheControl } };
});
