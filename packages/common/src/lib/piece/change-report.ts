import { Property } from '@activepieces/pieces-framework';

/**
 * What a mutating action says it did: the `change` object every such action adds to its output.
 * The output stays the user (so `{{step.email}}` keeps working) with this one extra key, small
 * enough to map by hand and to keep in an audit log.
 */

/** One field the action changed (or would change, in a preview). `from` is absent where the action did not read the user. */
export interface FieldChange {
  field: string;
  from?: unknown;
  to: unknown;
}

export interface ChangeAudit {
  /** When the action finished, ISO 8601. */
  at: string;
  /** e.g. "activepieces-platform/update_user". */
  action: string;
  /** The id of the user the change is about. */
  target: string;
  /** The provider's request ids, in request order, where it sent any. */
  requestIds: string[];
  /** HTTP requests made, retries included. */
  attempts: number;
}

export interface ChangeReport {
  /** True when a write was sent and accepted; false for a preview or when nothing would change. */
  applied: boolean;
  /** True when the action only read: "Preview only" was on. */
  preview: boolean;
  /** The fields that differ (or, without a read, the fields that were sent). Empty: nothing to change. */
  fields: FieldChange[];
  /** "Deactivated", "Already inactive: nothing sent", "Would set role Admin → Viewer": one line for a person. */
  summary: string;
  audit: ChangeAudit;
}

/** The "Preview only" checkbox, declared once for every mutating action. */
export const previewOnlyProp = Property.Checkbox({
  displayName: 'Preview only',
  description:
    'Read the user and report exactly what would change, without changing anything. Put a Wait for Approval step after a preview, then run the same step again without this.',
  required: false,
  defaultValue: false,
});

/** True only for a real `true` (the engine turns "true"/"false" text into booleans first). */
export function isPreview(value: unknown): boolean {
  return value === true;
}

/**
 * The fields of `wanted` that differ from `current`, in `wanted`'s order. `same` decides equality
 * per field (e.g. case-insensitive email); by default values are compared as JSON.
 */
export function diffFields(
  current: Record<string, unknown>,
  wanted: Record<string, unknown>,
  same: (field: string, from: unknown, to: unknown) => boolean = (_field, from, to) => JSON.stringify(from) === JSON.stringify(to),
): FieldChange[] {
  return Object.entries(wanted)
    .filter(([field, to]) => !same(field, current[field], to))
    .map(([field, to]) => ({ field, from: current[field], to }));
}

/** The fields a write sends when the current values were not read: no `from`. */
export function unreadFields(sent: Record<string, unknown>): FieldChange[] {
  return Object.entries(sent).map(([field, to]) => ({ field, to }));
}

/** Collects request ids and attempts over the requests one action makes. */
export class AuditTrail {
  private readonly requestIds: string[] = [];
  private attempts = 0;

  constructor(
    private readonly action: string,
    private readonly target: string,
  ) {}

  /**
   * Records one request's outcome: a response (with the ids of all its attempts in `requestIds`),
   * or an ApiError with `attempts`/`requestId`.
   */
  record(outcome: { requestId?: string; requestIds?: readonly string[]; attempts?: number }): void {
    const ids = outcome.requestIds ?? (outcome.requestId === undefined ? [] : [outcome.requestId]);
    this.requestIds.push(...ids.filter((id) => id !== ''));
    this.attempts += outcome.attempts ?? 1;
  }

  finish(now: Date = new Date()): ChangeAudit {
    return { at: now.toISOString(), action: this.action, target: this.target, requestIds: [...this.requestIds], attempts: this.attempts };
  }
}
