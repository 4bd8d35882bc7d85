import { Role } from './enums';

/** The five fields a PUT replaces, all required by the API. */
export interface UserProfile {
  firstName: string;
  lastName: string;
  email: string;
  role: Role;
  isActive: boolean;
}

/** Body of `PUT /api/Users/{id}`; `id` repeats the path, as in the provider's example. */
export interface UpdateUserRequest extends UserProfile {
  id: string;
}

/** What a flow asked to change: a field that is absent is kept as the user has it. */
export type ProfileChanges = Partial<UserProfile>;

/**
 * A staff user as the API returns it. It comes off the network, so every field may be missing
 * and `role` is kept as a plain string until it is checked.
 */
export interface StaffUser {
  id?: string;
  merchantId?: string;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  fullName?: string | null;
  role?: string | null;
  isActive?: boolean;
  lastLoginAt?: string | null;
  createdAt?: string;
  updatedAt?: string;
}
