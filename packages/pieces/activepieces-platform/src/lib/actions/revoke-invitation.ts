import { createAction, Property } from '@activepieces/pieces-framework';
import { AuditTrail, ChangeReport, Connection, FieldChange, InputError, isPreview, parseEnum, previewOnlyProp } from '@user-admin-pieces/common';
import { activepiecesPlatformAuth } from '../auth';
import { findInvitations, InvitationRow, invitationRow } from '../common/access';
import { connectionOf, deleteInvitation } from '../common/client';
import { INVITATION_TYPES, InvitationType } from '../common/enums';
import { invitationTypeDropdown, parseEmail, parseOptionalApId, projectDropdown } from '../common/props';

export const REVOKE_INVITATION_AUDIT_ACTION = 'activepieces-platform/revoke_invitation';

/** How long the step may read invitations to find the ones to revoke (or, in a preview, the one by id). */
export const revokeScan = { budgetMs: 120_000 };

type Outcome = 'revoked' | 'already-gone' | 'would-revoke';

/** An invitation the step acted on; by id without a preview, the step never read it, so only the id is known. */
export type RevokedInvitation = (InvitationRow | { id: string }) & { outcome: Outcome };

export const revokeInvitationAction = createAction({
  auth: activepiecesPlatformAuth,
  name: 'revoke_invitation',
  displayName: 'Revoke Invitation',
  description:
    'Revoke one invitation by its id, or every pending invitation for an email (optionally only of one type or one project). Running it again is safe: an invitation that is gone already is reported, not an error.',
  props: {
    invitationId: Property.ShortText({ displayName: 'Invitation ID', description: 'The invitation to revoke, e.g. from List Invitations. Give either this or Email.', required: false }),
    email: Property.ShortText({
      displayName: 'Email',
      description: 'Revoke every pending invitation for this email, matched without regard to case. Give either this or Invitation ID.',
      required: false,
    }),
    type: invitationTypeDropdown({ required: false, description: 'With Email: only invitations of this type. Leave empty for both.' }),
    projectId: projectDropdown({ required: false, description: 'With Email: only invitations to this team project.' }),
    includeAccepted: Property.Checkbox({
      displayName: 'Also accepted invitations',
      description:
        'With Email: also revoke accepted invitations that still wait for the person to sign up. Activepieces accepts an invitation sent with an API key at once, and it adds the person when they sign up.',
      required: false,
      defaultValue: false,
    }),
    previewOnly: previewOnlyProp,
  },
  audience: 'both',
  aiMetadata: {
    description:
      'Revokes Activepieces invitations: one by invitationId, or every PENDING invitation for an email (case-insensitive), optionally limited to type PLATFORM/PROJECT or one projectId; with includeAccepted also the ACCEPTED ones still waiting for the person to sign up. Returns {invitations: [{id, email, type, status, platformRole, projectId, projectRole, created, outcome: revoked | already-gone | would-revoke}], complete, change}; complete false means not every invitation could be read within 120 s. With previewOnly true it revokes nothing. Re-running is safe: nothing left to revoke is reported as such.',
    idempotent: true,
  },
  async run({ auth, propsValue }) {
    const request = parseRevokeRequest(propsValue);
    const connection = connectionOf(auth.props);
    const trail = new AuditTrail(REVOKE_INVITATION_AUDIT_ACTION, 'id' in request ? request.id : request.email);
    const preview = isPreview(propsValue.previewOnly);
    return 'id' in request ? revokeById(connection, request.id, preview, trail) : revokeByEmail(connection, request, preview, trail);
  },
});

export type RevokeRequest = { id: string } | { email: string; types: readonly InvitationType[]; projectId?: string; includeAccepted: boolean };

/** One invitation by id, or an email with the types (and project) to look in; refused before any request when unclear. */
export function parseRevokeRequest(props: { invitationId?: unknown; email?: unknown; type?: unknown; projectId?: unknown; includeAccepted?: unknown }): RevokeRequest {
  const id = parseOptionalApId(props.invitationId, 'invitationId', 'invitation');
  const email = parseEmail(props.email, 'email');
  if ((id === undefined) === (email === undefined)) throw new InputError('invitationId, email', 'Give exactly one of invitationId or email.');
  const type = parseEnum(props.type, INVITATION_TYPES, 'type');
  const projectId = parseOptionalApId(props.projectId, 'projectId', 'project');
  const includeAccepted = props.includeAccepted === true;
  if (id !== undefined) {
    if (type !== undefined || projectId !== undefined || includeAccepted) {
      throw new InputError('type, projectId, includeAccepted', 'An invitation id names one invitation: clear Invitation Type, Project and Also accepted invitations, which only apply to a revocation by email.');
    }
    return { id };
  }
  if (projectId !== undefined && type === 'PLATFORM') {
    throw new InputError('projectId', 'Platform invitations belong to no project: clear Project, or choose Project as the invitation type.');
  }
  const types = projectId !== undefined ? (['PROJECT'] as const) : type !== undefined ? [type] : INVITATION_TYPES;
  return { email: email ?? '', types, projectId, includeAccepted };
}

