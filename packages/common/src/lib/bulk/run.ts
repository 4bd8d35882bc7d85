import { ApiError, InputError, reasonOf } from '../http/errors';
import { withRequestScope } from '../http/request';
import { backoffDelay, DEFAULT_RETRY_POLICY } from '../http/retry';
import { AuditTrail, ChangeAudit } from '../piece/change-report';
import { boundedResult, shortReason, shortTarget } from './items';
import { BatchAudit, BulkAudit, count, countOutcomes, describeCounts, ItemOutcome, ItemResult, OutcomeCounts } from './outcome';
import { BULK_FINISH_GRACE_MS, BulkSettings } from './settings';
import { stoppedStepError, stopsTheStep } from './stop';

/**
 * The bulk engine: items already checked and resolved by the piece go through a pool of workers,
 * with one shared pause when the API asks to slow down, one stop for errors that would fail every
 * item, and a time budget after which no new item starts.
 */

/** When the step started and until when it takes new items; taken once, at the very start of `run`. */
export interface BulkBudget {
  startedAt: number;
  /** No new item (and no list read for resolving them) starts at or after this time. */
  takeUntil: number;
  /** No request of the step is sent, or runs, past this time. */
  hardDeadline: number;
}

export function startBudget(settings: Pick<BulkSettings, 'budgetMs'>, now: number = Date.now()): BulkBudget {
  return { startedAt: now, takeUntil: now + settings.budgetMs, hardDeadline: now + settings.budgetMs + BULK_FINISH_GRACE_MS };
}

/** One item ready to be worked on. */
export interface BulkItem<P> {
  index: number;
  target: string;
  /** The user's id: the audit names it. */
  id: string;
  /** What duplicates are found by, when ids may differ in case (a GUID); by default `id`. */
  key?: string;
  /**
   * What the item asks to change, in a fixed key order: a later item for the same user asking for
   * something else is refused rather than dropped as a duplicate (an offboarding list must not lose
   * a deactivation to an earlier row that only renames).
   */
  change?: unknown;
  plan: P;
}

/** What a work function did with its item: written, nothing to write, or (preview) would write. */
export interface ItemDone {
  outcome: Extract<ItemOutcome, 'updated' | 'unchanged' | 'planned'>;
  fields: string[];
}

export interface BulkJob<P> {
  /** The audit's action, e.g. "merchant-staff/update_users". */
  action: string;
  /** The list as the step received it: `remaining` is taken from it, in its own shape. */
  list: readonly unknown[];
  /** Items to work on, in list order. */
  items: readonly BulkItem<P>[];
  /** Items already decided before any write (invalid, or not reached while resolving). */
  settled: readonly ItemResult[];
  preview: boolean;
  settings: BulkSettings;
  budget: BulkBudget;
  /** Request ids and attempts of the reads made before the work (resolving, guards). */
  before?: ChangeAudit;
  /** Does one item; throws an InputError when the item is refused, an ApiError when the API fails. */
  work: (item: BulkItem<P>, trail: AuditTrail) => Promise<ItemDone>;
}

export interface BulkOutput {
  /** True when every item got an outcome other than not_reached. */
  done: boolean;
  /** One sentence for a person: what happened, and what to do about what was not done. */
  summary: string;
  preview: boolean;
  counts: OutcomeCounts;
  /** Per item, in list order; only the invalid and failed ones with "Only failures and counts". */
  results: ItemResult[];
  /** The items not reached, exactly as they were in the list: map them into the next run. */
  remaining: unknown[];
  audit: BulkAudit;
}

/** How often one item is tried when the API keeps asking to wait, before it is reported failed. */
export const MAX_RATE_LIMITED_TRIES = 6;

/** Thrown by the request gate so that an item that has not written yet stops before its next request. */
class NotStarted extends Error {}

