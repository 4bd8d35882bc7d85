import type { ApListPage, ApUser } from './types';

/** Anything a seek page can be cut from: ordered by creation time, ties broken by id. */
export type Seekable = Pick<ApUser, 'created' | 'id'>;

export interface SeekPage<T> {
  data: T[];
  next: string | null;
  previous: string | null;
}

// Activepieces pages by seeking from a key (created, id) rather than by offset, so a cursor stays
// valid when users are added. The cursor is opaque to clients; here it is base64url JSON.
interface Cursor {
  direction: 'next' | 'previous';
  created: string;
  id: string;
}

/** Newest first; ties broken by id so the order is total and pages never overlap. */
export function compareNewestFirst(a: Seekable, b: Seekable): number {
  if (a.created !== b.created) return a.created < b.created ? 1 : -1;
  if (a.id === b.id) return 0;
  return a.id < b.id ? 1 : -1;
}

/**
 * Oldest first: how upstream lists invitations, project members and projects (their services build
 * the paginator with `order: 'ASC'`), while users come newest first.
 */
export function compareOldestFirst(a: Seekable, b: Seekable): number {
  return -compareNewestFirst(a, b);
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** Undefined when the string is not a cursor this server issued. */
export function decodeCursor(raw: string): Cursor | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (typeof value !== 'object' || value === null) return undefined;
    const { direction, created, id } = value as Record<string, unknown>;
    if ((direction !== 'next' && direction !== 'previous') || typeof created !== 'string' || typeof id !== 'string') return undefined;
    return { direction, created, id };
  } catch {
    return undefined;
  }
}

/** `sorted` must already be in `compareNewestFirst` order. */
export function seekPage(sorted: ApUser[], limit: number, cursor: Cursor | undefined): ApListPage {
  return seekPageBy(sorted, limit, cursor, compareNewestFirst);
}

/** `sorted` must already be in `compare` order. */
export function seekPageBy<T extends Seekable>(sorted: T[], limit: number, cursor: Cursor | undefined, compare: (a: Seekable, b: Seekable) => number): SeekPage<T> {
  let start = 0;
  if (cursor?.direction === 'next') {
    start = sorted.filter((item) => compare(item, cursor) <= 0).length;
  } else if (cursor?.direction === 'previous') {
    const end = sorted.filter((item) => compare(item, cursor) < 0).length;
    start = Math.max(0, end - limit);
  }
  const data = sorted.slice(start, start + limit);
  const first = data[0];
  const last = data[data.length - 1];
  const hasMore = start + data.length < sorted.length;
  return {
    data,
    next: last && hasMore ? encodeCursor({ direction: 'next', created: last.created, id: last.id }) : null,
    previous: first && start > 0 ? encodeCursor({ direction: 'previous', created: first.created, id: first.id }) : null,
  };
}
