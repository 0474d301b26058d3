import { AppError } from '../../shared/errors';
import { withProblems } from '../../shared/http/endpoint';

/**
 * API Gateway's `$default` route: anything no other route matches gets a problem+json 404,
 * whatever its body or query, so nothing is parsed first.
 */
export const handler = withProblems(async () => {
  throw new AppError('NOT_FOUND', 'No such route');
});
