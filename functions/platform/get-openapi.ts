import { buildOpenApiDocument } from '../../shared/platform/contract/openapi';
import { endpoint } from '../../shared/platform/http/endpoint';
import { GetOpenApi } from '../../shared/platform/routes';

let document: ReturnType<typeof buildOpenApiDocument> | undefined;

export const handler = endpoint(GetOpenApi, async () => {
  document ??= buildOpenApiDocument();
  return { status: 200, body: document, headers: { 'cache-control': 'public, max-age=300' } };
});
