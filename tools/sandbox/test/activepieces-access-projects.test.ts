import { startActivepiecesSandbox } from '../src/activepieces/server';
import { personalProjectId } from '../src/activepieces/seed-access';
import {
  AP_ADMIN_ID,
  AP_INACTIVE_ID,
  AP_MEMBER_ID,
  AP_MEMBER_PERSONAL_PROJECT_ID,
  AP_OPERATOR_ID,
  AP_OTHER_PLATFORM_PROJECT_ID,
  AP_OWNER_ID,
  AP_PLATFORM_ID,
  AP_PROJECT_FINANCE_ID,
  AP_PROJECT_MARKETING_ID,
  AP_PROJECT_SUPPORT_ID,
  AP_ROLE_ADMIN_ID,
  AP_ROLE_CUSTOM_ID,
  AP_ROLE_EDITOR_ID,
  AP_ROLE_VIEWER_ID,
  AP_SEEDED_USER_IDS,
  AP_UNLINKED_MEMBER_ID,
} from '../src/seed';
import { apiWithKey, useFake } from './fixtures';
import { call } from './http';

type Page = { data: Array<Record<string, unknown>>; next: string | null; previous: string | null };
const ids = (res: { json: unknown }) => (res.json as Page).data.map((row) => row['id']);

describe('Activepieces sandbox: GET /v1/projects', () => {
  const ap = useFake(() => startActivepiecesSandbox());
  const api = apiWithKey(ap);

  it('lists every project of the platform, oldest first, with member analytics', async () => {
    const res = await api.get('/v1/projects');
    expect(res.status).toBe(200);
    const page = res.json as Page;
    expect(page.next).toBeNull();
    expect(page.previous).toBeNull();
    expect(page.data.map((row) => row['id'])).toEqual([
      personalProjectId(AP_OWNER_ID),
      AP_PROJECT_MARKETING_ID,
      AP_PROJECT_FINANCE_ID,
      AP_PROJECT_SUPPORT_ID,
      ...AP_SEEDED_USER_IDS.slice(1).map(personalProjectId),
    ]);
    expect(page.data[1]).toEqual({
      id: AP_PROJECT_MARKETING_ID,
      created: '2024-01-03T09:00:00.000Z',
      updated: '2024-01-03T09:00:00.000Z',
      displayName: 'Marketing',
      ownerId: AP_OWNER_ID,
      platformId: AP_PLATFORM_ID,
      externalId: 'mkt',
      type: 'TEAM',
      analytics: { totalUsers: 2, activeUsers: 2, totalFlows: 0, activeFlows: 0 },
    });
    // Linus, a Support member, is inactive.
    expect(page.data[3]['analytics']).toEqual({ totalUsers: 2, activeUsers: 1, totalFlows: 0, activeFlows: 0 });
  });

  it('filters by types (one or repeated), displayName (contains, any case) and externalId', async () => {
    expect(ids(await api.get('/v1/projects?types=TEAM'))).toEqual([AP_PROJECT_MARKETING_ID, AP_PROJECT_FINANCE_ID, AP_PROJECT_SUPPORT_ID]);
    expect(ids(await api.get('/v1/projects?types=TEAM&types=PERSONAL'))).toHaveLength(9);
    expect(ids(await api.get('/v1/projects?displayName=GRACE'))).toEqual([personalProjectId(AP_MEMBER_ID)]);
    expect(ids(await api.get('/v1/projects?externalId=mkt'))).toEqual([AP_PROJECT_MARKETING_ID]);
  });

  it('pages with limit and cursor', async () => {
    const first = (await api.get('/v1/projects?types=TEAM&limit=2')).json as Page;
    expect(first.data.map((row) => row['id'])).toEqual([AP_PROJECT_MARKETING_ID, AP_PROJECT_FINANCE_ID]);
    const second = (await api.get(`/v1/projects?types=TEAM&limit=2&cursor=${first.next}`)).json as Page;
    expect(second.data.map((row) => row['id'])).toEqual([AP_PROJECT_SUPPORT_ID]);
    expect(second.next).toBeNull();
  });

  it('refuses a bad type with 400 before the API key', async () => {
    const res = await call(`${ap.baseUrl}/v1/projects?types=TEAM&types=SHARED`);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      statusCode: 400,
      code: 'FST_ERR_VALIDATION',
      error: 'Bad Request',
      message: 'querystring/types/1 Invalid option: expected one of "TEAM"|"PERSONAL"',
    });
  });

  it('answers one project, 404 for an unknown id and 403 for another platform’s', async () => {
    const one = await api.get(`/v1/projects/${AP_PROJECT_FINANCE_ID}`);
    expect(one.status).toBe(200);
    expect(one.json).toEqual(expect.objectContaining({ id: AP_PROJECT_FINANCE_ID, displayName: 'Finance', type: 'TEAM' }));

    const unknown = await api.get('/v1/projects/noSuchProject00000000');
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ code: 'ENTITY_NOT_FOUND', params: { entityId: 'noSuchProject00000000', entityType: 'project' } });

    const foreign = await api.get(`/v1/projects/${AP_OTHER_PLATFORM_PROJECT_ID}`);
    expect(foreign.status).toBe(403);
    expect(foreign.json).toEqual({
      code: 'AUTHORIZATION',
      params: { message: 'Service is not allowed to access this project', projectId: AP_OTHER_PLATFORM_PROJECT_ID, platformId: AP_PLATFORM_ID },
    });
  });
});

