import { startActivepiecesSandbox } from '../src/activepieces/server';
import { personalProjectId } from '../src/activepieces/seed-access';
import {
  AP_MEMBER_FINANCE_MEMBERSHIP_ID,
  AP_MEMBER_ID,
  AP_MEMBER_MARKETING_MEMBERSHIP_ID,
  AP_MEMBER_SUPPORT_INVITATION_ID,
  AP_OTHER_PLATFORM_USER_ID,
  AP_OWNER_ID,
  AP_PLATFORM_ID,
} from '../src/seed';
import { adminOrigin, apiWithKey, useFake } from './fixtures';
import { adminCall, call } from './http';

const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

describe('Activepieces sandbox: DELETE /v1/users/:id on self-hosted (the default)', () => {
  const ap = useFake(() => startActivepiecesSandbox());
  const api = apiWithKey(ap);

  it('deletes the user with their personal project and every membership, keeps invitations by email, and records it', async () => {
    expect(ap.deployment).toBe('self-hosted');
    const res = await api.delete(`/v1/users/${AP_MEMBER_ID}`);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');

    expect(ap.user(AP_MEMBER_ID)).toBeUndefined();
    expect(ap.projects().some((project) => project.id === personalProjectId(AP_MEMBER_ID))).toBe(false);
    expect(ap.members().some((member) => member.userId === AP_MEMBER_ID)).toBe(false);
    // Invitations are by email, not by user: the pending one would still let her join.
    expect(ap.invitations().some((invitation) => invitation.id === AP_MEMBER_SUPPORT_INVITATION_ID)).toBe(true);
    expect(ap.userDeletions()).toEqual([
      {
        userId: AP_MEMBER_ID,
        outcome: 'deleted',
        personalProjectIds: [personalProjectId(AP_MEMBER_ID)],
        memberIds: [AP_MEMBER_MARKETING_MEMBERSHIP_ID, AP_MEMBER_FINANCE_MEMBERSHIP_ID],
        invitationIds: [],
        at: ISO,
      },
    ]);
  });

  it('refuses the platform owner with 409 VALIDATION and changes nothing', async () => {
    const before = { users: ap.users(), projects: ap.projects(), members: ap.members() };
    const res = await api.delete(`/v1/users/${AP_OWNER_ID}`);
    expect(res.status).toBe(409);
    expect(res.json).toEqual({ code: 'VALIDATION', params: { message: 'Platform owner cannot be deleted' } });
    expect({ users: ap.users(), projects: ap.projects(), members: ap.members() }).toEqual(before);
    expect(ap.userDeletions()).toEqual([]);
  });

  it('answers 204 and does nothing for an id that is not a user of the platform, as the real delete does', async () => {
    const before = ap.users();
    expect((await api.delete('/v1/users/noSuchUser00000000000')).status).toBe(204);
    expect((await api.delete(`/v1/users/${AP_OTHER_PLATFORM_USER_ID}`)).status).toBe(204);
    expect(ap.users()).toEqual(before);
    expect(ap.userDeletions()).toEqual([]);
  });

  it('validates the id before the API key', async () => {
    const res = await call(`${ap.baseUrl}/v1/users/not-an-id`, { method: 'DELETE' });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ statusCode: 400, code: 'FST_ERR_VALIDATION', error: 'Bad Request', message: 'params/id must match pattern "^[0-9a-zA-Z]{21}$"' });
  });

  it('lets a deleted user be invited back: the identity outlives the user', async () => {
    await api.delete(`/v1/users/${AP_MEMBER_ID}`);
    const res = await api.post('/v1/user-invitations', { type: 'PLATFORM', email: 'grace.hopper@example.com', platformRole: 'MEMBER' });
    expect(res.status).toBe(201);
    const back = ap.users().filter((user) => user.email === 'grace.hopper@example.com' && user.platformId === AP_PLATFORM_ID);
    expect(back).toEqual([expect.objectContaining({ firstName: 'Grace', lastName: 'Hopper', platformRole: 'MEMBER', externalId: null })]);
    expect(back[0].id).not.toBe(AP_MEMBER_ID);
  });
});

