import type { ServerResponse } from 'node:http';
import { bearerToken, sendEmpty } from '../http-utils';
import { MERCHANT_OWNER_ID, MERCHANT_TOKEN, MERCHANT_VIEWER_ID, MERCHANT_VIEWER_TOKEN } from '../seed';
import type { StaffRole } from './types';

export interface StaffCaller {
  userId: string;
  role: StaffRole;
}

const CALLERS: Record<string, StaffCaller> = {
  [MERCHANT_TOKEN]: { userId: MERCHANT_OWNER_ID.toLowerCase(), role: 'Owner' },
  [MERCHANT_VIEWER_TOKEN]: { userId: MERCHANT_VIEWER_ID.toLowerCase(), role: 'Viewer' },
};

/** Roles allowed to change staff users; everyone signed in may read them. */
export const STAFF_MANAGER_ROLES: readonly StaffRole[] = ['Owner', 'Admin'];

/**
 * The JwtBearer handler answers 401 with an empty body. It adds `error="invalid_token"` when a token
 * was sent but refused, and only the scheme when none was sent.
 */
export function authenticateStaff(res: ServerResponse, authorization: string | undefined): StaffCaller | undefined {
  const token = bearerToken(authorization);
  const caller = token === undefined ? undefined : CALLERS[token];
  if (caller) return caller;
  sendEmpty(res, 401, { 'www-authenticate': token === undefined ? 'Bearer' : 'Bearer error="invalid_token"' });
  return undefined;
}
