import {
  AP_MEMBER_ID,
  AP_OWNER_ID,
  MERCHANT_ADMIN_ID,
  MERCHANT_DOCS_USER_ID,
  type RecordedRequest,
  type Sandbox,
} from '@user-admin-pieces/sandbox';
import type { ActionRun } from './harness';

/** A well-formed id that no seeded user has, so the API answers 404. */
export const AP_UNKNOWN_ID = 'nobodyWithThisId00099';
export const MERCHANT_UNKNOWN_ID = '0badc0de-0000-4000-8000-000000000099';

/** The full profile the merchant scenario writes: with every field set, no read is needed. */
export const FULL_MERCHANT_PROFILE = {
  firstName: 'Grace',
  lastName: 'Brewster',
  email: 'grace.brewster@shop.example',
  role: 'Admin',
  status: 'ACTIVE',
} as const;

/**
 * The update_user runs each piece goes through, in order: the successes the issue names, one input
 * the piece refuses before any request, and one the API refuses. Run against a freshly reset sandbox.
 */
export function updateUserRuns(folder: string, sandbox: Sandbox): ActionRun[] {
  if (folder === 'activepieces-platform') {
    const auth = { baseApiUrl: sandbox.activepieces.baseUrl, apiKey: sandbox.activepieces.apiKey };
    return [
      { action: 'update_user', auth, propsValue: { userId: AP_MEMBER_ID, platformRole: 'OPERATOR', externalId: 'hr-2002' } },
      { action: 'update_user', auth, propsValue: { userId: 'nope', status: 'INACTIVE' } },
      { action: 'update_user', auth, propsValue: { userId: AP_UNKNOWN_ID, status: 'INACTIVE' } },
      // The platform owner cannot be deactivated: a 409 with the API's own message.
      { action: 'update_user', auth, propsValue: { userId: AP_OWNER_ID, status: 'INACTIVE' } },
    ];
  }
  if (folder === 'merchant-staff') {
    const auth = { baseUrl: sandbox.merchant.baseUrl, apiToken: sandbox.merchant.token };
    return [
      { action: 'update_user', auth, propsValue: { userId: MERCHANT_DOCS_USER_ID, ...FULL_MERCHANT_PROFILE } },
      { action: 'update_user', auth, propsValue: { userId: MERCHANT_ADMIN_ID, status: 'INACTIVE' } },
      { action: 'update_user', auth, propsValue: { userId: 'nope', status: 'ACTIVE' } },
      { action: 'update_user', auth, propsValue: { userId: MERCHANT_UNKNOWN_ID, ...FULL_MERCHANT_PROFILE, email: 'nobody@shop.example' } },
    ];
  }
  throw new Error(`no update_user scenario for ${folder}`);
}

/** The fake API a piece talks to: its request log and its users. */
export function apiOf(folder: string, sandbox: Sandbox): { requests: readonly RecordedRequest[]; users: () => unknown[] } {
  return folder === 'activepieces-platform' ? sandbox.activepieces : sandbox.merchant;
}

/** A request as the API saw it, without the clock: what two builds must send identically. */
export function requestLog(folder: string, sandbox: Sandbox): unknown[] {
  return apiOf(folder, sandbox).requests.map(({ method, path, query, headers, body, status }) => ({ method, path, query, headers, body, status }));
}
