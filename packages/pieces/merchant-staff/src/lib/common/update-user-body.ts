import { diffFields, FieldChange, InputError, isBlank, nonBlankText, optionalText, parseEnum } from '@user-admin-pieces/common';
import { isActiveFor, Role, ROLES, USER_STATUSES } from './enums';
import { ProfileChanges, UncheckedStaffUser, UpdateUserBody, UserProfile } from './types';

/** Each profile field with the prop that sets it and the name a flow builder sees. */
export const PROFILE_FIELDS = {
  firstName: { prop: 'firstName', displayName: 'First name' },
  lastName: { prop: 'lastName', displayName: 'Last name' },
  email: { prop: 'email', displayName: 'Email' },
  role: { prop: 'role', displayName: 'Role' },
  isActive: { prop: 'status', displayName: 'Status' },
} as const satisfies Record<keyof UserProfile, { prop: string; displayName: string }>;

type ProfileField = keyof UserProfile;
const FIELD_ORDER = Object.keys(PROFILE_FIELDS) as ProfileField[];

export const NAME_MAX_LENGTH = 100;
export const EMAIL_MAX_LENGTH = 256;

// .NET's Guid parser takes any 8-4-4-4-12 hex string in either case, not only RFC 4122 versions;
// the provider's own example id (2489E9AD-2EE2-8E00-…) is one of those.
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// One @, no spaces, and a dot in the domain: catches the usual slips without second-guessing the API.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

const USER_REQUIRED = 'User is required: pick a staff user, or map a user id or email address from an earlier step.';

/** Whom an action acts on: a user id, or an email to look the user up by. */
export type UserRef = { id: string } | { email: string };

/**
 * A GUID (kept in the caller's case) or an email address, trimmed; anything else is refused before
 * any request, naming `userId`.
 */
export function parseUserRef(raw: unknown): UserRef {
  const value = optionalString(raw, 'userId');
  if (value === undefined) throw new InputError('userId', USER_REQUIRED);
  if (GUID.test(value)) return { id: value };
  if (value.length <= EMAIL_MAX_LENGTH && EMAIL.test(value)) return { email: value };
  throw new InputError(
    'userId',
    `User "${value.slice(0, 60)}" is neither a user id (a GUID: 8-4-4-4-12 hexadecimal digits, e.g. 2489E9AD-2EE2-8E00-8EC9-32D5F69181C0) nor an email address.`,
  );
}

/** The action's props that take text, with the names a flow builder sees. */
const TEXT_PROP_NAMES = {
  userId: 'User',
  firstName: PROFILE_FIELDS.firstName.displayName,
  lastName: PROFILE_FIELDS.lastName.displayName,
  email: PROFILE_FIELDS.email.displayName,
  role: PROFILE_FIELDS.role.displayName,
  status: PROFILE_FIELDS.isActive.displayName,
} as const;

/** A trimmed string, or undefined when left empty; anything but text is refused, naming the prop as the form shows it. */
function optionalString(raw: unknown, prop: keyof typeof TEXT_PROP_NAMES): string | undefined {
  return optionalText(raw, prop, { label: TEXT_PROP_NAMES[prop] });
}

/** What the update action's optional props hold: a prop left empty arrives as undefined, null or ''. */
export interface UpdateUserProps {
  firstName?: unknown;
  lastName?: unknown;
  email?: unknown;
  role?: unknown;
  status?: unknown;
}

/** What the flow asked to change, checked and trimmed; a blank prop is left out, not cleared. */
export function parseChanges(input: UpdateUserProps): ProfileChanges {
  const role = parseEnum(input.role, ROLES, 'role', TEXT_PROP_NAMES.role);
  const status = parseEnum(input.status, USER_STATUSES, 'status', TEXT_PROP_NAMES.status);
  const changes: ProfileChanges = {
    firstName: parseName(input.firstName, 'firstName'),
    lastName: parseName(input.lastName, 'lastName'),
    email: parseEmail(input.email),
    role,
    isActive: status === undefined ? undefined : isActiveFor(status),
  };
  const given = dropUndefined(changes);
  if (Object.keys(given).length === 0) {
    throw new InputError(
      FIELD_ORDER.map((field) => PROFILE_FIELDS[field].prop).join(', '),
      `Nothing to change: fill in at least one of ${listNames(FIELD_ORDER, 'or')}.`,
    );
  }
  return given;
}

function parseName(raw: unknown, field: 'firstName' | 'lastName'): string | undefined {
  const name = optionalString(raw, field);
  if (name !== undefined && name.length > NAME_MAX_LENGTH) {
    throw new InputError(
      field,
      `${PROFILE_FIELDS[field].displayName} is ${name.length} characters long; the API accepts at most ${NAME_MAX_LENGTH}.`,
    );
  }
  return name;
}

/** An email, trimmed, checked as the API would; undefined when left empty. */
export function parseEmail(raw: unknown): string | undefined {
  const email = optionalString(raw, 'email');
  if (email === undefined) return undefined;
  if (email.length > EMAIL_MAX_LENGTH) {
    throw new InputError('email', `Email is ${email.length} characters long; the API accepts at most ${EMAIL_MAX_LENGTH}.`);
  }
  if (!EMAIL.test(email)) {
    throw new InputError('email', `Email "${email.slice(0, 80)}" is not a valid email address.`);
  }
  return email;
}

