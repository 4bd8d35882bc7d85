import type { IncomingCall } from '../fake-server';
import { sendEmpty, sendJson, tryDecodeURIComponent } from '../http-utils';
import { authenticateStaff, STAFF_MANAGER_ROLES } from './auth';
import { bindPageQuery, bindRouteId, bindStaffProfile } from './binding';
import { sendProblem, sendValidationProblem } from './problem-details';
import type { StaffUserStore } from './store';
import type { StaffUserPage } from './types';

// Order follows the ASP.NET pipeline: routing (404/405, before any auth), authentication,
// authorization, model binding and validation, then the action.

export interface MerchantRouting {
  /** Set when this deployment lacks the read endpoints: the status GET /api/Users/{id} then gets. */
  missingGetStatus?: 404 | 405;
}

// ASP.NET matches routes case-insensitively and ignores one trailing slash.
const USERS_PATH = /^\/api\/users\/?$/i;
const USER_PATH = /^\/api\/users\/([^/]+)\/?$/i;
const NOT_FOUND_DETAIL = 'No user with the given ID exists.';

export function routeMerchant(call: IncomingCall, store: StaffUserStore, routing: MerchantRouting): void {
  const userPath = USER_PATH.exec(call.path);
  const withoutGet = routing.missingGetStatus !== undefined;
  if (userPath) {
    // Kestrel leaves a malformed percent escape as sent; the id then fails Guid binding (400), as on the real server.
    const id = tryDecodeURIComponent(userPath[1]) ?? userPath[1];
    if (call.method === 'PUT') return updateUser(call, store, id);
    if (call.method === 'GET' && !withoutGet) return getUser(call, store, id);
    if (call.method === 'GET' && routing.missingGetStatus === 404) return sendEmpty(call.res, 404);
    return sendEmpty(call.res, 405, { allow: withoutGet ? 'PUT' : 'GET, PUT' });
  }
  if (USERS_PATH.test(call.path) && !withoutGet) {
    if (call.method === 'GET') return listUsers(call, store);
    return sendEmpty(call.res, 405, { allow: 'GET' });
  }
  sendEmpty(call.res, 404);
}

function getUser(call: IncomingCall, store: StaffUserStore, id: string): void {
  if (!authenticateStaff(call.res, call.headers.authorization)) return;
  const idErrors = bindRouteId(id);
  if (Object.keys(idErrors).length) return sendValidationProblem(call.res, call.sequence, idErrors);
  const user = store.get(id);
  if (!user) return sendProblem(call.res, call.sequence, 404, { detail: NOT_FOUND_DETAIL });
  sendJson(call.res, 200, user, { headers: { etag: store.etag(id) ?? '' } });
}

function listUsers(call: IncomingCall, store: StaffUserStore): void {
  if (!authenticateStaff(call.res, call.headers.authorization)) return;
  const { query, errors } = bindPageQuery(call.query);
  if (Object.keys(errors).length) return sendValidationProblem(call.res, call.sequence, errors);
  const page: StaffUserPage = {
    ...store.page(query.search, (query.page - 1) * query.pageSize, query.pageSize),
    page: query.page,
    pageSize: query.pageSize,
  };
  sendJson(call.res, 200, page);
}

function updateUser(call: IncomingCall, store: StaffUserStore, id: string): void {
  const caller = authenticateStaff(call.res, call.headers.authorization);
  if (!caller) return;
  if (!STAFF_MANAGER_ROLES.includes(caller.role)) {
    return sendProblem(call.res, call.sequence, 403, { detail: 'Your role may not manage staff users.' });
  }

  const binding = bindStaffProfile(call);
  if (binding.kind === 'unsupported-media-type') return sendProblem(call.res, call.sequence, 415);
  // [ApiController] reports route and body problems together in one 400.
  const errors = { ...bindRouteId(id), ...(binding.kind === 'invalid' ? binding.errors : {}) };
  if (Object.keys(errors).length || binding.kind === 'invalid') return sendValidationProblem(call.res, call.sequence, errors);
  if (binding.bodyId !== undefined && binding.bodyId.toLowerCase() !== id.toLowerCase()) {
    return sendValidationProblem(call.res, call.sequence, { Id: ['The ID in the body must match the ID in the URL.'] });
  }

  const currentEtag = store.etag(id);
  if (currentEtag === undefined) return sendProblem(call.res, call.sequence, 404, { detail: NOT_FOUND_DETAIL });
  const ifMatch = call.headers['if-match'];
  if (ifMatch !== undefined && !etagMatches(ifMatch, currentEtag)) {
    return sendProblem(call.res, call.sequence, 412, { detail: 'The user was changed since you read it. Read it again and retry.' });
  }
  if (store.isEmailTakenByAnother(binding.profile.email, id)) {
    return sendValidationProblem(call.res, call.sequence, { Email: ['A staff user with this email already exists.'] });
  }
  const updated = store.replace(id, binding.profile);
  sendJson(call.res, 200, updated, { headers: { etag: store.etag(id) ?? '' } });
}

/** If-Match uses strong comparison: `*` or one of the listed tags, never a weak `W/` tag. */
function etagMatches(ifMatch: string, currentEtag: string): boolean {
  return ifMatch.split(',').some((tag) => tag.trim() === '*' || tag.trim() === currentEtag);
}
