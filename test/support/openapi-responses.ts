import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { buildOpenApiDocument } from '../../shared/platform/contract/openapi';

/**
 * Every answer an HTTP-level test receives is checked against the OpenAPI document the API
 * serves: the status must be one the operation documents (a refusal may not hide in `default`
 * unless it is a 5xx), the content type one it lists, and the body must match that schema. So the
 * document cannot describe less, or other, than what the handlers send.
 */
const DOCUMENT_ID = 'https://aixin-points.local/openapi.json';
const document = buildOpenApiDocument();
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema({ ...document, $id: DOCUMENT_ID });
const validators = new Map<string, ValidateFunction>();

const pointer = (...parts: string[]) =>
  parts.map((part) => part.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

export function checkAgainstOpenApi(
  routeKey: string,
  status: number,
  headers: Record<string, string>,
  text: string,
): void {
  if (routeKey === '$default') return;
  const [method = '', path = ''] = routeKey.split(' ');
  const operation = document.paths[path]?.[method.toLowerCase()];
  if (operation === undefined) throw new Error(`OpenAPI: no operation ${routeKey}`);
  const documented = operation.responses[String(status)] !== undefined;
  if (!documented && status < 500) {
    throw new Error(
      `OpenAPI: ${routeKey} answered ${status}, which its operation does not document: ${text.slice(0, 200)}`,
    );
  }
  const statusKey = documented ? String(status) : 'default';
  const response = operation.responses[statusKey];
  const mediaType = (headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
  if (response?.content === undefined) return;
  if (response.content[mediaType] === undefined) {
    throw new Error(
      `OpenAPI: ${routeKey} ${status} answered ${mediaType}, not one of ${Object.keys(response.content).join(', ')}`,
    );
  }
  if (!mediaType.endsWith('json')) return;
  const ref = `${DOCUMENT_ID}#/${pointer('paths', path, method.toLowerCase(), 'responses', statusKey, 'content', mediaType, 'schema')}`;
  let validate = validators.get(ref);
  if (validate === undefined) {
    validate = ajv.compile({ $ref: ref });
    validators.set(ref, validate);
  }
  const body = text === '' ? undefined : (JSON.parse(text) as unknown);
  if (!validate(body)) {
    const problems = (validate.errors ?? [])
      .slice(0, 5)
      .map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`);
    throw new Error(`OpenAPI: ${routeKey} ${status} body does not match its schema: ${problems.join('; ')}`);
  }
}
