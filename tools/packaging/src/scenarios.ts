import {
  AP_MEMBER_ID,
  AP_OWNER_ID,
  MERCHANT_ADMIN_ID,
  MERCHANT_DOCS_USER_ID,
  type PieceEntry,
  type PieceName,
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
 * Each piece's update_user inputs, in order: the successes the issue names, one input the piece refuses
 * before any request, and one the API refuses.
 */
const UPDATE_USER_INPUTS: Record<PieceName, Record<string, unknown>[]> = {
  'activepieces-platform': [
    { userId: AP_MEMBER_ID, platformRole: 'OPERATOR', externalId: 'hr-2002' },
    { userId: 'nope', status: 'INACTIVE' },
    { userId: AP_UNKNOWN_ID, status: 'INACTIVE' },
    // The platform owner cannot be deactivated: a 409 with the API's own message.
    { userId: AP_OWNER_ID, status: 'INACTIVE' },
  ],
  'merchant-staff': [
    { userId: MERCHANT_DOCS_USER_ID, ...FULL_MERCHANT_PROFILE },
    { userId: MERCHANT_ADMIN_ID, status: 'INACTIVE' },
    { userId: 'nope', status: 'ACTIVE' },
    { userId: MERCHANT_UNKNOWN_ID, ...FULL_MERCHANT_PROFILE, email: 'nobody@shop.example' },
  ],
};

/** The update_user runs a piece goes through, with its sandbox connection. Run against a freshly reset sandbox. */
export function updateUserRuns(piece: PieceEntry, sandbox: Sandbox): ActionRun[] {
  const auth = piece.sandboxConnection(sandbox);
  return UPDATE_USER_INPUTS[piece.name as PieceName].map((propsValue) => ({ action: 'update_user', auth, propsValue }));
}

/** A request as the piece's API saw it, without the clock: what two builds must send identically. */
export function requestLog(piece: PieceEntry, sandbox: Sandbox): unknown[] {
  return piece.sandboxApi(sandbox).requests.map(({ method, path, query, headers, body, status }) => ({ method, path, query, headers, body, status }));
}