export async function runBulk<P>(job: BulkJob<P>): Promise<BulkOutput> {
  const audit = new BatchAudit(job.action);
  if (job.before !== undefined) audit.add(job.before.requestIds, job.before.attempts);
  const { unique, duplicates } = withoutDuplicates(job.items);
  // Whatever the piece settled before the work may quote an item's own text: kept to a result line's size.
  const results: ItemResult[] = [...job.settled.map(boundedResult), ...duplicates];
  const pool = new WorkerPool(job, audit);
  const { stop, timeUp } = await pool.run(unique);
  results.push(...pool.results);
  results.sort((a, b) => a.index - b.index);
  const counts = countOutcomes(results);
  if (stop !== undefined) throw stoppedStepError(stop, doneBefore(counts, job.list.length, job.preview));
  const remaining = results.filter((result) => result.outcome === 'not_reached').map((result) => job.list[result.index]);
  const noun = job.list.length === 1 ? 'item' : 'items';
  return {
    done: remaining.length === 0,
    summary: summaryOf(counts, job.list.length, noun, remaining.length, job.preview, timeUp),
    preview: job.preview,
    counts,
    results: job.settings.onlyFailures ? results.filter((result) => result.outcome === 'invalid' || result.outcome === 'failed') : results,
    remaining,
    audit: audit.finish(`${job.list.length} ${noun}`),
  };
}

/** The first item for each user is worked on; later ones name it, as a duplicate, or invalid when they ask for other changes. */
function withoutDuplicates<P>(items: readonly BulkItem<P>[]): { unique: BulkItem<P>[]; duplicates: ItemResult[] } {
  const first = new Map<string, BulkItem<P>>();
  const unique: BulkItem<P>[] = [];
  const duplicates: ItemResult[] = [];
  for (const item of items) {
    const key = item.key ?? item.id;
    const earlier = first.get(key);
    if (earlier === undefined) {
      first.set(key, item);
      unique.push(item);
    } else if (JSON.stringify(item.change) === JSON.stringify(earlier.change)) {
      duplicates.push({ ...resultOf(item, 'duplicate'), reason: `Same user as item ${earlier.index}, which was processed instead.` });
    } else {
      duplicates.push({ ...resultOf(item, 'invalid'), reason: `Same user as item ${earlier.index}, which was processed instead, but with other changes: put them in one item.` });
    }
  }
  return { unique, duplicates };
}

function resultOf(item: BulkItem<unknown>, outcome: ItemOutcome): ItemResult {
  // The id may come from a server's user list: kept to a result line's size too.
  return { index: item.index, target: shortTarget(item.target), ...(item.id !== item.target && { id: shortTarget(item.id) }), outcome };
}

class WorkerPool<P> {
  readonly results: ItemResult[] = [];
  private next = 0;
  private pausedUntil = 0;
  private stop: ApiError | undefined;
  private timeUp: string | undefined;
  private queue: readonly BulkItem<P>[] = [];
  private readonly pacing = new Pacing();

  constructor(
    private readonly job: BulkJob<P>,
    private readonly audit: BatchAudit,
  ) {}

  async run(items: readonly BulkItem<P>[]): Promise<{ stop?: ApiError; timeUp?: string }> {
    this.queue = items;
    const workers = Math.min(this.job.settings.concurrency, items.length);
    await Promise.all(Array.from({ length: workers }, () => this.worker()));
    // Items no worker took: out of time, or the step stopped.
    for (const item of this.queue.slice(this.next)) this.results.push(this.notReached(item));
    return { stop: this.stop, timeUp: this.timeUp };
  }

  private async worker(): Promise<void> {
    while (this.next < this.queue.length && this.stop === undefined && this.timeUp === undefined) {
      await this.pause();
      // Another worker may have taken the last item, or hit a stop, during the pause.
      if (this.stop !== undefined || this.timeUp !== undefined || this.next >= this.queue.length) return;
      if (Date.now() >= this.job.budget.takeUntil) {
        this.timeUp = 'the time budget was spent';
        return;
      }
      const item = this.queue[this.next++];
      this.results.push(await this.runItem(item));
    }
  }

  /** Every request of every worker waits here while the API's requested pause lasts. */
  private async pause(): Promise<void> {
    while (Date.now() < this.pausedUntil) await sleep(this.pausedUntil - Date.now());
  }

