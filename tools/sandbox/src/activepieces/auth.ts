import type { ServerResponse } from 'node:http';
import { bearerToken } from '../http-utils';
import { AP_API_KEY, AP_PLATFORM_ID } from '../seed';
import { sendApError } from './fastify-errors';

export type ApEdition = 'ee' | 'community';

/**
 * Resolves the caller's platform from `Authorization`, or answers the error the real server gives.
 * Anything that does not look like an API key is taken for a user session token (a JWT).
 */
export function authenticate(res: ServerResponse, authorization: string | undefined, edition: ApEdition): { platformId: string } | undefined {
  const token = bearerToken(authorization);
  if (token === undefined) {
    sendApError(res, 403, 'AUTHORIZATION');
    return undefined;
  }
  if (!token.startsWith('sk-')) {
    sendApError(res, 401, 'INVALID_BEARER_TOKEN', { message: 'invalid bearer token' });
    return undefined;
  }
  if (edition === 'community') {
    sendApError(res, 402, 'FEATURE_DISABLED', { message: 'API keys are not available in this edition' });
    return undefined;
  }
  if (token !== AP_API_KEY) {
    sendApError(res, 401, 'AUTHENTICATION', { message: 'invalid api key' });
    return undefined;
  }
  return { platformId: AP_PLATFORM_ID };
}
