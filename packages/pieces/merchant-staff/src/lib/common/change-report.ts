import { FieldChange, nonBlankText } from '@user-admin-pieces/common';
import { ProfileChanges, UncheckedStaffUser } from './types';

/** "Grace Hopper", or the email, or the id: how a summary names the user. */
export function userDisplayName(user: UncheckedStaffUser | undefined, id: string): string {
  const name = [user?.firstName, user?.lastName].map((part) => nonBlankText(part)?.trim()).filter(Boolean).join(' ');
  return name || nonBlankText(user?.fullName)?.trim() || nonBlankText(user?.email)?.trim() || id;
}

const statusOf = (value: unknown): string => (value === true ? 'ACTIVE' : value === false ? 'INACTIVE' : String(value));

/** "status ACTIVE → INACTIVE", "role Staff → Admin": one change as a person reads it. */
function describe(change: FieldChange): string {
  if (change.field === 'isActive') return `status ${statusOf(change.from)} → ${statusOf(change.to)}`;
  return `${change.field} ${String(change.from)} → ${String(change.to)}`;
}

/** "Deactivated Grace Hopper", "Deactivated Grace Hopper; role Owner → Admin", "Updated Grace Hopper: email a → b". */
export function appliedSummary(fields: readonly FieldChange[], name: string): string {
  const status = fields.find((change) => change.field === 'isActive');
  const others = fields.filter((change) => change !== status).map(describe);
  if (status !== undefined) {
    const verb = status.to === true ? 'Reactivated' : 'Deactivated';
    return others.length === 0 ? `${verb} ${name}` : `${verb} ${name}; ${others.join(', ')}`;
  }
  return `Updated ${name}: ${others.join(', ')}`;
}

/** "Would change status ACTIVE → INACTIVE for Grace Hopper". */
export function previewSummary(fields: readonly FieldChange[], name: string): string {
  return `Would change ${fields.map(describe).join(', ')} for ${name}`;
}

/** "Nothing to change: already inactive", "Nothing to change: already inactive, role already Viewer". */
export function nothingToChangeSummary(changes: ProfileChanges): string {
  const held = Object.entries(changes).map(([field, value]) =>
    field === 'isActive' ? `already ${value === true ? 'active' : 'inactive'}` : `${field} already ${String(value)}`,
  );
  return `Nothing to change: ${held.join(', ')}`;
}
