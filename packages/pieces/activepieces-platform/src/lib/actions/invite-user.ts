import { createAction, Property } from '@activepieces/pieces-framework';
import { AuditTrail, ChangeReport, Connection, FieldChange, InputError, isBlank, isPreview, parseEnum, previewOnlyProp, unreadFields } from '@user-admin-pieces/common';
import { activepiecesPlatformAuth } from '../auth';
import { findInvitations, sameEmail } from '../common/access';
import { connectionOf, createInvitation, getProject } from '../common/client';
import { INVITATION_TYPES, PLATFORM_ROLES } from '../common/enums';
import { parseApId, parseEmail, parseProjectRole, platformRoleDropdown, projectDropdown, projectRoleDropdown, invitationTypeDropdown } from '../common/props';
import { Invitation, InvitationBody, Project } from '../common/types';

export const INVITE_USER_AUDIT_ACTION = 'activepieces-platform/invite_user';

/** How long a preview may look for an invitation that already exists. */
export const invitePreview = { budgetMs: 60_000 };

export const inviteUserAction = createAction({
  auth: activepiecesPlatformAuth,
  name: 'invite_user',
  displayName: 'Invite User',
  description:
    'Invite a person to the platform or to one team project. Activepieces accepts an invitation sent with an API key at once: a person who already has an account joins right away, others when they sign up. Inviting the same email to the same project again updates that invitation (its role); running the step again is safe.',
  props: {
    type: invitationTypeDropdown({ required: true, description: 'Platform: they join the platform with a platform role. Project: they join one team project with a project role.' }),
    email: Property.ShortText({ displayName: 'Email', description: 'The email address of the person to invite.', required: true }),
    platformRole: platformRoleDropdown({ required: false, description: 'For a platform invitation: the role they get on the platform.' }),
    projectId: projectDropdown({ required: false, description: 'For a project invitation: the team project they join. Type to search by name, or map a project id.' }),
    projectRole: projectRoleDropdown({ required: false, description: 'For a project invitation: the role they get in the project, e.g. Editor.' }),
    previewOnly: previewOnlyProp,
  },
  audience: 'both',
  aiMetadata: {
    description:
      'Creates an Activepieces invitation (a PROJECT one is updated in place when the email already has one for that project). type PLATFORM needs email and platformRole (ADMIN/MEMBER/OPERATOR); type PROJECT needs email, projectId (a team project) and projectRole (a role name such as Admin, Editor, Viewer). Invitations sent with an API key are accepted at once. Returns the invitation (id, email, type, status, platformRole, projectId, projectRole, link when the instance has no SMTP) plus `change` {applied, preview, fields, summary, audit}. With previewOnly true it sends nothing: it reads the existing invitations for that email and says what would be sent. Re-running with the same values is safe: the same role is granted again.',
    idempotent: true,
  },
  async run({ auth, propsValue }) {
    const body = buildInvitationBody(propsValue);
    const connection = connectionOf(auth.props);
    const trail = new AuditTrail(INVITE_USER_AUDIT_ACTION, body.email);
    if (isPreview(propsValue.previewOnly)) return preview(connection, body, trail);
    const invitation = await createInvitation(connection, body, trail);
    const summary = `Invited ${body.email} to ${target(body)} as ${roleOf(body)} (status ${invitation.status})`;
    return { ...invitation, change: { applied: true, preview: false, fields: unreadFields({ ...body }), summary, audit: trail.finish() } satisfies ChangeReport };
  },
});

export interface InviteUserProps {
  type?: unknown;
  email?: unknown;
  platformRole?: unknown;
  projectId?: unknown;
  projectRole?: unknown;
}

