import type { FakeServerConfig } from '../fake-server';

export const STAFF_ROLES = ['Owner', 'Admin', 'Staff', 'Viewer'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/**
 * Fields the provider keeps that its documentation (and so the update_user piece) does not show. A
 * PUT that leaves one out erases it. Absent, never null, when the user has none.
 */
export interface StaffExtraFields {
  phone?: string;
  notes?: string;
  permissions?: string[];
}

/** The names as the API spells them, in the order it writes them. */
export const STAFF_EXTRA_FIELDS = ['phone', 'notes', 'permissions'] as const satisfies readonly (keyof StaffExtraFields)[];

/** A staff user exactly as `/api/Users` returns it (camelCase, ids in lower case, ISO timestamps). */
export interface StaffUser extends StaffExtraFields {
  id: string;
  merchantId: string;
  email: string;
  firstName: string;
  lastName: string;
  fullName: string;
  role: StaffRole;
  isActive: boolean;
  lastLoginAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The body of `PUT /api/Users/{id}` after binding: the whole profile, which replaces the stored one. */
export interface StaffProfile extends StaffExtraFields {
  firstName: string;
  lastName: string;
  email: string;
  role: StaffRole;
  isActive: boolean;
}

/** What the server sets itself; a PUT cannot change these. */
export interface StaffServerFields {
  id: string;
  lastLoginAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** `GET /api/Users`: one page of users sorted by last name, first name. `page` starts at 1. */
export interface StaffUserPage {
  items: StaffUser[];
  totalCount: number;
  page: number;
  pageSize: number;
}

export interface MerchantConfig extends FakeServerConfig {
  /** Simulates a deployment without the read endpoints: `GET /api/Users/{id}` answers `missingGetStatus`, `GET /api/Users` 404. */
  withoutGetEndpoints?: boolean;
  /** 405 with `Allow: PUT` (default), or 404 as when the whole controller action is absent. */
  missingGetStatus?: 404 | 405;
  /** Generated Staff users added for pagination tests. Default 0. */
  extraUsers?: number;
}
