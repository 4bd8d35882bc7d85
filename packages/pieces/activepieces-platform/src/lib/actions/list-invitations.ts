import { createAction, Property } from '@activepieces/pieces-framework';
import { InputError, parseEnum } from '@user-admin-pieces/common';
import { activepiecesPlatformAuth } from '../auth';
import { findInvitations, InvitationRow, invitationRow } from '../common/access';
import { connectionOf } from '../common/client';
import { INVITATION_STATUSES, INVITATION_TYPES } from '../common/enums';
import { invitationStatusDropdown, invitationTypeDropdown, parseEmail, parseOptionalApId, projectDropdown, scanDeadline, timeBudgetProp } from '../common/props';

export interface InvitationListing {
  invitations: InvitationRow[];
  count: number;
  /** False when the time budget ran out before the end of the list: there may be more. */
  complete: boolean;
  summary: string;
}

export const listInvitationsAction = createAction({
  auth: activepiecesPlatformAuth,
  name: 'list_invitations',
  displayName: 'List Invitations',
  description:
    "List the platform's invitations of one type, optionally of one project, with one status or for one email. The step reads the whole list within a time budget, and says so when the budget ran out first.",
  props: {
    type: invitationTypeDropdown({ required: true, description: 'Platform invitations, or project invitations.' }),
    projectId: projectDropdown({ required: false, description: 'For project invitations: only those of this team project. Leave empty for every project.' }),
    status: invitationStatusDropdown({ required: false, description: 'Only invitations with this status. Leave empty for any status.' }),
    email: Property.ShortText({ displayName: 'Email', description: 'Only invitations for this email, matched without regard to case.', required: false }),
    timeBudgetSeconds: timeBudgetProp('the invitations (100 a request)'),
  },
  audience: 'both',
  aiMetadata: {
    description:
      'Lists Activepieces invitations of type PLATFORM or PROJECT, optionally filtered by projectId (PROJECT only), status (PENDING/ACCEPTED) and email (case-insensitive). Reads GET /v1/user-invitations page by page within timeBudgetSeconds (default 120). Returns {invitations: [{id, email, type, status, platformRole, projectId, projectRole, created}], count, complete, summary}; complete false means the budget ran out and there may be more. Read-only.',
    idempotent: true,
  },
  async run({ auth, propsValue }): Promise<InvitationListing> {
    const type = parseEnum(propsValue.type, INVITATION_TYPES, 'type');
    if (type === undefined) throw new InputError('type', 'type is required: choose Platform or Project.');
    const projectId = parseOptionalApId(propsValue.projectId, 'projectId', 'project');
    if (projectId !== undefined && type !== 'PROJECT') {
      throw new InputError('projectId', 'Platform invitations belong to no project: clear Project, or choose Project as the invitation type.');
    }
    const status = parseEnum(propsValue.status, INVITATION_STATUSES, 'status');
    const email = parseEmail(propsValue.email, 'email');
    const { deadline, budgetSeconds } = scanDeadline(propsValue.timeBudgetSeconds, Date.now());
    const search = await findInvitations(connectionOf(auth.props), { email, types: [type], projectId, status }, deadline);
    const invitations = search.invitations.map(invitationRow);
    return { invitations, count: invitations.length, complete: search.complete, summary: listingSummary(invitations.length, search.complete, budgetSeconds) };
  },
});

export function listingSummary(count: number, complete: boolean, budgetSeconds: number): string {
  const found = `${count} ${count === 1 ? 'invitation' : 'invitations'}`;
  return complete ? found : `${found} found before the time budget of ${budgetSeconds} s ran out: the list was not read to its end, so there may be more.`;
}