/** The profile fields the flow left empty, in prop order. */
export function missingFields(changes: ProfileChanges): ProfileField[] {
  return FIELD_ORDER.filter((field) => changes[field] === undefined);
}

function isComplete(changes: ProfileChanges): changes is UserProfile {
  return missingFields(changes).length === 0;
}

/**
 * The full profile to PUT: the flow's changes over the user as the API returned it. The PUT
 * replaces everything, so a field neither side can supply is refused rather than blanked.
 */
export function mergeProfile(current: UncheckedStaffUser, changes: ProfileChanges): UserProfile {
  const kept: ProfileChanges = {
    // A text field that is not a non-blank string counts as not on record.
    firstName: nonBlankText(current.firstName),
    lastName: nonBlankText(current.lastName),
    email: nonBlankText(current.email),
    role: changes.role ?? currentRole(current.role),
    isActive: typeof current.isActive === 'boolean' ? current.isActive : undefined,
  };
  const merged: ProfileChanges = { ...kept, ...dropUndefined(changes) };
  const missing = missingFields(merged);
  if (isComplete(merged)) return merged;
  throw new InputError(
    missing.map((field) => PROFILE_FIELDS[field].prop).join(', '),
    `The user has no ${listNames(missing, 'or')} on record, and the API replaces the whole profile: fill in ${listNames(missing, 'and')}.`,
  );
}

/**
 * The body of the PUT, which replaces the whole record: `id` as requested, then the profile. After
 * a read, `current` is the user as read, and every field of it the profile does not decide is sent
 * back unchanged (see `carriedFields`).
 */
export function buildUpdateUserBody(id: string, profile: UserProfile, current?: UncheckedStaffUser): UpdateUserBody {
  return { id, ...profile, ...(current === undefined ? {} : carriedFields(current)) };
}

/**
 * What the API computes or sets itself (the provider's StaffUser schema): never sent back. `id`
 * is not carried either: the PUT sends the requested id.
 */
export const READ_ONLY_FIELDS: readonly string[] = ['merchantId', 'fullName', 'lastLoginAt', 'createdAt', 'updatedAt'];

/**
 * Every field of the user as read that the PUT must send back unchanged: the PUT replaces the whole
 * record, so a field a deployment adds (phone, notes, permissions, …) and this piece does not know
 * would otherwise be cleared. The profile fields are left out: `mergeProfile` decides those.
 */
export function carriedFields(current: UncheckedStaffUser): Record<string, unknown> {
  const decided = new Set<string>(['id', ...READ_ONLY_FIELDS, ...FIELD_ORDER]);
  return Object.fromEntries(Object.entries(current).filter(([key]) => !decided.has(key)));
}

/**
 * True when the value stored for `field` already is the wanted one. Email and role are compared
 * without regard to case, as the API treats them; names and the active flag exactly.
 */
export function holdsValue(field: string, stored: unknown, wanted: unknown): boolean {
  if (typeof wanted !== 'string' || typeof stored !== 'string') return stored === wanted;
  return field === 'email' || field === 'role' ? stored.toLowerCase() === wanted.toLowerCase() : stored === wanted;
}

/**
 * The changes the user as read does not hold, in prop order. Used after a 412 to tell "already
 * done" (by an earlier attempt of the same write) from "changed by someone else".
 */
export function fieldsNotHeld(current: UncheckedStaffUser, changes: ProfileChanges): ProfileField[] {
  return FIELD_ORDER.filter((field) => changes[field] !== undefined && !holdsValue(field, current[field], changes[field]));
}

/**
 * What the flow asked for and the user as read does not hold: field (as the API names it), from
 * (as read) and to, in prop order. Empty: nothing to change, and nothing is sent.
 */
export function changedFields(current: UncheckedStaffUser, changes: ProfileChanges): FieldChange[] {
  return diffFields(current, changes, holdsValue);
}

/**
 * A role the API returned is only sent back if it is one this piece knows; case is forgiven.
 * A deployment without a string enum converter sends the role as a number, which is not guessed.
 */
function currentRole(raw: unknown): Role | undefined {
  if (isBlank(raw)) return undefined;
  const role = typeof raw === 'string' ? ROLES.find((known) => known.toLowerCase() === raw.toLowerCase()) : undefined;
  if (role === undefined) {
    const shown = typeof raw === 'string' ? `"${raw.slice(0, 40)}"` : JSON.stringify(raw).slice(0, 40);
    throw new InputError('role', `The user's current role ${shown} is not one of ${ROLES.join(', ')}; choose a Role to update this user.`);
  }
  return role;
}

/** "First name, Email and Status", from field keys. */
export function listNames(fields: readonly ProfileField[], conjunction: 'and' | 'or'): string {
  const names = fields.map((field) => PROFILE_FIELDS[field].displayName);
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} ${conjunction} ${names[names.length - 1]}`;
}

function dropUndefined<T extends object>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Partial<T>;
}
