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
