import type { Fault } from '../faults';

export const STAFF_ROLES = ['Owner', 'Admin', 'Staff', 'Viewer'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** A staff user exactly as `/api/Users` returns it (camelCase, ids in lower case, ISO timestamps). */
export interface StaffUser {
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

/** The body of `PUT /api/Users/{id}` after binding: the whole editable profile. */
export interface StaffProfile {
  firstName: string;
  lastName: string;
  email: string;
  role: StaffRole;
  isActive: boolean;
}

/** `GET /api/Users`: one page of users sorted by last name, first name. `page` starts at 1. */
export interface StaffUserPage {
  items: StaffUser[];
  totalCount: number;
  page: number;
  pageSize: number;
}

export interface MerchantConfig {
  /** Simulates a deployment without the read endpoints: `GET /api/Users/{id}` answers `missingGetStatus`, `GET /api/Users` 404. */
  withoutGetEndpoints?: boolean;
  /** 405 with `Allow: PUT` (default), or 404 as when the whole controller action is absent. */
  missingGetStatus?: 404 | 405;
  /** Generated Staff users added for pagination tests. Default 0. */
  extraUsers?: number;
  /** Faults queued at start (and again after each reset). */
  faults?: Fault[];
}
