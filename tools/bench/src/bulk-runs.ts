// What the bulk sections share: the piece whose update_users is measured, the items it gets (generated
// sandbox users, each getting a new value), one run of it in an engine-style child, and what its output says.
import { generatedStaffUserId, generatedUserId, type PieceName } from '@user-admin-pieces/sandbox';
import { engineChildOnce, type ChildRun } from './engine-call';
import type { PreparedPiece } from './prepare';
import type { RemoteSandbox } from './remote-sandbox';
import { BULK_PIECE } from './settings';

interface BulkTarget {
  /** Round trips one item costs when it changes the user: the floor's factor. */
  tripsPerItem: number;
  trips: string;
  /** The n-th generated user of the piece's fake (from 1). */
  user: (n: number) => string;
  /**
   * A field the generated users do not hold yet, so every item writes. Not a deactivation: that adds
   * the owner guard's walk of the whole user list, whose cost is the sandbox's size, not the batch's.
   */
  change: (n: number) => Record<string, string>;
  /** The change and its round trips, for the table's title. */
  what: string;
}

const TARGETS: Record<PieceName, BulkTarget> = {
  'merchant-staff': {
    tripsPerItem: 2,
    trips: 'GET + PUT',
    user: generatedStaffUserId,
    change: () => ({ firstName: 'Benched' }),
    what: 'a new firstName: GET, then PUT with If-Match',
  },
  'activepieces-platform': {
    tripsPerItem: 1,
    trips: 'POST',
    user: generatedUserId,
    change: (n) => ({ externalId: `benched-${n}` }),
    what: 'a new externalId: one POST',
  },
};

/** What the sections read of update_users' output. */
export interface BulkOutput {
  done: boolean;
  counts: Record<string, number>;
}

export interface BulkBench {
  prepared: PreparedPiece;
  sandbox: RemoteSandbox;
  target: BulkTarget;
}

const hasTarget = (name: string): name is PieceName => name in TARGETS;

export function bulkBench(pieces: readonly PreparedPiece[], sandbox: RemoteSandbox): BulkBench {
  const prepared = pieces.find((candidate) => candidate.piece.name === BULK_PIECE);
  if (prepared === undefined || !hasTarget(BULK_PIECE)) throw new Error(`BENCH_BULK_PIECE names no piece of the list: ${BULK_PIECE}`);
  return { prepared, sandbox, target: TARGETS[BULK_PIECE] };
}

/** The connection value as the engine passes it to run (CustomAuth). */
export function authOf(bench: BulkBench) {
  return { type: 'CUSTOM_AUTH' as const, props: bench.sandbox.pieces[bench.prepared.piece.name].connection };
}

/** The single update_user's input for the n-th generated user: a partial update that writes. */
export function singleInput(bench: BulkBench, n: number): Record<string, unknown> {
  return { userId: bench.target.user(n), ...bench.target.change(n) };
}

/** update_users' input for the first `count` generated users, each as singleInput unless `item` says otherwise. */
export function bulkInput(
  bench: BulkBench,
  count: number,
  extra: Record<string, unknown> = {},
  item: (n: number) => Record<string, unknown> = (n) => singleInput(bench, n),
): Record<string, unknown> {
  return { items: Array.from({ length: count }, (_, index) => item(index + 1)), ...extra };
}

/** Deactivating the n-th generated user: the change that also runs the batch's owner guard. */
export function deactivation(bench: BulkBench, n: number): Record<string, unknown> {
  return { userId: bench.target.user(n), status: 'INACTIVE' };
}

/** update_users once, in a fresh engine-style child ('measure' also samples its memory); fails unless it returned. */
export async function runBulkInChild(bench: BulkBench, propsValue: Record<string, unknown>, mode: 'call' | 'measure' = 'call'): Promise<ChildRun & { output: BulkOutput }> {
  const run = await engineChildOnce(mode, { entry: bench.prepared.entry, action: 'update_users', auth: authOf(bench), propsValue });
  return { ...run, output: run.result as BulkOutput };
}

/** Items that did not end as `outcome`: failed, invalid, not reached... */
export function itemsNot(output: BulkOutput, outcome: string, items: number): number {
  return items - (output.counts[outcome] ?? 0);
}

/** "298 updated, 2 failed": the outcomes that occurred. */
export function countsText(output: BulkOutput): string {
  return Object.entries(output.counts)
    .filter(([, value]) => value > 0)
    .map(([outcome, value]) => `${count(value)} ${outcome}`)
    .join(', ');
}

export const seconds = (milliseconds: number): string => `${(milliseconds / 1000).toFixed(2)} s`;
export const count = (value: number): string => value.toLocaleString('en-US');
