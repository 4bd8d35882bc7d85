// The invitation and project member actions and dropdowns against the sandbox's Activepieces fake,
// which answers as upstream's controllers do (provisioning, team-project checks, plan gates): what
// the fake stored afterwards, and a re-run that finds nothing left to do.
import { ApiError } from '@user-admin-pieces/common';
import { customAuthValue, propertyContext, rejection, runActionInProcess } from '@user-admin-pieces/common/testing';
import {
  ActivepiecesSandbox,
  AP_MEMBER_FINANCE_MEMBERSHIP_ID,
  AP_MEMBER_ID,
  AP_MEMBER_MARKETING_MEMBERSHIP_ID,
  AP_MEMBER_PERSONAL_PROJECT_ID,
  AP_MEMBER_SUPPORT_INVITATION_ID,
  AP_OPERATOR_ID,
  AP_PENDING_PROJECT_INVITATION_ID,
  AP_PROJECT_FINANCE_ID,
  AP_PROJECT_MARKETING_ID,
  AP_PROJECT_SUPPORT_ID,
  AP_ROLE_EDITOR_ID,
  AP_ROLE_VIEWER_ID,
  startActivepiecesSandbox,
} from '@user-admin-pieces/sandbox';
import { changeProjectRoleAction } from '../src/lib/actions/change-project-role';
import { inviteUserAction } from '../src/lib/actions/invite-user';
import { listInvitationsAction } from '../src/lib/actions/list-invitations';
import { listUserMembershipsAction } from '../src/lib/actions/list-user-memberships';
import { removeFromProjectAction } from '../src/lib/actions/remove-from-project';
import { revokeInvitationAction } from '../src/lib/actions/revoke-invitation';
import { authProps } from './helpers';

const GRACE = 'grace.hopper@example.com';

