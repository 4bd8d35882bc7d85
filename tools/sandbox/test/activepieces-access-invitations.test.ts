import { startActivepiecesSandbox } from '../src/activepieces/server';
import {
  AP_MEMBER_ID,
  AP_MEMBER_SUPPORT_INVITATION_ID,
  AP_OPERATOR_ID,
  AP_OTHER_PLATFORM_PROJECT_ID,
  AP_PENDING_PLATFORM_INVITATION_ID,
  AP_PENDING_PLATFORM_INVITE_EMAIL,
  AP_PENDING_PROJECT_INVITATION_ID,
  AP_PENDING_PROJECT_INVITE_EMAIL,
  AP_PLATFORM_ID,
  AP_PROJECT_FINANCE_ID,
  AP_PROJECT_MARKETING_ID,
  AP_PROJECT_SUPPORT_ID,
  AP_ROLE_EDITOR_ID,
  AP_ROLE_VIEWER_ID,
} from '../src/seed';
import { personalProjectId } from '../src/activepieces/seed-access';
import { apiWithKey, useFake } from './fixtures';
import { call } from './http';

const FST_VALIDATION = { statusCode: 400, code: 'FST_ERR_VALIDATION', error: 'Bad Request' };
const AP_ID = expect.stringMatching(/^[0-9a-zA-Z]{21}$/);
const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