/** The request body, or an InputError naming the prop to fix: each type takes exactly its own props. */
export function buildInvitationBody(props: InviteUserProps): InvitationBody {
  const type = parseEnum(props.type, INVITATION_TYPES, 'type');
  if (type === undefined) throw new InputError('type', 'type is required: choose Platform or Project.');
  const email = parseEmail(props.email, 'email');
  if (email === undefined) throw new InputError('email', 'email is required: the address of the person to invite.');
  if (type === 'PLATFORM') {
    if (!isBlank(props.projectId) || !isBlank(props.projectRole)) {
      throw new InputError('projectId, projectRole', 'A platform invitation takes no project or project role: clear them, or choose Project as the invitation type.');
    }
    const platformRole = parseEnum(props.platformRole, PLATFORM_ROLES, 'platformRole');
    if (platformRole === undefined) throw new InputError('platformRole', 'platformRole is required for a platform invitation: choose Admin, Member or Operator.');
    return { type, email, platformRole };
  }
  if (!isBlank(props.platformRole)) {
    throw new InputError('platformRole', 'A project invitation takes no platform role (a new user joins the platform as a member): clear it, or choose Platform as the invitation type.');
  }
  const projectId = parseApId(props.projectId, 'projectId', 'project');
  const projectRole = parseProjectRole(props.projectRole, 'projectRole');
  if (projectRole === undefined) throw new InputError('projectRole', 'projectRole is required for a project invitation: pick a role, e.g. Editor.');
  return { type, email, projectId, projectRole };
}

function target(body: InvitationBody): string {
  return body.type === 'PLATFORM' ? 'the platform' : `project ${body.projectId}`;
}

function roleOf(body: InvitationBody): string {
  return body.type === 'PLATFORM' ? body.platformRole : body.projectRole;
}

function roleOfInvitation(invitation: Invitation): string | null {
  return invitation.type === 'PLATFORM' ? invitation.platformRole : (invitation.projectRole?.name ?? invitation.projectRoleId);
}

/**
 * Reads what a real run depends on: for a project invitation the project (Activepieces invites only
 * to team projects), then the invitations of that type (and project) for the email.
 */
async function preview(connection: Connection, body: InvitationBody, trail: AuditTrail) {
  const projectId = body.type === 'PROJECT' ? body.projectId : undefined;
  const project = projectId === undefined ? undefined : await getProject(connection, projectId, {}, trail);
  if (project?.type === 'PERSONAL') {
    throw new InputError('projectId', `Project ${project.displayName} (${project.id}) is a personal project: Activepieces invites only to team projects, so a real run would be refused. Pick a team project.`);
  }
  const search = await findInvitations(connection, { email: body.email, types: [body.type], projectId }, Date.now() + invitePreview.budgetMs, trail);
  const existing = search.invitations.find((invitation) => sameEmail(invitation.email, body.email)) ?? null;
  // Only a project invitation is updated in place; a platform one is added again (see previewSummary).
  const fields: FieldChange[] =
    existing && body.type === 'PROJECT' ? [{ field: 'projectRole', from: roleOfInvitation(existing), to: body.projectRole }] : unreadFields({ ...body });
  const change: ChangeReport = { applied: false, preview: true, fields, summary: previewSummary(body, existing, search.complete, project), audit: trail.finish() };
  return { request: body, existing, change };
}

function previewSummary(body: InvitationBody, existing: Invitation | null, complete: boolean, project: Project | undefined): string {
  const acceptedAtOnce = 'Activepieces accepts an invitation sent with an API key at once';
  const to = project === undefined ? target(body) : `project ${project.displayName}`;
  const where = `${to} as ${roleOf(body)}`;
  if (existing === null) {
    const unknown = complete ? 'no invitation for this email yet' : `not every invitation could be read within ${invitePreview.budgetMs / 1000} s, so one may exist already`;
    return `Would invite ${body.email} to ${where} (${unknown}). ${acceptedAtOnce}.`;
  }
  const role = roleOfInvitation(existing) ?? '(none)';
  const had = `the ${existing.status.toLowerCase()} invitation of ${body.email}`;
  // Upstream upserts on (email, platform, project): a platform invitation's project is NULL, which
  // Postgres never matches, so a platform invitation is added again rather than updated.
  if (body.type === 'PLATFORM') return `Would invite ${body.email} to ${where} again (${had} has role ${role}). ${acceptedAtOnce}.`;
  if (role === roleOf(body)) return `Would send ${had} to ${where} again (the role stays ${role}). ${acceptedAtOnce}.`;
  return `Would update ${had} to ${to}: role ${role} → ${roleOf(body)}. ${acceptedAtOnce}.`;
}
