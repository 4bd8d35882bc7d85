import type { IncomingCall } from '../fake-server';
import { sendJson } from '../http-utils';
import { authenticate, type ApEdition } from './auth';
import { sendApError } from './fastify-errors';
import type { ApUserStore } from './store';

export const PLATFORM_PATH = /^\/api\/v1\/platforms\/([^/]+)$/;

/**
 * `GET /v1/platforms/{id}`: API keys may read their own platform (upstream `platform.controller.ts`,
 * `publicPlatform([USER, SERVICE])`); another platform's id is refused with 403. The real answer has
 * dozens of fields (plan, branding, auth settings); the sandbox sends the ones a piece reads.
 */
export function getPlatform(call: IncomingCall, store: ApUserStore, edition: ApEdition, id: string): void {
  const caller = authenticate(call.res, call.headers.authorization, edition);
  if (!caller) return;
  const ownerId = store.ownerOf(id);
  if (id !== caller.platformId || ownerId === undefined) {
    return sendApError(call.res, 403, 'AUTHORIZATION', { message: 'You are not authorized to access this platform' });
  }
  sendJson(call.res, 200, { id, ownerId, name: 'Sandbox platform' });
}