describe('Activepieces sandbox: GET /v1/user-invitations', () => {
  const ap = useFake(() => startActivepiecesSandbox());
  const api = apiWithKey(ap);

  it('lists the pending project invitations of the platform, oldest first, each with its role', async () => {
    const res = await api.get('/v1/user-invitations?type=PROJECT&status=PENDING');
    expect(res.status).toBe(200);
    const editor = ap.projectRoles().find((role) => role.id === AP_ROLE_EDITOR_ID);
    const viewer = ap.projectRoles().find((role) => role.id === AP_ROLE_VIEWER_ID);
    expect(res.json).toEqual({
      data: [
        {
          id: AP_MEMBER_SUPPORT_INVITATION_ID,
          created: '2024-09-02T10:00:00.000Z',
          updated: '2024-09-02T10:00:00.000Z',
          email: 'grace.hopper@example.com',
          status: 'PENDING',
          type: 'PROJECT',
          platformId: AP_PLATFORM_ID,
          platformRole: null,
          projectId: AP_PROJECT_SUPPORT_ID,
          projectRoleId: AP_ROLE_EDITOR_ID,
          projectRole: editor,
        },
        {
          id: AP_PENDING_PROJECT_INVITATION_ID,
          created: '2024-09-04T10:00:00.000Z',
          updated: '2024-09-04T10:00:00.000Z',
          email: AP_PENDING_PROJECT_INVITE_EMAIL,
          status: 'PENDING',
          type: 'PROJECT',
          platformId: AP_PLATFORM_ID,
          platformRole: null,
          projectId: AP_PROJECT_MARKETING_ID,
          projectRoleId: AP_ROLE_VIEWER_ID,
          projectRole: viewer,
        },
      ],
      next: null,
      previous: null,
    });
  });

  it('lists platform invitations, pending and accepted, with a null projectRole', async () => {
    const all = await api.get('/v1/user-invitations?type=PLATFORM');
    expect((all.json as { data: Array<Record<string, unknown>> }).data.map((row) => [row['id'], row['status'], row['platformRole'], row['projectRole']])).toEqual([
      [AP_PENDING_PLATFORM_INVITATION_ID, 'PENDING', 'MEMBER', null],
      ['inviteAcceptedFutur05', 'ACCEPTED', 'OPERATOR', null],
    ]);
    const accepted = await api.get('/v1/user-invitations?type=PLATFORM&status=ACCEPTED');
    expect((accepted.json as { data: Array<{ email: string }> }).data.map((row) => row.email)).toEqual(['future.analyst@example.com']);
  });

  it('filters by project and pages with limit and cursor', async () => {
    const marketing = await api.get(`/v1/user-invitations?type=PROJECT&projectId=${AP_PROJECT_MARKETING_ID}`);
    expect((marketing.json as { data: Array<{ id: string }> }).data.map((row) => row.id)).toEqual([AP_PENDING_PROJECT_INVITATION_ID]);

    const first = (await api.get('/v1/user-invitations?type=PROJECT&limit=1')).json as { data: Array<{ id: string }>; next: string; previous: null };
    expect(first.data.map((row) => row.id)).toEqual([AP_MEMBER_SUPPORT_INVITATION_ID]);
    expect(first.next).toEqual(expect.any(String));
    expect(first.previous).toBeNull();
    const second = (await api.get(`/v1/user-invitations?type=PROJECT&limit=1&cursor=${first.next}`)).json as { data: Array<{ id: string }>; next: null; previous: string };
    expect(second.data.map((row) => row.id)).toEqual([AP_PENDING_PROJECT_INVITATION_ID]);
    expect(second.next).toBeNull();
    expect(second.previous).toEqual(expect.any(String));
  });

  it('never shows another platform’s invitations', async () => {
    const res = await api.get('/v1/user-invitations?type=PROJECT&limit=100');
    expect((res.json as { data: Array<{ platformId: string }> }).data.every((row) => row.platformId === AP_PLATFORM_ID)).toBe(true);
    expect(ap.invitations().some((invitation) => invitation.platformId !== AP_PLATFORM_ID)).toBe(true);
  });

  it.each([
    ['', 'querystring/type Invalid option: expected one of "PLATFORM"|"PROJECT"'],
    ['?type=TEAM', 'querystring/type Invalid option: expected one of "PLATFORM"|"PROJECT"'],
    ['?type=PROJECT&status=REVOKED', 'querystring/status Invalid option: expected one of "PENDING"|"ACCEPTED"'],
    ['?type=PROJECT&limit=ten', 'querystring/limit Invalid input: expected number, received NaN'],
  ])('refuses the query %s with 400 before the API key', async (query, message) => {
    const res = await call(`${ap.baseUrl}/v1/user-invitations${query}`);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ ...FST_VALIDATION, message });
  });

  it('answers the project checks for a projectId: 404 unknown, 409 personal, 403 another platform', async () => {
    const unknown = await api.get('/v1/user-invitations?type=PROJECT&projectId=noSuchProject00000000');
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ code: 'ENTITY_NOT_FOUND', params: { entityId: 'noSuchProject00000000', entityType: 'project' } });

    const personal = await api.get(`/v1/user-invitations?type=PROJECT&projectId=${personalProjectId(AP_MEMBER_ID)}`);
    expect(personal.status).toBe(409);
    expect(personal.json).toEqual({ code: 'VALIDATION', params: { message: 'Project must be a team project' } });

    const foreign = await api.get(`/v1/user-invitations?type=PROJECT&projectId=${AP_OTHER_PLATFORM_PROJECT_ID}`);
    expect(foreign.status).toBe(403);
    expect(foreign.json).toEqual({ code: 'AUTHORIZATION', params: { message: 'user does not have access to the project' } });
  });

  it('checks a projectId given with type PLATFORM too, but neither requires a team project nor filters by it', async () => {
    const personal = await api.get(`/v1/user-invitations?type=PLATFORM&projectId=${personalProjectId(AP_MEMBER_ID)}`);
    expect(personal.status).toBe(200);
    expect((personal.json as { data: Array<{ id: string }> }).data.map((row) => row.id)).toEqual([AP_PENDING_PLATFORM_INVITATION_ID, 'inviteAcceptedFutur05']);
    const foreign = await api.get(`/v1/user-invitations?type=PLATFORM&projectId=${AP_OTHER_PLATFORM_PROJECT_ID}`);
    expect(foreign.status).toBe(403);
  });
});