function report(applied: boolean, preview: boolean, fields: FieldChange[], summary: string, trail: AuditTrail): ChangeReport {
  return { applied, preview, fields, summary, audit: trail.finish() };
}

/** `from` is the status as read; a revocation by id without a preview read nothing, so it has none. */
const revocation = (id: string, from?: string): FieldChange => (from === undefined ? { field: `invitation ${id}`, to: 'REVOKED' } : { field: `invitation ${id}`, from, to: 'REVOKED' });

/**
 * By id there is no read: the API has no "get invitation", and its 404 says "already gone". A
 * preview reads the lists of both types to find it.
 */
async function revokeById(connection: Connection, id: string, preview: boolean, trail: AuditTrail) {
  if (preview) {
    const search = await findInvitations(connection, { types: INVITATION_TYPES }, Date.now() + revokeScan.budgetMs, trail);
    const found = search.invitations.find((invitation) => invitation.id === id);
    if (found) {
      const invitations: RevokedInvitation[] = [{ ...invitationRow(found), outcome: 'would-revoke' }];
      const summary = `Would revoke the ${found.status.toLowerCase()} ${found.type.toLowerCase()} invitation of ${found.email}`;
      return { invitations, complete: true, change: report(false, true, [revocation(id, found.status)], summary, trail) };
    }
    const summary = search.complete
      ? `Nothing to revoke: there is no invitation with id ${id} (already revoked, or accepted by someone who has joined)`
      : `Invitation ${id} was not found among the invitations read within ${revokeScan.budgetMs / 1000} s; a real run would revoke it if it exists`;
    return { invitations: [], complete: search.complete, change: report(false, true, [], summary, trail) };
  }
  const outcome = await deleteInvitation(connection, id, trail);
  const invitations: RevokedInvitation[] = [{ id, outcome }];
  if (outcome === 'already-gone') {
    const summary = `Nothing to revoke: invitation ${id} is already gone (revoked, or accepted by someone who has joined)`;
    return { invitations, complete: true, change: report(false, false, [], summary, trail) };
  }
  return { invitations, complete: true, change: report(true, false, [revocation(id)], `Revoked invitation ${id}`, trail) };
}

/**
 * Reads the email's pending invitations (and accepted ones, which only wait for a sign-up: a
 * provisioned invitation is deleted), then revokes each one; a preview only lists them.
 */
async function revokeByEmail(connection: Connection, request: Extract<RevokeRequest, { email: string }>, preview: boolean, trail: AuditTrail) {
  const { email, types, projectId, includeAccepted } = request;
  const status = includeAccepted ? undefined : 'PENDING';
  const search = await findInvitations(connection, { email, types, projectId, status }, Date.now() + revokeScan.budgetMs, trail);
  const invitations: RevokedInvitation[] = [];
  const fields: FieldChange[] = [];
  for (const invitation of search.invitations) {
    const outcome = preview ? 'would-revoke' : await deleteInvitation(connection, invitation.id, trail);
    invitations.push({ ...invitationRow(invitation), outcome });
    if (outcome !== 'already-gone') fields.push(revocation(invitation.id, invitation.status));
  }
  const acted = fields.length;
  const kind = includeAccepted ? 'open' : 'pending';
  const summary = emailSummary(email, kind, acted, invitations.length - acted, preview, search.complete);
  return { invitations, complete: search.complete, change: report(!preview && acted > 0, preview, fields, summary, trail) };
}

function emailSummary(email: string, kind: 'pending' | 'open', acted: number, gone: number, preview: boolean, complete: boolean): string {
  const count = (n: number) => `${n} ${kind} ${n === 1 ? 'invitation' : 'invitations'}`;
  const cut = complete ? '' : `; not every invitation could be read within ${revokeScan.budgetMs / 1000} s, so run the step again to catch any left`;
  if (acted === 0 && gone === 0) return `Nothing to revoke: no ${kind} invitation for ${email}${cut}`;
  if (preview) return `Would revoke ${count(acted)} for ${email}${cut}`;
  const alsoGone = gone === 0 ? '' : ` (${gone} more were already gone)`;
  return acted === 0 ? `Nothing to revoke: the ${count(gone)} for ${email} were already gone${cut}` : `Revoked ${count(acted)} for ${email}${alsoGone}${cut}`;
}
