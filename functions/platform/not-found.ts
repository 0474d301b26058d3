import { AppError } from '../../shared/platform/errors';
import { type HttpEvent, withProblems } from '../../shared/platform/http/endpoint';
import { allowedMethods } from '../../shared/platform/http/route-match';
import { NotFound } from '../../shared/platform/routes';
import { ROUTE_DEFINITIONS } from '../../shared/routes';

/**
 * API Gateway's `$default` route: anything no other route matches. A path the route table serves
 * with other methods is a wrong method (405 with `Allow`); anything else is a problem+json 404.
 * Nothing of the body or query is parsed first.
 */
const notFound = withProblems(async (event: HttpEvent) => {
  const allow = allowedMethods(ROUTE_DEFINITIONS, event.rawPath ?? '');
  if (allow.length > 0) {
    throw new AppError('METHOD_NOT_ALLOWED', `This path answers ${allow.join(', ')} only`, {
      headers: { allow: allow.join(', ') },
    });
  }
  throw new AppError('NOT_FOUND', 'No such route');
});

export const handler = Object.assign(notFound, { route: NotFound.id });
