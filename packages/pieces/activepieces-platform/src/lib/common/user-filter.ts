import { InputError, isBlank, optionalText, parseEnum } from '@user-admin-pieces/common';
import { PLATFORM_ROLES, PlatformRole, USER_STATUSES, UserStatus } from './enums';
import { PlatformUser } from './types';

/**
 * List Users' filters. The API filters only by external id, so every one of these is applied in
 * the piece, to each page as it arrives.
 */
export interface UserFilter {
  status?: UserStatus;
  platformRole?: PlatformRole;
  /** Lower case, without the @. */
  emailDomain?: string;
  inactiveForDays?: number;
}

export interface UserFilterProps {
  status?: unknown;
  platformRole?: unknown;
  emailDomain?: unknown;
  inactiveForDays?: unknown;
}

/** The longest inactivity a filter may ask for: 100 years, far beyond any account. */
const MAX_INACTIVE_DAYS = 36_500;
const DAY_MS = 86_400_000;

/** Every filter checked before the first request; a blank prop means "any". */
export function parseUserFilter(props: UserFilterProps): UserFilter {
  const status = parseEnum(props.status, USER_STATUSES, 'status');
  const platformRole = parseEnum(props.platformRole, PLATFORM_ROLES, 'platformRole');
  const emailDomain = parseEmailDomain(props.emailDomain);
  const inactiveForDays = parseWholeNumber(props.inactiveForDays, 'inactiveForDays', 1, MAX_INACTIVE_DAYS);
  return {
    ...(status && { status }),
    ...(platformRole && { platformRole }),
    ...(emailDomain !== undefined && { emailDomain }),
    ...(inactiveForDays !== undefined && { inactiveForDays }),
  };
}

/** "example.com", "@Example.com" and " example.com " all mean the same domain. */
function parseEmailDomain(raw: unknown): string | undefined {
  const text = optionalText(raw, 'emailDomain');
  if (text === undefined) return undefined;
  const domain = text.replace(/^@/, '').toLowerCase();
  if (domain === '' || /[\s@/]/.test(domain)) {
    throw new InputError('emailDomain', `emailDomain must be a domain such as example.com, without a name before it (got "${text.slice(0, 60)}").`);
  }
  return domain;
}

/**
 * A whole number within [min, max], or undefined when blank. The engine hands a Number prop over
 * as a number; a value mapped as text ("90") is taken too, anything else is refused.
 */
export function parseWholeNumber(raw: unknown, field: string, min: number, max: number): number | undefined {
  if (isBlank(raw)) return undefined;
  const value = typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const got = typeof raw === 'number' || typeof raw === 'string' ? `"${String(raw).slice(0, 40)}"` : `a ${Array.isArray(raw) ? 'list' : typeof raw}`;
    throw new InputError(field, `${field} must be a whole number from ${min} to ${max} (got ${got}).`);
  }
  return value;
}

/**
 * Whether a user passes every filter. "Not active for N days" reads `lastActiveDate`; a user who
 * was never active (null) counts from when their account was created, so an account invited
 * yesterday is not reported as long inactive, and one never used for a year is.
 */
export function matchesFilter(user: PlatformUser, filter: UserFilter, now: number): boolean {
  if (filter.status !== undefined && user.status !== filter.status) return false;
  if (filter.platformRole !== undefined && user.platformRole !== filter.platformRole) return false;
  if (filter.emailDomain !== undefined && !user.email.toLowerCase().endsWith(`@${filter.emailDomain}`)) return false;
  if (filter.inactiveForDays !== undefined) {
    // An unreadable date is not taken for old: the user is left out rather than reported inactive.
    const since = Date.parse(user.lastActiveDate ?? user.created);
    if (!(since <= now - filter.inactiveForDays * DAY_MS)) return false;
  }
  return true;
}

/** One user as List Users returns them: what a person or a later step needs, nothing more. */
export interface UserRow {
  id: string;
  email: string;
  name: string;
  status: UserStatus;
  platformRole: PlatformRole;
  externalId: string | null;
  /** Null: never active. */
  lastActiveDate: string | null;
  created: string;
}

export function userRow(user: PlatformUser): UserRow {
  const name = [user.firstName, user.lastName].filter((part) => typeof part === 'string' && part.trim() !== '').join(' ').trim();
  return {
    id: user.id,
    email: user.email,
    name,
    status: user.status,
    platformRole: user.platformRole,
    externalId: user.externalId ?? null,
    lastActiveDate: user.lastActiveDate ?? null,
    created: user.created,
  };
}
