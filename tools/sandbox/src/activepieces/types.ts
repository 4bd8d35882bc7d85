import type { FakeServerConfig } from '../fake-server';

export const AP_USER_STATUSES = ['ACTIVE', 'INACTIVE'] as const;
export type ApUserStatus = (typeof AP_USER_STATUSES)[number];

export const AP_PLATFORM_ROLES = ['ADMIN', 'MEMBER', 'OPERATOR'] as const;
export type ApPlatformRole = (typeof AP_PLATFORM_ROLES)[number];

/** A user exactly as `/v1/users` returns it. Timestamps are ISO strings. */
export interface ApUser {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  status: ApUserStatus;
  platformRole: ApPlatformRole;
  externalId: string | null;
  platformId: string | null;
  created: string;
  updated: string;
  lastActiveDate: string | null;
  imageUrl: string | null;
}

/** The fields `POST /v1/users/:id` may change; absent means leave as is. */
export interface ApUserUpdate {
  status?: ApUserStatus;
  platformRole?: ApPlatformRole;
  externalId?: string;
}

export interface ActivepiecesConfig extends FakeServerConfig {
  /** Community edition has no API keys: every API-key call answers 402. Default `ee`. */
  edition?: 'ee' | 'community';
  /** Generated members added to the API key's platform, for pagination tests. Default 0. */
  extraUsers?: number;
}

export interface ApListPage {
  data: ApUser[];
  next: string | null;
  previous: string | null;
}
