import { createAction } from '@activepieces/pieces-framework';
import { AuditTrail, ChangeReport, InputError, isPreview, previewOnlyProp } from '@user-admin-pieces/common';
import { activepiecesPlatformAuth } from '../auth';
import { lookUpProjectMember, memberName, memberProject, notAMember, resolveMemberRef } from '../common/access';
import { connectionOf, updateProjectMemberRole } from '../common/client';
import { parseApId, parseProjectRole, projectDropdown, projectRoleDropdown } from '../common/props';
import { parseUserRef, userRefProps } from '../common/user-ref-props';

export const CHANGE_PROJECT_ROLE_AUDIT_ACTION = 'activepieces-platform/change_project_role';

export const changeProjectRoleAction = createAction({
  auth: activepiecesPlatformAuth,
  name: 'change_project_role',
  displayName: 'Change Project Role',
  description:
    "Change a user's role in one team project. The user is found among the project's members by id, email or external id. When they already have that role, nothing is sent.",
  props: {
    ...userRefProps,
    projectId: projectDropdown({ required: true, description: 'The team project. Type to search by name, or map a project id.' }),
    role: projectRoleDropdown({ required: true, description: 'The role the user gets in the project, e.g. Editor.' }),
    previewOnly: previewOnlyProp,
  },
  audience: 'both',
  aiMetadata: {
    description:
      "Changes a user's project role (role name such as Admin, Editor, Viewer) in one Activepieces team project (projectId). The user is given by exactly one of userId, email (case-insensitive) or externalId, and must be a member of the project. Returns the project member (id, userId, projectId, projectRole, user) plus `change` {applied, preview, fields [{field: projectRole, from, to}], summary, audit}. With previewOnly true it changes nothing. Re-running is safe: when the user already has the role, nothing is sent.",
    idempotent: true,
  },
  async run({ auth, propsValue }) {
    const ref = parseUserRef(propsValue);
    const projectId = parseApId(propsValue.projectId, 'projectId', 'project');
    const role = parseProjectRole(propsValue.role, 'role');
    if (role === undefined) throw new InputError('role', 'role is required: pick a project role, e.g. Editor.');
    const connection = connectionOf(auth.props);
    const trail = new AuditTrail(CHANGE_PROJECT_ROLE_AUDIT_ACTION, projectId);
    const who = await resolveMemberRef(connection, ref, trail);
    const member = await lookUpProjectMember(connection, projectId, who, trail);
    if (member === undefined) throw notAMember(who, projectId);
    const preview = isPreview(propsValue.previewOnly);
    const current = member.projectRole?.name ?? member.projectRoleId;
    const whose = `the role of ${memberName(member)} in ${memberProject(member)}`;
    if (current === role) {
      const summary = `Nothing to change: ${memberName(member)} is already ${role} in ${memberProject(member)}`;
      return { ...member, change: { applied: false, preview, fields: [], summary, audit: trail.finish() } satisfies ChangeReport };
    }
    const fields = [{ field: 'projectRole', from: current, to: role }];
    if (preview) {
      return { ...member, change: { applied: false, preview, fields, summary: `Would change ${whose}: ${current} → ${role}`, audit: trail.finish() } satisfies ChangeReport };
    }
    const updated = await updateProjectMemberRole(connection, member.id, role, trail);
    return { ...updated, change: { applied: true, preview, fields, summary: `Changed ${whose}: ${current} → ${role}`, audit: trail.finish() } satisfies ChangeReport };
  },
});
