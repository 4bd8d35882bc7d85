import type { IncomingCall } from '../fake-server';
import { sendJson, tryDecodeURIComponent } from '../http-utils';
import { routeAccess, type AccessContext } from './access-routes';
import { authenticate, type ApEdition } from './auth';
import { routeNotFound, sendApError, sendBadUrl, sendFastifyError } from './fastify-errors';
import { seekPage } from './pagination';
import { getPlatform, PLATFORM_PATH } from './platforms';
import type { ApUserStore } from './store';
import { checkListQuery, checkUserIdParam, checkUserUpdateBody, parseFastifyBody } from './validation';

// Order inside each route follows Fastify's lifecycle on the real server:
// body parsing, then schema validation (params, body, querystring), then authentication, then the handler.

const USER_PATH = /^\/api\/v1\/users\/([^/]+)$/;
const USERS_PATH = '/api/v1/users';

export function routeActivepieces(call: IncomingCall, ctx: AccessContext): void {
  const { users: store, edition } = ctx;
  if (tryDecodeURIComponent(call.path) === undefined) return sendBadUrl(call.res, call.rawUrl);
  if (routeAccess(call, ctx)) return;
  const userPath = USER_PATH.exec(call.path);
  // The whole path decodes (checked above), so each segment does.
  const id = userPath ? (tryDecodeURIComponent(userPath[1]) ?? userPath[1]) : '';
  if (call.method === 'POST' && userPath) return updateUser(call, store, edition, id);
  if (call.method === 'GET' && userPath) return getUser(call, edition, id);
  if (call.method === 'GET' && call.path === USERS_PATH) return listUsers(call, store, edition);
  const platformPath = PLATFORM_PATH.exec(call.path);
  if (call.method === 'GET' && platformPath) return getPlatform(call, store, edition, tryDecodeURIComponent(platformPath[1]) ?? platformPath[1]);
  sendFastifyError(call.res, routeNotFound(call.method, call.rawUrl));
}

function updateUser(call: IncomingCall, store: ApUserStore, edition: ApEdition, id: string): void {
  const body = parseFastifyBody(call);
  if (!body.ok) return sendFastifyError(call.res, body.error);
  const idError = checkUserIdParam(id);
  if (idError) return sendFastifyError(call.res, idError);
  const update = checkUserUpdateBody(body.value);
  if (!update.ok) return sendFastifyError(call.res, update.error);

  const caller = authenticate(call.res, call.headers.authorization, edition);
  if (!caller) return;

  const user = store.getOnPlatform(id, caller.platformId);
  if (!user) return sendApError(call.res, 404, 'ENTITY_NOT_FOUND', { entityType: 'user', entityId: id, message: 'user not found' });
  if (update.value.status === 'INACTIVE' && store.isPlatformOwner(user)) {
    return sendApError(call.res, 409, 'VALIDATION', { message: 'Admin cannot be deactivated' });
  }
  sendJson(call.res, 200, store.update(id, update.value));
}

/** The route exists, but only for a signed-in user: the real server refuses API keys here. */
function getUser(call: IncomingCall, edition: ApEdition, id: string): void {
  const idError = checkUserIdParam(id);
  if (idError) return sendFastifyError(call.res, idError);
  if (!authenticate(call.res, call.headers.authorization, edition)) return;
  sendApError(call.res, 403, 'AUTHORIZATION');
}

function listUsers(call: IncomingCall, store: ApUserStore, edition: ApEdition): void {
  const query = checkListQuery(call.query);
  if (!query.ok) return sendFastifyError(call.res, query.error);
  const caller = authenticate(call.res, call.headers.authorization, edition);
  if (!caller) return;
  const users = store.listOnPlatform(caller.platformId, { externalId: query.value.externalId });
  sendJson(call.res, 200, seekPage(users, query.value.limit, query.value.cursor));
}