describe('against the sandbox', () => {
  let sandbox: ActivepiecesSandbox;
  beforeAll(async () => {
    sandbox = await startActivepiecesSandbox();
  });
  afterEach(() => sandbox.reset());
  afterAll(() => sandbox.close());

  const run = (action: Parameters<typeof runActionInProcess>[0], props: Record<string, unknown>) => runActionInProcess(action, authProps(sandbox.baseUrl, sandbox.apiKey), props);
  const writes = () => sandbox.requests.filter((request) => request.method !== 'GET').map((request) => `${request.method} ${request.path}`);
  const graceMemberships = () => sandbox.members().filter((kept) => kept.userId === AP_MEMBER_ID);

  it('lists the pending project invitations of the platform only', async () => {
    const output = await run(listInvitationsAction, { type: 'PROJECT', status: 'PENDING' });
    expect(output).toMatchObject({
      complete: true,
      count: 2,
      invitations: [
        { id: AP_MEMBER_SUPPORT_INVITATION_ID, email: GRACE, projectId: AP_PROJECT_SUPPORT_ID, projectRole: 'Editor' },
        { id: AP_PENDING_PROJECT_INVITATION_ID, projectId: AP_PROJECT_MARKETING_ID, projectRole: 'Viewer' },
      ],
    });
  });

  it('invites someone without an account to a project: the invitation waits, accepted', async () => {
    const output = await run(inviteUserAction, { type: 'PROJECT', email: 'New.Analyst@example.com', projectId: AP_PROJECT_FINANCE_ID, projectRole: 'Viewer' });
    expect(output).toMatchObject({ email: 'new.analyst@example.com', type: 'PROJECT', status: 'ACCEPTED', projectId: AP_PROJECT_FINANCE_ID, change: { applied: true } });
    expect(sandbox.invitations()).toContainEqual(expect.objectContaining({ email: 'new.analyst@example.com', projectId: AP_PROJECT_FINANCE_ID, projectRoleId: AP_ROLE_VIEWER_ID, status: 'ACCEPTED' }));
  });

  it('invites a user who has an account to a project: they become a member at once', async () => {
    await run(inviteUserAction, { type: 'PROJECT', email: 'alan.turing@example.com', projectId: AP_PROJECT_FINANCE_ID, projectRole: 'Editor' });
    expect(sandbox.members()).toContainEqual(expect.objectContaining({ userId: AP_OPERATOR_ID, projectId: AP_PROJECT_FINANCE_ID, projectRoleId: AP_ROLE_EDITOR_ID }));
  });

  it('previews the update of a pending project invitation by name, from reads only', async () => {
    const output = await run(inviteUserAction, { type: 'PROJECT', email: 'contractor@example.com', projectId: AP_PROJECT_MARKETING_ID, projectRole: 'Editor', previewOnly: true });
    expect(output).toMatchObject({
      existing: { id: AP_PENDING_PROJECT_INVITATION_ID },
      change: {
        fields: [{ field: 'projectRole', from: 'Viewer', to: 'Editor' }],
        summary: 'Would update the pending invitation of contractor@example.com to project Marketing: role Viewer → Editor. Activepieces accepts an invitation sent with an API key at once.',
      },
    });
    expect(writes()).toEqual([]);
  });

  it('refuses a project invitation to a personal project with the server\'s sentence', async () => {
    const error = await rejection(run(inviteUserAction, { type: 'PROJECT', email: 'x@example.com', projectId: AP_MEMBER_PERSONAL_PROJECT_ID, projectRole: 'Editor' }), ApiError);
    expect(error).toMatchObject({ status: 409, code: 'VALIDATION', message: 'Activepieces refused the change: Project must be a team project.' });
  });

  it('revokes every pending invitation for an email, and a second run has nothing to do', async () => {
    const first = await run(revokeInvitationAction, { email: 'Grace.Hopper@example.com' });
    const second = await run(revokeInvitationAction, { email: 'Grace.Hopper@example.com' });
    expect(first).toMatchObject({ invitations: [{ id: AP_MEMBER_SUPPORT_INVITATION_ID, outcome: 'revoked' }], change: { applied: true } });
    expect(second).toMatchObject({ invitations: [], change: { applied: false, summary: 'Nothing to revoke: no pending invitation for Grace.Hopper@example.com' } });
    // The other platform's invitation for the same email is not this key's to see.
    expect(sandbox.invitations().filter((kept) => kept.email === GRACE).map((kept) => kept.id)).toEqual(['inviteOtherPlatform04']);
    expect(writes()).toEqual([`DELETE /api/v1/user-invitations/${AP_MEMBER_SUPPORT_INVITATION_ID}`]);
  });

  it('revokes an accepted invitation that waits for a sign-up only when asked to', async () => {
    const pendingOnly = await run(revokeInvitationAction, { email: 'future.analyst@example.com' });
    const withAccepted = await run(revokeInvitationAction, { email: 'future.analyst@example.com', includeAccepted: true });
    expect(pendingOnly).toMatchObject({ invitations: [], change: { applied: false, summary: 'Nothing to revoke: no pending invitation for future.analyst@example.com' } });
    expect(withAccepted).toMatchObject({
      invitations: [{ id: 'inviteAcceptedFutur05', status: 'ACCEPTED', outcome: 'revoked' }],
      change: { applied: true, fields: [{ field: 'invitation inviteAcceptedFutur05', from: 'ACCEPTED', to: 'REVOKED' }], summary: 'Revoked 1 open invitation for future.analyst@example.com' },
    });
    expect(sandbox.invitations().some((kept) => kept.email === 'future.analyst@example.com')).toBe(false);
  });

  it('lists a user\'s team memberships, not their personal project', async () => {
    const output = await run(listUserMembershipsAction, { email: GRACE });
    expect(output).toMatchObject({
      complete: true,
      count: 2,
      memberships: [
        { memberId: AP_MEMBER_MARKETING_MEMBERSHIP_ID, projectName: 'Marketing', role: 'Editor', userId: AP_MEMBER_ID },
        { memberId: AP_MEMBER_FINANCE_MEMBERSHIP_ID, projectName: 'Finance', role: 'Viewer', userId: AP_MEMBER_ID },
      ],
    });
  });

  it('changes a project role, and a second run sends nothing', async () => {
    const first = await run(changeProjectRoleAction, { userId: AP_MEMBER_ID, projectId: AP_PROJECT_FINANCE_ID, role: 'Editor' });
    const second = await run(changeProjectRoleAction, { userId: AP_MEMBER_ID, projectId: AP_PROJECT_FINANCE_ID, role: 'Editor' });
    expect(first).toMatchObject({ change: { applied: true, summary: `Changed the role of ${GRACE} in project Finance: Viewer → Editor` } });
    expect(second).toMatchObject({ change: { applied: false, summary: `Nothing to change: ${GRACE} is already Editor in project Finance` } });
    expect(graceMemberships().find((kept) => kept.projectId === AP_PROJECT_FINANCE_ID)?.projectRoleId).toBe(AP_ROLE_EDITOR_ID);
    expect(writes()).toEqual([`POST /api/v1/project-members/${AP_MEMBER_FINANCE_MEMBERSHIP_ID}`]);
  });

  it('removes a user from a project, and a second run sends nothing', async () => {
    const first = await run(removeFromProjectAction, { email: GRACE, projectId: AP_PROJECT_MARKETING_ID });
    const second = await run(removeFromProjectAction, { email: GRACE, projectId: AP_PROJECT_MARKETING_ID });
    expect(first).toMatchObject({ removed: { memberId: AP_MEMBER_MARKETING_MEMBERSHIP_ID, role: 'Editor' }, change: { applied: true } });
    expect(second).toMatchObject({ removed: null, change: { applied: false } });
    expect(graceMemberships().map((kept) => kept.projectId)).toEqual([AP_PROJECT_FINANCE_ID]);
    expect(writes()).toEqual([`DELETE /api/v1/project-members/${AP_MEMBER_MARKETING_MEMBERSHIP_ID}`]);
  });

  it('offers the platform\'s project roles and searches its team projects', async () => {
    const auth = { auth: customAuthValue(authProps(sandbox.baseUrl, sandbox.apiKey)) };
    const roles = await changeProjectRoleAction.props.role.options(auth, propertyContext());
    const projects = await changeProjectRoleAction.props.projectId.options(auth, propertyContext('fin'));
    expect(roles.options.map((option) => option.value)).toEqual(['Admin', 'Editor', 'Viewer']);
    expect(roles.placeholder).toBe('Select a project role');
    expect(projects.options).toEqual([{ label: `Finance (${AP_PROJECT_FINANCE_ID})`, value: AP_PROJECT_FINANCE_ID }]);
  });
});