describe('Activepieces sandbox: GET /v1/project-roles', () => {
  const ap = useFake(() => startActivepiecesSandbox());
  const api = apiWithKey(ap);

  it('lists the built-in roles with their member counts, in one page', async () => {
    const res = await api.get('/v1/project-roles');
    expect(res.status).toBe(200);
    const page = res.json as Page;
    expect(page.next).toBeNull();
    expect(page.previous).toBeNull();
    expect(page.data.map((role) => [role['id'], role['name'], role['type'], role['platformId'], role['userCount']])).toEqual([
      [AP_ROLE_ADMIN_ID, 'Admin', 'DEFAULT', null, 1],
      [AP_ROLE_EDITOR_ID, 'Editor', 'DEFAULT', null, 2],
      [AP_ROLE_VIEWER_ID, 'Viewer', 'DEFAULT', null, 3],
    ]);
    expect(page.data[0]).toEqual({ ...ap.projectRoles()[0], userCount: 1 });
  });
});

describe('Activepieces sandbox: custom project roles', () => {
  const ap = useFake(() => startActivepiecesSandbox({ plan: { customRolesEnabled: true } }));
  const api = apiWithKey(ap);

  it('lists the platform’s custom role after the built-in ones, and invitations may use it by name', async () => {
    const roles = (await api.get('/v1/project-roles')).json as Page;
    expect(roles.data.map((role) => [role['id'], role['name'], role['type'], role['platformId']])).toEqual([
      [AP_ROLE_ADMIN_ID, 'Admin', 'DEFAULT', null],
      [AP_ROLE_EDITOR_ID, 'Editor', 'DEFAULT', null],
      [AP_ROLE_VIEWER_ID, 'Viewer', 'DEFAULT', null],
      [AP_ROLE_CUSTOM_ID, 'Auditor', 'CUSTOM', AP_PLATFORM_ID],
    ]);
    const res = await api.post('/v1/user-invitations', { type: 'PROJECT', email: 'katherine.johnson@example.com', projectId: AP_PROJECT_FINANCE_ID, projectRole: 'auditor' });
    expect(res.status).toBe(201);
    expect(ap.members().filter((member) => member.userId === AP_ADMIN_ID && member.projectId === AP_PROJECT_FINANCE_ID)).toEqual([
      expect.objectContaining({ projectRoleId: AP_ROLE_CUSTOM_ID }),
    ]);
  });
});

describe('Activepieces sandbox: seeded access', () => {
  const ap = useFake(() => startActivepiecesSandbox());

  it('gives Grace Hopper two team memberships with different roles and a pending invitation to a third', () => {
    const graceMemberships = ap.members().filter((member) => member.userId === AP_MEMBER_ID);
    expect(graceMemberships.map((member) => [member.projectId, member.projectRoleId])).toEqual([
      [AP_PROJECT_MARKETING_ID, AP_ROLE_EDITOR_ID],
      [AP_PROJECT_FINANCE_ID, AP_ROLE_VIEWER_ID],
    ]);
    const graceInvitations = ap.invitations().filter((invitation) => invitation.email === 'grace.hopper@example.com' && invitation.platformId === AP_PLATFORM_ID);
    expect(graceInvitations.map((invitation) => [invitation.type, invitation.status, invitation.projectId])).toEqual([['PROJECT', 'PENDING', AP_PROJECT_SUPPORT_ID]]);
  });

  it('gives other users memberships too, the owner owns the team projects, and every seeded user a personal project', () => {
    const members = new Set(ap.members().map((member) => member.userId));
    for (const id of [AP_OPERATOR_ID, AP_ADMIN_ID, AP_INACTIVE_ID, AP_UNLINKED_MEMBER_ID]) expect(members.has(id)).toBe(true);
    const team = ap.projects().filter((project) => project.type === 'TEAM' && project.platformId === AP_PLATFORM_ID);
    expect(team.every((project) => project.ownerId === AP_OWNER_ID)).toBe(true);
    for (const id of AP_SEEDED_USER_IDS) {
      expect(ap.projects().filter((project) => project.type === 'PERSONAL' && project.ownerId === id)).toHaveLength(1);
    }
    expect(personalProjectId(AP_MEMBER_ID)).toBe(AP_MEMBER_PERSONAL_PROJECT_ID);
  });

  it('gives generated users no personal project, so a large user list stays cheap', async () => {
    const big = await startActivepiecesSandbox({ extraUsers: 30 });
    try {
      expect(big.projects().filter((project) => project.type === 'PERSONAL' && project.platformId === AP_PLATFORM_ID)).toHaveLength(AP_SEEDED_USER_IDS.length);
    } finally {
      await big.close();
    }
  });
});
