import { createAction } from '@activepieces/pieces-framework';
import { AuditTrail, ChangeReport, isPreview, previewOnlyProp } from '@user-admin-pieces/common';
import { activepiecesPlatformAuth } from '../auth';
import { describeMemberRef, lookUpProjectMember, MembershipRow, membershipRow, memberName, memberProject, resolveMemberRef } from '../common/access';
import { connectionOf, deleteProjectMember } from '../common/client';
import { parseApId, projectDropdown } from '../common/props';
import { parseUserRef, userRefProps } from '../common/user-ref-props';

export const REMOVE_FROM_PROJECT_AUDIT_ACTION = 'activepieces-platform/remove_from_project';

export const removeFromProjectAction = createAction({
  auth: activepiecesPlatformAuth,
  name: 'remove_from_project',
  displayName: 'Remove from Project',
  description:
    'Remove a user from one team project (their account and other projects stay). The user is found among the project\'s members by id, email or external id. When they are not a member, nothing is sent.',
  props: {
    ...userRefProps,
    projectId: projectDropdown({ required: true, description: 'The team project. Type to search by name, or map a project id.' }),
    previewOnly: previewOnlyProp,
  },
  audience: 'both',
  aiMetadata: {
    description:
      'Removes a user from one Activepieces team project (projectId). The user is given by exactly one of userId, email (case-insensitive) or externalId. Returns {removed: {memberId, projectId, projectName, role, userId, email} | null, change {applied, preview, fields, summary, audit}}; removed holds the role, so Invite User (type PROJECT) can restore it. With previewOnly true it removes nothing. Re-running is safe: a user who is not a member is reported as such and nothing is sent.',
    idempotent: true,
  },
  async run({ auth, propsValue }) {
    const ref = parseUserRef(propsValue);
    const projectId = parseApId(propsValue.projectId, 'projectId', 'project');
    const connection = connectionOf(auth.props);
    const trail = new AuditTrail(REMOVE_FROM_PROJECT_AUDIT_ACTION, projectId);
    const who = await resolveMemberRef(connection, ref, trail);
    const member = await lookUpProjectMember(connection, projectId, who, trail);
    const preview = isPreview(propsValue.previewOnly);
    const report = (applied: boolean, removed: MembershipRow | null, summary: string): { removed: MembershipRow | null; change: ChangeReport } => ({
      removed,
      change: { applied, preview, fields: removed ? [{ field: 'membership', from: removed.role, to: null }] : [], summary, audit: trail.finish() },
    });
    if (member === undefined) return report(false, null, `Nothing to remove: ${describeMemberRef(who)} is already not a member of project ${projectId}`);
    const row = membershipRow(member);
    const what = `${memberName(member)} (${row.role}) from ${memberProject(member)}`;
    if (preview) return report(false, row, `Would remove ${what}`);
    const outcome = await deleteProjectMember(connection, member.id, trail);
    if (outcome === 'already-gone') return report(false, null, `Nothing to remove: ${memberName(member)} is already not a member of ${memberProject(member)}`);
    return report(true, row, `Removed ${what}`);
  },
});
