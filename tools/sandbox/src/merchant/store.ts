import { seedStaffUsers } from './seed-users';
import { composeStaffUser, copyStaffUser } from './staff-user';
import type { StaffProfile, StaffUser } from './types';

interface StoredStaffUser {
  user: StaffUser;
  /** Like a SQL rowversion: unique across the table and new on every write. It is the ETag. */
  version: number;
}

/**
 * In-memory staff users. Ids are compared case-insensitively, as Guids are; copies are handed out.
 * Indexed by id and email, and the name order is kept between writes, so that with tens of thousands of
 * users a request costs about its page, not the table: a benchmark pages through all of them.
 */
export class StaffUserStore {
  private rows = new Map<string, StoredStaffUser>();
  /** Lower-cased email -> lower-cased id. */
  private idByEmail = new Map<string, string>();
  /** In list order; dropped by a write that may change it. */
  private sorted: StoredStaffUser[] | undefined;
  private lastVersion = 0;

  constructor(private readonly extraUsers: number) {
    this.reset();
  }

  reset(): void {
    this.lastVersion = 0;
    this.rows = new Map(seedStaffUsers(this.extraUsers).map((user) => [user.id, { user, version: ++this.lastVersion }]));
    this.idByEmail = new Map([...this.rows.values()].map((row) => [row.user.email.toLowerCase(), row.user.id]));
    this.sorted = undefined;
  }

  all(): StaffUser[] {
    return [...this.rows.values()].map((row) => copyStaffUser(row.user));
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

  /** One page of the users matching `search`, sorted by last name, first name; `start` counts from 0. */
  page(search: string | undefined, start: number, size: number): { items: StaffUser[]; totalCount: number } {
    const needle = search?.trim().toLowerCase();
    const matching = needle
      ? this.inNameOrder().filter(({ user }) => [user.firstName, user.lastName, user.email].some((field) => field.toLowerCase().includes(needle)))
      : this.inNameOrder();
    return { items: matching.slice(start, start + size).map((row) => copyStaffUser(row.user)), totalCount: matching.length };
  }

  isEmailTakenByAnother(email: string, id: string): boolean {
    const owner = this.idByEmail.get(email.toLowerCase());
    return owner !== undefined && owner !== id.toLowerCase();
  }

  /**
   * PUT semantics, as the provider documents them ("the PUT replaces the whole profile"): the user
   * becomes the profile sent plus the server's own fields. A field the PUT left out is gone.
   */
  replace(id: string, profile: StaffProfile): StaffUser {
    const row = this.find(id);
    if (!row) throw new Error(`no staff user ${id}`);
    const { lastLoginAt, createdAt, email: oldEmail } = row.user;
    const oldName = byName(row.user);
    row.user = composeStaffUser({ id: row.user.id, lastLoginAt, createdAt, updatedAt: new Date().toISOString() }, profile);
    row.version = ++this.lastVersion;
    this.idByEmail.delete(oldEmail.toLowerCase());
    this.idByEmail.set(row.user.email.toLowerCase(), row.user.id);
    if (byName(row.user) !== oldName) this.sorted = undefined;
    return copyStaffUser(row.user);
  }

  private inNameOrder(): StoredStaffUser[] {
    // Sort keys computed once per user, not once per comparison: localeCompare dominates the sort.
    this.sorted ??= [...this.rows.values()]
      .map((row) => ({ row, key: byName(row.user) }))
      .sort((a, b) => a.key.localeCompare(b.key) || a.row.user.id.localeCompare(b.row.user.id))
      .map(({ row }) => row);
    return this.sorted;
  }

  private find(id: string): StoredStaffUser | undefined {
    return this.rows.get(id.toLowerCase());
  }
}

function byName(user: StaffUser): string {
  return `${user.lastName}\u0000${user.firstName}`.toLowerCase();
}