describe('Activepieces sandbox: DELETE /v1/users/:id on cloud', () => {
  const ap = useFake(() => startActivepiecesSandbox({ deployment: 'cloud' }));
  const api = apiWithKey(ap);

  it('detaches the user: personal project gone, team memberships kept, the user without a platform', async () => {
    const res = await api.delete(`/v1/users/${AP_MEMBER_ID}`);
    expect(res.status).toBe(204);
    expect(ap.user(AP_MEMBER_ID)).toEqual(expect.objectContaining({ platformId: null, email: 'grace.hopper@example.com' }));
    expect(ap.projects().some((project) => project.id === personalProjectId(AP_MEMBER_ID))).toBe(false);
    expect(ap.members().filter((member) => member.userId === AP_MEMBER_ID).map((member) => member.id)).toEqual([
      AP_MEMBER_MARKETING_MEMBERSHIP_ID,
      AP_MEMBER_FINANCE_MEMBERSHIP_ID,
    ]);
    expect(ap.userDeletions()).toEqual([
      { userId: AP_MEMBER_ID, outcome: 'detached', personalProjectIds: [personalProjectId(AP_MEMBER_ID)], memberIds: [], invitationIds: [], at: ISO },
    ]);
    // No longer a user of the platform: the user list does not show them.
    const users = (await api.get('/v1/users?limit=100')).json as { data: Array<{ id: string }> };
    expect(users.data.some((user) => user.id === AP_MEMBER_ID)).toBe(false);
  });

  it('still refuses the owner', async () => {
    expect((await api.delete(`/v1/users/${AP_OWNER_ID}`)).status).toBe(409);
  });

  it('fails with 500 for an id no platform has (the real server reads the user with getOneOrFail)', async () => {
    const res = await api.delete('/v1/users/noSuchUser00000000000');
    expect(res.status).toBe(500);
    expect((res.json as { statusCode: number }).statusCode).toBe(500);
  });
});

describe('Activepieces sandbox: access data in state and reset', () => {
  const ap = useFake(() => startActivepiecesSandbox());
  const api = apiWithKey(ap);

  it('shows projects, roles, members, invitations and deletions in /__sandbox/state', async () => {
    await api.delete(`/v1/users/${AP_MEMBER_ID}`);
    const res = await adminCall(`${adminOrigin(ap.baseUrl)}/__sandbox/state`);
    const data = (res.json as { data: Record<string, unknown> }).data;
    expect(Object.keys(data).sort()).toEqual(['invitations', 'members', 'projectRoles', 'projects', 'userDeletions', 'users']);
    expect(data['projects']).toEqual(ap.projects());
    expect(data['projectRoles']).toEqual(ap.projectRoles());
    expect(data['members']).toEqual(ap.members());
    expect(data['invitations']).toEqual(ap.invitations());
    expect(data['userDeletions']).toEqual(ap.userDeletions());
  });

  it('reset() and POST /__sandbox/reset restore the seeded access data', async () => {
    const fresh = { projects: ap.projects(), members: ap.members(), invitations: ap.invitations(), roles: ap.projectRoles() };
    await api.delete(`/v1/users/${AP_MEMBER_ID}`);
    await api.post('/v1/user-invitations', { type: 'PLATFORM', email: 'someone.new@example.com', platformRole: 'MEMBER' });
    await api.delete(`/v1/project-members/memberAlanMarketing04`);
    ap.reset();
    expect({ projects: ap.projects(), members: ap.members(), invitations: ap.invitations(), roles: ap.projectRoles() }).toEqual(fresh);
    expect(ap.userDeletions()).toEqual([]);
    expect(ap.user(AP_MEMBER_ID)).toBeDefined();

    await api.delete(`/v1/user-invitations/${AP_MEMBER_SUPPORT_INVITATION_ID}`);
    expect((await adminCall(`${adminOrigin(ap.baseUrl)}/__sandbox/reset`, { method: 'POST' })).status).toBe(204);
    expect(ap.invitations()).toEqual(fresh.invitations);
  });
});
