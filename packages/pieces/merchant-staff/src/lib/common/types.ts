import { Role } from './enums';

/** The five fields a PUT replaces, all required by the API. */
export interface UserProfile {
  firstName: string;
  lastName: string;
  email: string;
  role: Role;
  isActive: boolean;
}

/**
 * Body of `PUT /api/Users/{id}`; `id` repeats the path, as in the provider's example. After a read,
 * it also carries every other field the user had (see `carriedFields`), since the PUT replaces the
 * whole record.
 */
export interface UpdateUserBody extends UserProfile {
  id: string;
  [carried: string]: unknown;
}

/** What a flow asked to change: a field that is absent is kept as the user has it. */
export type ProfileChanges = Partial<UserProfile>;

/**
 * A staff user's fields as the API names them (camelCase, System.Text.Json's web default). A key
 * that is one of these in another case (`Id`, `FirstName`) means a serializer this piece does not
 * know; ASP.NET binds a PUT body case-insensitively, so sending `FirstName` back next to our
 * `firstName` would let the server pick either.
 */
export const STAFF_USER_FIELDS = [
  'id',
  'merchantId',
  'email',
  'firstName',
  'lastName',
  'fullName',
  'role',
  'isActive',
  'lastLoginAt',
  'createdAt',
  'updatedAt',
] as const;

/**
 * A staff user as the API returns it (the STAFF_USER_FIELDS, and whatever else a deployment adds).
 * It comes off the network, so no field is trusted: each is checked where it is read (an ASP.NET
 * enum, for one, may arrive as a number).
 */
export interface UncheckedStaffUser {
  id?: unknown;
  email?: unknown;
  firstName?: unknown;
  lastName?: unknown;
  fullName?: unknown;
  role?: unknown;
  isActive?: unknown;
  [field: string]: unknown;
}
