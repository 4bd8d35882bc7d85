import { isRecord } from '@user-admin-pieces/common';
import { PlatformRole, UserStatus } from './enums';

/** A platform user exactly as `POST /v1/users/{id}` and `GET /v1/users` return it. */
export interface PlatformUser {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  status: UserStatus;
  platformRole: PlatformRole;
  externalId: string | null;
  platformId: string | null;
  created: string;
  updated: string;
  lastActiveDate: string | null;
  imageUrl: string | null;
}

/** One page of `GET /v1/users`, newest first. */
export interface UserPage {
  data: PlatformUser[];
  next: string | null;
  previous: string | null;
}

/** The body of `POST /v1/users/{id}`: only the fields that change. The API rejects null. */
export interface UpdateUserBody {
  status?: UserStatus;
  platformRole?: PlatformRole;
  externalId?: string;
}

/** Enough of a user to be taken for one: an object with a string id and email. */
export function isUserLike(value: unknown): value is { id: string; email: string } {
  return isRecord(value) && typeof value['id'] === 'string' && typeof value['email'] === 'string';
}

/** A page of users: `data` a list of users, `next` a cursor or nothing. */
export function isUserPage(body: unknown): body is UserPage {
  if (!isRecord(body) || !Array.isArray(body['data'])) return false;
  const next = body['next'];
  return (next === null || next === undefined || typeof next === 'string') && body['data'].every(isUserLike);
}
