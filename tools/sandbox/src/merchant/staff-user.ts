import { MERCHANT_ID } from '../seed';
import type { StaffProfile, StaffServerFields, StaffUser } from './types';

/**
 * A stored user is the profile a PUT sent plus what the server owns: nothing else survives a PUT.
 * Keys come in the order the API writes them, so raw answers read the same as the docs.
 */
export function composeStaffUser(server: StaffServerFields, profile: StaffProfile): StaffUser {
  return {
    id: server.id,
    merchantId: MERCHANT_ID,
    email: profile.email,
    firstName: profile.firstName,
    lastName: profile.lastName,
    fullName: `${profile.firstName} ${profile.lastName}`,
    role: profile.role,
    isActive: profile.isActive,
    ...(profile.phone !== undefined ? { phone: profile.phone } : {}),
    ...(profile.notes !== undefined ? { notes: profile.notes } : {}),
    ...(profile.permissions !== undefined ? { permissions: [...profile.permissions] } : {}),
    lastLoginAt: server.lastLoginAt,
    createdAt: server.createdAt,
    updatedAt: server.updatedAt,
  };
}

/** A copy a caller may change without changing the store (the permissions array included). */
export function copyStaffUser(user: StaffUser): StaffUser {
  return user.permissions ? { ...user, permissions: [...user.permissions] } : { ...user };
}