  private async runItem(item: BulkItem<P>): Promise<ItemResult> {
    // The last rate limit a request of this item met, however the piece's code reworded the error.
    let rateLimit: ApiError | undefined;
    // An item's requests go one after another: the last one started is the one a rate limit answers.
    let startedAt = 0;
    // A write (any request but a GET) of this try was sent: from then on, a failure without a clear refusal may hide an applied change.
    let wrote = false;
    const scope = {
      rateLimited: (error: ApiError) => {
        rateLimit = error;
        this.pacing.refused(startedAt);
      },
      deadline: this.job.budget.hardDeadline,
      beforeAttempt: async (method: string) => {
        await this.pause();
        const slot = this.pacing.nextSlot();
        if (slot > Date.now()) {
          await sleep(slot - Date.now());
          await this.pause();
        }
        // Once a write went out, its retries run (within the hard deadline): the item must end knowing what it did.
        if (!wrote && (this.stop !== undefined || this.timeUp !== undefined)) throw new NotStarted();
        startedAt = Date.now();
        this.pacing.started(startedAt);
        this.audit.add([], 1);
        if (method !== 'GET') wrote = true;
      },
    };
    for (let tries = 1; ; tries++) {
      if (tries > 1) {
        await this.pause();
        if (this.stop !== undefined || this.timeUp !== undefined) return this.notReached(item);
      }
      const trail = new AuditTrail(this.job.action, item.id);
      rateLimit = undefined;
      // A rate-limited try wrote nothing: the API refused it.
      wrote = false;
      try {
        const done = await withRequestScope(scope, () => this.job.work(item, trail));
        return { ...resultOf(item, done.outcome), ...(done.fields.length > 0 && { fields: done.fields }) };
      } catch (error) {
        if (error instanceof NotStarted) return this.notReached(item);
        if (stopsTheStep(error)) {
          // Refused or never delivered: this item was not written either.
          this.stop ??= error;
          return this.notReached(item);
        }
        const wait = waitAskedFor(rateLimit ?? error, tries);
        if (wait !== undefined) {
          const until = Date.now() + wait.ms;
          if (until >= this.job.budget.takeUntil) {
            this.timeUp = wait.asked ? `the API asked to wait ${Math.ceil(wait.ms / 1000)} s, past the time budget` : 'the API kept refusing requests for its rate';
            return this.notReached(item);
          }
          if (tries < MAX_RATE_LIMITED_TRIES) {
            this.pausedUntil = Math.max(this.pausedUntil, until);
            continue;
          }
        }
        return this.failed(item, error, wrote && mayHaveApplied(error));
      } finally {
        // Attempts are counted at the request gate; the trail adds the request ids.
        this.audit.add(trail.finish().requestIds, 0);
      }
    }
  }

  private failed(item: BulkItem<P>, error: unknown, mayHaveBeenApplied: boolean): ItemResult {
    const reason = mayHaveBeenApplied ? `${MAY_HAVE_BEEN_APPLIED}: ${reasonOf(error)}` : reasonOf(error);
    return { ...resultOf(item, error instanceof InputError ? 'invalid' : 'failed'), reason: shortReason(reason) };
  }

  private notReached(item: BulkItem<P>): ItemResult {
    return { ...resultOf(item, 'not_reached'), reason: this.stop === undefined ? 'Not started within the time budget.' : 'Not started: the step stopped.' };
  }
}

/**
 * Spaces request starts once the API has refused one for its rate. Retry-After is whole seconds, so
 * honouring it alone turns a 50-per-second limit into bursts of 50 followed by a second of nothing
 * (about 40 a second at 20 ms a request). At the first refusal, the requests the API accepted in
 * the second before the refused one started are its rate; from then on starts are spaced to 95% of
 * it, so the limit is met without further refusals. The spacing only ever widens.
 */
class Pacing {
  private gapMs = 0;
  private nextAt = 0;
  private starts: number[] = [];
  private refusals: number[] = [];

