import { Connection, RequestTuning } from '@user-admin-pieces/common';
import { listUsersPage } from './client';
import { PlatformUser } from './types';

/** The API caps `limit` at 100. */
export const USER_PAGE_SIZE = 100;
/** Pages walked when a lookup has to scan the user list: about 1000 users, newest first. */
export const MAX_USER_PAGES = 10;

export interface UserScan {
  matches: PlatformUser[];
  /** False when the scan stopped at MAX_USER_PAGES while more users remained. */
  complete: boolean;
}

/**
 * Walks the user list, newest first, keeping every user `keep` accepts. The API has no search by
 * email or name, so this is the only way to find them; it stops after MAX_USER_PAGES pages.
 */
export async function scanUsers(connection: Connection, keep: (user: PlatformUser) => boolean, tuning: RequestTuning = {}): Promise<UserScan> {
  const matches: PlatformUser[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_USER_PAGES; page++) {
    const { data, next } = await listUsersPage(connection, { limit: USER_PAGE_SIZE, cursor }, tuning);
    matches.push(...data.filter(keep));
    // An empty page ends the walk even if a cursor came with it.
    if (!next || data.length === 0) return { matches, complete: true };
    cursor = next;
  }
  return { matches, complete: false };
}

/** "First Last <email>", or the email alone when the user has no name. */
export function userLabel(user: PlatformUser): string {
  const name = [user.firstName, user.lastName].filter((part) => part && part.trim() !== '').join(' ').trim();
  return name === '' ? user.email : `${name} <${user.email}>`;
}

/** The dropdown's search: the label and the id, without regard to case; `search` is lower case already. */
export function matchesSearch(user: PlatformUser, search: string): boolean {
  return `${userLabel(user)} ${user.id}`.toLowerCase().includes(search);
}