describe('Activepieces sandbox: POST /v1/user-invitations', () => {
  const ap = useFake(() => startActivepiecesSandbox());
  const api = apiWithKey(ap);

  it('accepts a project invitation for a platform user at once: membership made, the pending invitation gone, no link', async () => {
    const before = ap.invitations().find((invitation) => invitation.id === AP_MEMBER_SUPPORT_INVITATION_ID);
    const res = await api.post('/v1/user-invitations', { type: 'PROJECT', email: 'Grace.Hopper@example.com', projectId: AP_PROJECT_SUPPORT_ID, projectRole: 'editor' });

    expect(res.status).toBe(201);
    expect(res.json).toEqual({
      id: AP_ID,
      // An upsert of the row for (email, platform, project): the row keeps its creation time, gets a new id.
      created: before?.created,
      updated: ISO,
      email: 'grace.hopper@example.com',
      status: 'ACCEPTED',
      type: 'PROJECT',
      platformId: AP_PLATFORM_ID,
      platformRole: null,
      projectId: AP_PROJECT_SUPPORT_ID,
      projectRoleId: AP_ROLE_EDITOR_ID,
    });
    expect((res.json as { id: string }).id).not.toBe(AP_MEMBER_SUPPORT_INVITATION_ID);
    expect(ap.invitations().filter((invitation) => invitation.email === 'grace.hopper@example.com' && invitation.platformId === AP_PLATFORM_ID)).toEqual([]);
    expect(ap.members().filter((member) => member.userId === AP_MEMBER_ID && member.projectId === AP_PROJECT_SUPPORT_ID)).toEqual([
      { id: AP_ID, created: ISO, updated: ISO, platformId: AP_PLATFORM_ID, projectId: AP_PROJECT_SUPPORT_ID, userId: AP_MEMBER_ID, projectRoleId: AP_ROLE_EDITOR_ID },
    ]);
  });

  it('changes the role of an existing membership instead of adding one', async () => {
    const res = await api.post('/v1/user-invitations', { type: 'PROJECT', email: 'grace.hopper@example.com', projectId: AP_PROJECT_MARKETING_ID, projectRole: 'Viewer' });
    expect(res.status).toBe(201);
    const memberships = ap.members().filter((member) => member.userId === AP_MEMBER_ID && member.projectId === AP_PROJECT_MARKETING_ID);
    expect(memberships).toEqual([expect.objectContaining({ id: 'memberGraceMarketing1', projectRoleId: AP_ROLE_VIEWER_ID })]);
  });

  it('keeps an accepted invitation for someone who never signed up, and replaces it when sent again for the same project', async () => {
    const body = { type: 'PROJECT', email: ' New.Person@Example.com ', projectId: AP_PROJECT_FINANCE_ID, projectRole: 'Viewer' };
    const first = await api.post('/v1/user-invitations', body);
    expect(first.status).toBe(201);
    expect(first.json).toEqual(expect.objectContaining({ email: 'new.person@example.com', status: 'ACCEPTED', projectRoleId: AP_ROLE_VIEWER_ID }));

    const second = await api.post('/v1/user-invitations', { ...body, projectRole: 'Editor' });
    const stored = ap.invitations().filter((invitation) => invitation.email === 'new.person@example.com');
    expect(stored).toEqual([{ ...(second.json as object), projectRoleId: AP_ROLE_EDITOR_ID }]);
    expect(stored[0].id).not.toBe((first.json as { id: string }).id);
    expect(ap.users().some((user) => user.email === 'new.person@example.com')).toBe(false);

    const listed = await api.get('/v1/user-invitations?type=PROJECT&status=ACCEPTED');
    expect((listed.json as { data: Array<{ email: string }> }).data.map((row) => row.email)).toEqual(['new.person@example.com']);
  });

  it('adds a new platform invitation row each time for the same email (a NULL projectId never conflicts)', async () => {
    const body = { type: 'PLATFORM', email: AP_PENDING_PLATFORM_INVITE_EMAIL, platformRole: 'ADMIN' };
    const first = await api.post('/v1/user-invitations', body);
    const second = await api.post('/v1/user-invitations', body);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(first.json).toEqual({
      id: AP_ID,
      created: ISO,
      updated: ISO,
      email: AP_PENDING_PLATFORM_INVITE_EMAIL,
      status: 'ACCEPTED',
      type: 'PLATFORM',
      platformId: AP_PLATFORM_ID,
      platformRole: 'ADMIN',
      projectId: null,
      projectRoleId: null,
    });
    const rows = ap.invitations().filter((invitation) => invitation.email === AP_PENDING_PLATFORM_INVITE_EMAIL);
    expect(rows.map((row) => [row.status, row.platformRole])).toEqual([
      ['PENDING', 'MEMBER'],
      ['ACCEPTED', 'ADMIN'],
      ['ACCEPTED', 'ADMIN'],
    ]);
  });

  it('applies a platform invitation for a platform user to their role and keeps nothing', async () => {
    const res = await api.post('/v1/user-invitations', { type: 'PLATFORM', email: 'alan.turing@example.com', platformRole: 'ADMIN' });
    expect(res.status).toBe(201);
    expect(ap.user(AP_OPERATOR_ID)?.platformRole).toBe('ADMIN');
    expect(ap.invitations().some((invitation) => invitation.email === 'alan.turing@example.com')).toBe(false);
  });

  it('adds someone who has signed up on another platform as a new user with a personal project', async () => {
    const before = ap.users().length;
    const res = await api.post('/v1/user-invitations', { type: 'PLATFORM', email: 'otto.other@example.com', platformRole: 'OPERATOR' });
    expect(res.status).toBe(201);
    const added = ap.users().filter((user) => user.email === 'otto.other@example.com' && user.platformId === AP_PLATFORM_ID);
    expect(ap.users()).toHaveLength(before + 1);
    expect(added).toEqual([
      expect.objectContaining({ id: AP_ID, firstName: 'Otto', lastName: 'Other', status: 'ACTIVE', platformRole: 'OPERATOR', externalId: null }),
    ]);
    expect(ap.projects().filter((project) => project.ownerId === added[0].id)).toEqual([
      expect.objectContaining({ id: personalProjectId(added[0].id), displayName: "Otto's Project", type: 'PERSONAL', platformId: AP_PLATFORM_ID }),
    ]);
  });

  it.each([
    [{ type: 'PROJECT', email: 'x@example.com', projectId: AP_PROJECT_FINANCE_ID }],
    [{ type: 'PLATFORM', email: 'x@example.com', platformRole: 'OWNER' }],
    [{ type: 'TEAM', email: 'x@example.com' }],
    [{ type: 'PLATFORM', platformRole: 'MEMBER' }],
    [[]],
  ])('refuses %j with 400 body Invalid input, before the API key, storing nothing', async (body) => {
    const before = ap.invitations();
    const res = await call(`${ap.baseUrl}/v1/user-invitations`, { method: 'POST', body });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ ...FST_VALIDATION, message: 'body Invalid input' });
    expect(ap.invitations()).toEqual(before);
  });

  it('answers 404 for a role the platform does not have', async () => {
    const res = await api.post('/v1/user-invitations', { type: 'PROJECT', email: 'x@example.com', projectId: AP_PROJECT_FINANCE_ID, projectRole: 'Auditor' });
    expect(res.status).toBe(404);
    expect(res.json).toEqual({
      code: 'ENTITY_NOT_FOUND',
      params: { entityType: 'project_role', entityId: 'Auditor', message: 'Project Role by name and platformId not found' },
    });
  });

  it.each([
    ['noSuchProject00000000', 404, { code: 'ENTITY_NOT_FOUND', params: { entityId: 'noSuchProject00000000', entityType: 'project' } }],
    [personalProjectId(AP_MEMBER_ID), 409, { code: 'VALIDATION', params: { message: 'Project must be a team project' } }],
    [AP_OTHER_PLATFORM_PROJECT_ID, 403, { code: 'AUTHORIZATION', params: { message: 'user does not have access to the project' } }],
  ])('refuses a project invitation to %s with %i', async (projectId, status, body) => {
    const before = ap.invitations();
    const res = await api.post('/v1/user-invitations', { type: 'PROJECT', email: 'x@example.com', projectId, projectRole: 'Viewer' });
    expect(res.status).toBe(status);
    expect(res.json).toEqual(body);
    expect(ap.invitations()).toEqual(before);
  });
});

