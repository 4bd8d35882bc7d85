import { seedStaffUsers } from './seed-users';
import { composeStaffUser, copyStaffUser } from './staff-user';
import type { StaffProfile, StaffUser } from './types';

interface StoredStaffUser {
  user: StaffUser;
  /** Like a SQL rowversion: unique across the table and new on every write. It is the ETag. */
  version: number;
}

/** In-memory staff users. Ids are compared case-insensitively, as Guids are; copies are handed out. */
export class StaffUserStore {
  private rows: StoredStaffUser[] = [];
  private lastVersion = 0;

  constructor(private readonly extraUsers: number) {
    this.reset();
  }

  reset(): void {
    this.lastVersion = 0;
    this.rows = seedStaffUsers(this.extraUsers).map((user) => ({ user, version: ++this.lastVersion }));
  }

  all(): StaffUser[] {
    return this.rows.map((row) => copyStaffUser(row.user));
  }

  get(id: string): StaffUser | undefined {
    const row = this.find(id);
    return row && copyStaffUser(row.user);
  }

  /** Quoted, as it goes on the wire. */
  etag(id: string): string | undefined {
    const row = this.find(id);
    return row && `"${row.version}"`;
  }

  sortedByName(search?: string): StaffUser[] {
    const needle = search?.trim().toLowerCase();
    return this.rows
      .map((row) => row.user)
      .filter((user) => !needle || [user.firstName, user.lastName, user.email].some((field) => field.toLowerCase().includes(needle)))
      .sort((a, b) => byName(a).localeCompare(byName(b)) || a.id.localeCompare(b.id))
      .map(copyStaffUser);
  }

  isEmailTakenByAnother(email: string, id: string): boolean {
    return this.rows.some((row) => row.user.email.toLowerCase() === email.toLowerCase() && row.user.id !== id.toLowerCase());
  }

  /**
   * PUT semantics, as the provider documents them ("the PUT replaces the whole profile"): the user
   * becomes the profile sent plus the server's own fields. A field the PUT left out is gone.
   */
  replace(id: string, profile: StaffProfile): StaffUser {
    const row = this.find(id);
    if (!row) throw new Error(`no staff user ${id}`);
    const { lastLoginAt, createdAt } = row.user;
    row.user = composeStaffUser({ id: row.user.id, lastLoginAt, createdAt, updatedAt: new Date().toISOString() }, profile);
    row.version = ++this.lastVersion;
    return copyStaffUser(row.user);
  }

  private find(id: string): StoredStaffUser | undefined {
    return this.rows.find((row) => row.user.id === id.toLowerCase());
  }
}

function byName(user: StaffUser): string {
  return `${user.lastName}\u0000${user.firstName}`.toLowerCase();
}
