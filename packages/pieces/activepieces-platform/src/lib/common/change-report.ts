import { ChangeAudit, ChangeReport, diffFields, FieldChange, unreadFields } from '@user-admin-pieces/common';
import { PlatformUser, UpdateUserBody } from './types';

/** The action's name in the audit line. */
export const UPDATE_USER_AUDIT_ACTION = 'activepieces-platform/update_user';

const LABELS: Record<keyof UpdateUserBody, string> = {
  status: 'status',
  platformRole: 'platform role',
  externalId: 'external id',
};

const label = (field: string) => LABELS[field as keyof UpdateUserBody] ?? field;
const shown = (value: unknown) => (value === null || value === undefined || value === '' ? '(none)' : String(value));

/**
 * A real run: the POST sends the fields and answers with the user after the change, which cannot
 * tell what the values were before. So the fields are what was sent, without `from`.
 */
export function appliedReport(body: UpdateUserBody, audit: ChangeAudit): ChangeReport {
  const fields = unreadFields({ ...body });
  const summary = `Set ${fields.map((change) => `${label(change.field)} ${shown(change.to)}`).join(', ')}`;
  return { applied: true, preview: false, fields, summary, audit };
}

/** A preview: the user as read against what would be sent; only the fields that differ are listed. */
export function previewReport(current: PlatformUser, body: UpdateUserBody, audit: ChangeAudit): ChangeReport {
  const wanted: Record<string, unknown> = { ...body };
  const fields = diffFields({ ...current }, wanted);
  const changing = new Set(fields.map((change) => change.field));
  const already = Object.entries(wanted)
    .filter(([field]) => !changing.has(field))
    .map(([field, value]) => `${label(field)} is already ${shown(value)}`);
  const summary =
    fields.length === 0
      ? `Nothing to change: ${already.join(', ')}`
      : `Would change ${fields.map(describe).join(', ')}${already.length > 0 ? `; ${already.join(', ')}` : ''}`;
  return { applied: false, preview: true, fields, summary, audit };
}

function describe(change: FieldChange): string {
  return `${label(change.field)} ${shown(change.from)} → ${shown(change.to)}`;
}