describe('Activepieces sandbox: DELETE /v1/user-invitations/:id', () => {
  const ap = useFake(() => startActivepiecesSandbox());
  const api = apiWithKey(ap);

  it('revokes with 204, then answers 404 ENTITY_NOT_FOUND', async () => {
    const first = await api.delete(`/v1/user-invitations/${AP_MEMBER_SUPPORT_INVITATION_ID}`);
    expect(first.status).toBe(204);
    expect(first.text).toBe('');
    expect(ap.invitations().some((invitation) => invitation.id === AP_MEMBER_SUPPORT_INVITATION_ID)).toBe(false);

    const again = await api.delete(`/v1/user-invitations/${AP_MEMBER_SUPPORT_INVITATION_ID}`);
    expect(again.status).toBe(404);
    expect(again.json).toEqual({ code: 'ENTITY_NOT_FOUND', params: { entityId: `id=${AP_MEMBER_SUPPORT_INVITATION_ID}`, entityType: 'UserInvitation' } });
  });

  it('does not see another platform’s invitation', async () => {
    const res = await api.delete('/v1/user-invitations/inviteOtherPlatform04');
    expect(res.status).toBe(404);
    expect(ap.invitations().some((invitation) => invitation.id === 'inviteOtherPlatform04')).toBe(true);
  });

  it('revokes a platform invitation', async () => {
    expect((await api.delete(`/v1/user-invitations/${AP_PENDING_PLATFORM_INVITATION_ID}`)).status).toBe(204);
    expect(ap.invitations().some((invitation) => invitation.id === AP_PENDING_PLATFORM_INVITATION_ID)).toBe(false);
  });

  it('asks for the API key', async () => {
    const res = await call(`${ap.baseUrl}/v1/user-invitations/${AP_MEMBER_SUPPORT_INVITATION_ID}`, { method: 'DELETE' });
    expect(res.status).toBe(403);
    expect(res.json).toEqual({ code: 'AUTHORIZATION', params: {} });
  });
});