  /** When the next request may start; reserves that moment. */
  nextSlot(): number {
    const slot = Math.max(Date.now(), this.nextAt);
    this.nextAt = slot + this.gapMs;
    return slot;
  }

  started(at: number): void {
    this.starts.push(at);
    if (this.starts.length > 4 * PACING_HISTORY) this.starts = this.starts.filter((start) => start > at - PACING_WINDOW_MS);
  }

  /** A request that started at `startedAt` was refused for the rate. */
  refused(startedAt: number): void {
    this.refusals.push(startedAt);
    const since = startedAt - PACING_WINDOW_MS;
    const before = (times: number[]) => times.filter((at) => at > since && at < startedAt).length;
    const accepted = before(this.starts) - before(this.refusals);
    // Fewer than two tell nothing about a rate (the limit may be per minute, or already spent): the pause alone applies.
    if (accepted >= 2) this.gapMs = Math.max(this.gapMs, PACING_WINDOW_MS / (PACING_SHARE * accepted));
  }
}

const PACING_WINDOW_MS = 1_000;
const PACING_SHARE = 0.95;
const PACING_HISTORY = 1_000;

/**
 * The pause before an item refused for the rate (a 429, or a 503 with Retry-After) is tried again;
 * undefined for any other failure. At least the client's own back-off: a server that keeps
 * answering "Retry-After: 0" would otherwise get every item sent again at once, six times over.
 * `asked` is true when the wait is the server's own.
 */
function waitAskedFor(error: unknown, tries: number): { ms: number; asked: boolean } | undefined {
  if (!isRateLimit(error)) return undefined;
  const backoff = backoffDelay(tries, DEFAULT_RETRY_POLICY);
  const asked = error.retryAfterMs ?? 0;
  return asked >= backoff ? { ms: asked, asked: true } : { ms: backoff, asked: false };
}

/** A refusal for the rate: a 429, or a 503 that says when to come back. Nothing was applied. */
function isRateLimit(error: unknown): error is ApiError {
  return error instanceof ApiError && (error.status === 429 || (error.status === 503 && error.retryAfterMs !== undefined));
}

/**
 * A write that went out and got no clear refusal: no answer in time, a server error, an answer the
 * piece could not read, or a bug of ours after the answer came. A network failure is not counted:
 * the client retries a write whose connection broke, and one that was refused or never resolved was
 * never delivered.
 */
function mayHaveApplied(error: unknown): boolean {
  if (error instanceof InputError || isRateLimit(error)) return false;
  if (!(error instanceof ApiError)) return true;
  return error.kind === 'invalid_response' || error.kind === 'timeout' || (error.status ?? 0) >= 500;
}

/** Put before the reason of an item whose write went out without a clear answer. */
export const MAY_HAVE_BEEN_APPLIED = 'The change was sent and may have been applied; check this user before running it again';

function doneBefore(counts: OutcomeCounts, total: number, preview: boolean): string {
  const finished = total - counts.not_reached;
  const written = preview ? 'nothing was changed (preview)' : `${count(counts.updated)} ${counts.updated === 1 ? 'was' : 'were'} updated`;
  const detail = describeCounts(counts, ['not_reached']);
  return `${count(finished)} of ${count(total)} items were done before it${detail === '' ? '' : ` (${detail})`}, and ${written}; the others were not changed. Run the step again once this is fixed: users already done come back unchanged.`;
}

function summaryOf(counts: OutcomeCounts, total: number, noun: string, notReached: number, preview: boolean, timeUp: string | undefined): string {
  const what = describeCounts(counts);
  const previewNote = preview ? ' Preview only: nothing was changed.' : '';
  if (notReached === 0) return `All ${count(total)} ${noun} done: ${what}.${previewNote}`;
  const why = timeUp ?? 'the time budget was spent';
  return `Not finished: ${why}. ${count(total - notReached)} of ${count(total)} ${noun} done (${what}); the ${count(notReached)} not reached are in remaining, in the list's own shape: run the step again with them.${previewNote}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
