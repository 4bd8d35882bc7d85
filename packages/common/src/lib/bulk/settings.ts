import { Property } from '@activepieces/pieces-framework';
import { InputError } from '../http/errors';
import { isBlank } from '../props/optional';

/**
 * How a bulk step runs: how many users at once, how long it may take new ones, and how much it
 * reports. The props are declared once here, so both pieces' bulk actions read alike.
 */

export const DEFAULT_CONCURRENCY = 4;
export const MAX_CONCURRENCY = 10;
/**
 * The flow's whole run may take 600 s (fixed on Cloud). No new user is started after 480 s, so the
 * users still in flight (each request at most 30 s, retries bounded by BULK_FINISH_GRACE_MS) and
 * the steps around this one keep two minutes.
 */
export const DEFAULT_TIME_BUDGET_SECONDS = 480;
/** A request started inside the budget may take at most this long past it; none is sent later. */
export const BULK_FINISH_GRACE_MS = 60_000;

export interface BulkSettings {
  concurrency: number;
  /** Milliseconds from the step's start after which no new item is started. */
  budgetMs: number;
  /** Results list only the items that were invalid or failed; counts and `remaining` stay complete. */
  onlyFailures: boolean;
}

export const bulkSettingsProps = {
  concurrency: Property.Number({
    displayName: 'Users at once',
    description: `How many users are updated at the same time: ${DEFAULT_CONCURRENCY} when empty, at most ${MAX_CONCURRENCY}. When the API says it is busy (429, or 503 with Retry-After), every worker pauses for the time it asks.`,
    required: false,
  }),
  timeBudgetSeconds: Property.Number({
    displayName: 'Time budget (seconds)',
    description: `No new user is started after this many seconds (${DEFAULT_TIME_BUDGET_SECONDS} when empty, which is also the most): a flow run may take 600 s in all. Users not reached come back in "remaining", in the same shape as the list, for a following step or the next run.`,
    required: false,
  }),
  onlyFailures: Property.Checkbox({
    displayName: 'Only failures and counts',
    description: 'List only the users that were invalid or failed; the counts and "remaining" are always complete.',
    required: false,
    defaultValue: false,
  }),
};

export interface BulkSettingsProps {
  concurrency?: unknown;
  timeBudgetSeconds?: unknown;
  onlyFailures?: unknown;
}

/** The settings, refused before any request when out of range. */
export function parseBulkSettings(props: BulkSettingsProps): BulkSettings {
  const concurrency = wholeNumberIn(props.concurrency, 'concurrency', 1, MAX_CONCURRENCY) ?? DEFAULT_CONCURRENCY;
  const seconds = wholeNumberIn(props.timeBudgetSeconds, 'timeBudgetSeconds', 1, DEFAULT_TIME_BUDGET_SECONDS) ?? DEFAULT_TIME_BUDGET_SECONDS;
  return { concurrency, budgetMs: seconds * 1000, onlyFailures: props.onlyFailures === true };
}

function wholeNumberIn(value: unknown, field: string, min: number, max: number): number | undefined {
  if (isBlank(value)) return undefined;
  const number = typeof value === 'string' ? Number(value.trim()) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
    throw new InputError(field, `${field} must be a whole number from ${min} to ${max}.`);
  }
  return number;
}
