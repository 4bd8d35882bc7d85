import { AP_OTHER_PLATFORM_ID, AP_OTHER_PLATFORM_USER_ID, AP_OWNER_ID, AP_PLATFORM_ID } from '../seed';
import { compareNewestFirst } from './pagination';
import { seedActivepiecesUsers } from './seed-users';
import type { ApUser, ApUserUpdate } from './types';

const PLATFORM_OWNERS: Record<string, string> = {
  [AP_PLATFORM_ID]: AP_OWNER_ID,
  [AP_OTHER_PLATFORM_ID]: AP_OTHER_PLATFORM_USER_ID,
};

/** In-memory users. Everything handed out is a copy, so callers cannot change state behind the API's back. */
export class ApUserStore {
  private users: ApUser[] = [];

  constructor(private readonly extraUsers: number) {
    this.reset();
  }

  reset(): void {
    this.users = seedActivepiecesUsers(this.extraUsers);
  }

  all(): ApUser[] {
    return this.users.map((user) => ({ ...user }));
  }

  get(id: string): ApUser | undefined {
    const user = this.users.find((candidate) => candidate.id === id);
    return user && { ...user };
  }

  /** Undefined for unknown ids and for users of another platform: both are "not found" to the caller. */
  getOnPlatform(id: string, platformId: string): ApUser | undefined {
    const user = this.get(id);
    return user?.platformId === platformId ? user : undefined;
  }

  /** The platform's `ownerId`, as `GET /v1/platforms/{id}` returns it. */
  ownerOf(platformId: string): string | undefined {
    return PLATFORM_OWNERS[platformId];
  }

  isPlatformOwner(user: ApUser): boolean {
    return user.platformId !== null && PLATFORM_OWNERS[user.platformId] === user.id;
  }

  listOnPlatform(platformId: string, filter: { externalId?: string }): ApUser[] {
    return this.users
      .filter((user) => user.platformId === platformId)
      .filter((user) => filter.externalId === undefined || user.externalId === filter.externalId)
      .sort(compareNewestFirst)
      .map((user) => ({ ...user }));
  }

  /** Any user with this email on any platform: what upstream calls the user's identity (one per email). */
  identityByEmail(email: string): ApUser | undefined {
    const user = this.users.find((candidate) => candidate.email === email.trim().toLowerCase());
    return user && { ...user };
  }

  onPlatformByEmail(email: string, platformId: string): ApUser | undefined {
    const user = this.users.find((candidate) => candidate.platformId === platformId && candidate.email === email.trim().toLowerCase());
    return user && { ...user };
  }

  countActiveOnPlatform(platformId: string): number {
    return this.users.filter((user) => user.platformId === platformId && user.status === 'ACTIVE').length;
  }

  add(user: ApUser): ApUser {
    this.users.push({ ...user });
    return { ...user };
  }

  /** Self-hosted `DELETE /v1/users/{id}`: the row is gone. */
  remove(id: string): void {
    this.users = this.users.filter((user) => user.id !== id);
  }

  /** Applies only the fields present; an empty update still bumps `updated`, as the real server does. */
  update(id: string, changes: ApUserUpdate & { platformId?: null }): ApUser {
    const user = this.users.find((candidate) => candidate.id === id);
    if (!user) throw new Error(`no user ${id}`);
    Object.assign(user, changes, { updated: new Date().toISOString() });
    return { ...user };
  }
}
