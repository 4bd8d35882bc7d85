import { ChangeAudit } from '../piece/change-report';

/**
 * What a bulk step says about each item, and about the whole list. Kept compact: a result is about
 * 100 bytes, so 10,000 of them stay far below the run's 25 MB log cap.
 */

/**
 * `updated`: written. `planned`: a preview would write it. `unchanged`: the user already held
 * every value, nothing sent. `invalid`: refused before any write (bad item, unknown user, a guard).
 * `duplicate`: the same user as an earlier item, which was processed instead. `failed`: the API
 * refused or did not answer. `not_reached`: not started within the time budget; it is in `remaining`.
 */
export const ITEM_OUTCOMES = ['updated', 'planned', 'unchanged', 'invalid', 'duplicate', 'failed', 'not_reached'] as const;
export type ItemOutcome = (typeof ITEM_OUTCOMES)[number];

export interface ItemResult {
  /** The item's position in the list, from 0. */
  index: number;
  /** The user as the item named them (id, email, …). */
  target: string;
  /** The user's id, where the item named them otherwise and it was found. */
  id?: string;
  outcome: ItemOutcome;
  /** The fields written (or, in a preview, that would be); absent when none. */
  fields?: string[];
  /** Why the item was invalid, a duplicate, failed or not reached: one short sentence. */
  reason?: string;
}

export type OutcomeCounts = Record<ItemOutcome, number>;

export function countOutcomes(results: readonly ItemResult[]): OutcomeCounts {
  const counts = Object.fromEntries(ITEM_OUTCOMES.map((outcome) => [outcome, 0])) as OutcomeCounts;
  for (const result of results) counts[result.outcome]++;
  return counts;
}

/** "30 updated, 8 unchanged, 2 invalid": the outcomes that occurred, in the order above. */
export function describeCounts(counts: OutcomeCounts, leaveOut: readonly ItemOutcome[] = []): string {
  return ITEM_OUTCOMES.filter((outcome) => counts[outcome] > 0 && !leaveOut.includes(outcome))
    .map((outcome) => `${count(counts[outcome])} ${outcome.replace('_', ' ')}`)
    .join(', ');
}

/** A count as a sentence writes it: 10,000. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** The batch's one audit line: the change report's `audit`, with a capped list of request ids. */
export interface BulkAudit extends ChangeAudit {
  /** Request ids beyond the ones listed (the first MAX_AUDIT_REQUEST_IDS are). */
  requestIdsNotListed: number;
}

export const MAX_AUDIT_REQUEST_IDS = 20;

/** Collects the request ids and attempts of a whole batch, keeping only the first ids. */
export class BatchAudit {
  private readonly requestIds: string[] = [];
  private notListed = 0;
  private attempts = 0;

  constructor(private readonly action: string) {}

  /** Request ids (as a change audit lists them) and attempts to add. */
  add(ids: readonly string[], attempts: number): void {
    for (const id of ids) {
      if (this.requestIds.length < MAX_AUDIT_REQUEST_IDS) this.requestIds.push(id);
      else this.notListed++;
    }
    this.attempts += attempts;
  }

  finish(target: string, now: Date = new Date()): BulkAudit {
    return { at: now.toISOString(), action: this.action, target, requestIds: [...this.requestIds], requestIdsNotListed: this.notListed, attempts: this.attempts };
  }
}