describe('against a sandbox whose plan lacks project roles and has one seat', () => {
  let sandbox: ActivepiecesSandbox;
  beforeAll(async () => {
    sandbox = await startActivepiecesSandbox({ plan: { projectRolesEnabled: false, userSeatsLimit: 1 } });
  });
  afterAll(() => sandbox.close());
  const run = (action: Parameters<typeof runActionInProcess>[0], props: Record<string, unknown>) => runActionInProcess(action, authProps(sandbox.baseUrl, sandbox.apiKey), props);

  it('says which feature a project invitation needs', async () => {
    const error = await rejection(run(inviteUserAction, { type: 'PROJECT', email: 'x@example.com', projectId: AP_PROJECT_FINANCE_ID, projectRole: 'Editor' }), ApiError);
    expect(error).toMatchObject({
      status: 402,
      message:
        'This Activepieces plan does not include project members and roles, which project invitations need (plan flag projectRolesEnabled), so it refused POST /v1/user-invitations: Feature is disabled. Ask the platform owner to upgrade the plan or turn the feature on, then run again.',
    });
  });

  it('says which limit a new platform user would pass', async () => {
    // Otto has an account (on another platform), so accepting the invitation would add a user here.
    const error = await rejection(run(inviteUserAction, { type: 'PLATFORM', email: 'otto.other@example.com', platformRole: 'MEMBER' }), ApiError);
    expect(error).toMatchObject({ status: 402, code: 'QUOTA_EXCEEDED', message: 'The Activepieces plan limit (user seats) is reached. Raise the limit or free up usage, then run again.' });
    expect(sandbox.invitations().some((kept) => kept.email === 'otto.other@example.com' && kept.platformId === sandbox.platformId)).toBe(false);
  });
});