describe('Activepieces sandbox: invitation plan gates', () => {
  const ap = useFake(() => startActivepiecesSandbox({ plan: { projectRolesEnabled: false, userSeatsLimit: 5 } }));
  const api = apiWithKey(ap);
  const FEATURE_DISABLED = { code: 'FEATURE_DISABLED', params: { message: 'Feature is disabled' } };

  it('refuses project invitations with 402 FEATURE_DISABLED without projectRolesEnabled: create, list by project, revoke', async () => {
    const before = ap.invitations();
    const create = await api.post('/v1/user-invitations', { type: 'PROJECT', email: 'x@example.com', projectId: AP_PROJECT_FINANCE_ID, projectRole: 'Viewer' });
    const list = await api.get(`/v1/user-invitations?type=PROJECT&projectId=${AP_PROJECT_MARKETING_ID}`);
    const revoke = await api.delete(`/v1/user-invitations/${AP_PENDING_PROJECT_INVITATION_ID}`);
    expect([create.status, list.status, revoke.status]).toEqual([402, 402, 402]);
    expect([create.json, list.json, revoke.json]).toEqual([FEATURE_DISABLED, FEATURE_DISABLED, FEATURE_DISABLED]);
    expect(ap.invitations()).toEqual(before);
  });

  it('still lists project invitations without a projectId, and revokes platform ones', async () => {
    expect((await api.get('/v1/user-invitations?type=PROJECT')).status).toBe(200);
    expect((await api.delete(`/v1/user-invitations/${AP_PENDING_PLATFORM_INVITATION_ID}`)).status).toBe(204);
  });

  it('refuses an invitation that would add a user past userSeatsLimit with 402 QUOTA_EXCEEDED, storing nothing', async () => {
    // Five active users on the seeded platform (Linus is inactive): the limit of 5 is reached.
    const before = { invitations: ap.invitations(), users: ap.users() };
    const res = await api.post('/v1/user-invitations', { type: 'PLATFORM', email: 'otto.other@example.com', platformRole: 'MEMBER' });
    expect(res.status).toBe(402);
    expect(res.json).toEqual({ code: 'QUOTA_EXCEEDED', params: { metric: 'user-seats' } });
    expect({ invitations: ap.invitations(), users: ap.users() }).toEqual(before);
  });

  it('lets through invitations that add nobody now: an existing user, someone who never signed up', async () => {
    expect((await api.post('/v1/user-invitations', { type: 'PLATFORM', email: 'grace.hopper@example.com', platformRole: 'OPERATOR' })).status).toBe(201);
    expect((await api.post('/v1/user-invitations', { type: 'PLATFORM', email: 'someone.new@example.com', platformRole: 'MEMBER' })).status).toBe(201);
    expect(ap.user(AP_MEMBER_ID)?.platformRole).toBe('OPERATOR');
  });
});
