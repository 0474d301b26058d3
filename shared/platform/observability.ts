import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The one logger. It never receives request bodies, names or phone numbers: handlers log the
 * route, the outcome and the error code only.
 */
export const logger = new Logger({ serviceName: 'aixin-points' });
