import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { AppError, ERROR_TITLE, type ErrorCode } from '../errors';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const problemType = (code: ErrorCode): string =>
  `urn:aixin-points:problem:${code.toLowerCase().replaceAll('_', '-')}`;

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance?: string;
  requestId?: string;
  errors?: { path: string; message: string }[];
  [extension: string]: unknown;
}

export function problemBody(error: AppError, requestId?: string): ProblemBody {
  if (error.replayBody !== undefined) return error.replayBody as ProblemBody;
  // 5xx answers carry the generic title only; the cause stays in the logs.
  const serverSide = error.status >= 500;
  return {
    ...(serverSide ? {} : (error.extra ?? {})),
    type: problemType(error.code),
    title: ERROR_TITLE[error.code],
    status: error.status,
    detail: serverSide ? ERROR_TITLE[error.code] : error.message,
    code: error.code,
    ...(requestId === undefined ? {} : { requestId }),
    ...(error.fields === undefined || serverSide ? {} : { errors: error.fields }),
  };
}

export function problemResponse(error: AppError, requestId?: string): APIGatewayProxyStructuredResultV2 {
  const headers: Record<string, string> = {
    'content-type': PROBLEM_CONTENT_TYPE,
    'cache-control': 'no-store',
  };
  if (error.code === 'THROTTLED' || error.code === 'UNAVAILABLE') headers['retry-after'] = '1';
  for (const [name, value] of Object.entries(error.headers ?? {})) headers[name.toLowerCase()] = value;
  return { statusCode: error.status, headers, body: JSON.stringify(problemBody(error, requestId)) };
}

/** Anything that is not an AppError is our fault: a generic 500. */
export const toAppError = (error: unknown): AppError =>
  error instanceof AppError ? error : new AppError('INTERNAL', undefined, { cause: error });
