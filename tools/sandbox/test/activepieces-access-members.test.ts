import { startActivepiecesSandbox } from '../src/activepieces/server';
import {
  AP_MEMBER_FINANCE_MEMBERSHIP_ID,
  AP_MEMBER_ID,
  AP_MEMBER_MARKETING_MEMBERSHIP_ID,
  AP_OPERATOR_ID,
  AP_OTHER_PLATFORM_PROJECT_ID,
  AP_PLATFORM_ID,
  AP_PROJECT_FINANCE_ID,
  AP_PROJECT_MARKETING_ID,
  AP_ROLE_ADMIN_ID,
  AP_ROLE_EDITOR_ID,
  AP_ROLE_VIEWER_ID,
} from '../src/seed';
import { apiWithKey, useFake } from './fixtures';
import { call } from './http';

type Page = { data: Array<Record<string, unknown>>; next: string | null; previous: string | null };
const FST_VALIDATION = { statusCode: 400, code: 'FST_ERR_VALIDATION', error: 'Bad Request' };
const FOREIGN_PROJECT = {
  code: 'AUTHORIZATION',
  params: { message: 'Service is not allowed to access this project', projectId: AP_OTHER_PLATFORM_PROJECT_ID, platformId: AP_PLATFORM_ID },
};

describe('Activepieces sandbox: GET /v1/project-members', () => {
  const ap = useFake(() => startActivepiecesSandbox());
  const api = apiWithKey(ap);

  it('lists a project’s members oldest first, each with user, role and project', async () => {
    const res = await api.get(`/v1/project-members?projectId=${AP_PROJECT_MARKETING_ID}`);
    expect(res.status).toBe(200);
    const page = res.json as Page;
    expect(page.data.map((member) => member['userId'])).toEqual([AP_MEMBER_ID, AP_OPERATOR_ID]);
    const grace = ap.user(AP_MEMBER_ID);
    expect(page.data[0]).toEqual({
      id: AP_MEMBER_MARKETING_MEMBERSHIP_ID,
      created: '2024-02-06T09:00:00.000Z',
      updated: '2024-02-06T09:00:00.000Z',
      platformId: AP_PLATFORM_ID,
      projectId: AP_PROJECT_MARKETING_ID,
      userId: AP_MEMBER_ID,
      projectRoleId: AP_ROLE_EDITOR_ID,
      projectRole: ap.projectRoles().find((role) => role.id === AP_ROLE_EDITOR_ID),
      project: { id: AP_PROJECT_MARKETING_ID, displayName: 'Marketing' },
      user: {
        platformId: AP_PLATFORM_ID,
        platformRole: 'MEMBER',
        status: 'ACTIVE',
        externalId: 'hr-1002',
        email: 'grace.hopper@example.com',
        id: AP_MEMBER_ID,
        firstName: 'Grace',
        lastName: 'Hopper',
        created: grace?.created,
        updated: grace?.updated,
      },
    });
    expect(page.next).toBeNull();
  });

  it('filters by projectRoleId and pages with limit and cursor', async () => {
    const viewers = (await api.get(`/v1/project-members?projectId=${AP_PROJECT_MARKETING_ID}&projectRoleId=${AP_ROLE_VIEWER_ID}`)).json as Page;
    expect(viewers.data.map((member) => member['userId'])).toEqual([AP_OPERATOR_ID]);
    const first = (await api.get(`/v1/project-members?projectId=${AP_PROJECT_MARKETING_ID}&limit=1`)).json as Page;
    const second = (await api.get(`/v1/project-members?projectId=${AP_PROJECT_MARKETING_ID}&limit=1&cursor=${first.next}`)).json as Page;
    expect([...first.data, ...second.data].map((member) => member['userId'])).toEqual([AP_MEMBER_ID, AP_OPERATOR_ID]);
    expect(second.next).toBeNull();
  });

  it('requires projectId (400 before the API key), and refuses unknown (404) and foreign (403) projects', async () => {
    const missing = await call(`${ap.baseUrl}/v1/project-members`);
    expect(missing.status).toBe(400);
    expect(missing.json).toEqual({ ...FST_VALIDATION, message: 'querystring/projectId Invalid input: expected string, received undefined' });

    const unknown = await api.get('/v1/project-members?projectId=noSuchProject00000000');
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ code: 'ENTITY_NOT_FOUND', params: { entityId: 'noSuchProject00000000', entityType: 'project' } });

    const foreign = await api.get(`/v1/project-members?projectId=${AP_OTHER_PLATFORM_PROJECT_ID}`);
    expect(foreign.status).toBe(403);
    expect(foreign.json).toEqual(FOREIGN_PROJECT);
  });
});

describe('Activepieces sandbox: POST /v1/project-members/:id', () => {
  const ap = useFake(() => startActivepiecesSandbox());
  const api = apiWithKey(ap);

  it('changes the role by name (any case) and answers the member as stored', async () => {
    const res = await api.post(`/v1/project-members/${AP_MEMBER_FINANCE_MEMBERSHIP_ID}`, { role: 'admin' });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      id: AP_MEMBER_FINANCE_MEMBERSHIP_ID,
      created: '2024-02-07T09:00:00.000Z',
      updated: expect.stringMatching(/^2\d{3}-/),
      platformId: AP_PLATFORM_ID,
      projectId: AP_PROJECT_FINANCE_ID,
      userId: AP_MEMBER_ID,
      projectRoleId: AP_ROLE_ADMIN_ID,
    });
    expect(ap.members().find((member) => member.id === AP_MEMBER_FINANCE_MEMBERSHIP_ID)).toEqual(res.json);
  });

  it('answers 404 for an unknown member and for an unknown role, changing nothing', async () => {
    const before = ap.members();
    const member = await api.post('/v1/project-members/noSuchMember000000000', { role: 'Viewer' });
    expect(member.status).toBe(404);
    expect(member.json).toEqual({ code: 'ENTITY_NOT_FOUND', params: { entityId: 'noSuchMember000000000', entityType: 'project_member' } });
    const role = await api.post(`/v1/project-members/${AP_MEMBER_FINANCE_MEMBERSHIP_ID}`, { role: 'Owner' });
    expect(role.status).toBe(404);
    expect(role.json).toEqual({ code: 'ENTITY_NOT_FOUND', params: { entityType: 'project_role', entityId: 'Owner', message: 'Project Role by name and platformId not found' } });
    expect(ap.members()).toEqual(before);
  });

  it('answers 403 for another platform’s member', async () => {
    const res = await api.post('/v1/project-members/memberOttoOtherPlat07', { role: 'Viewer' });
    expect(res.status).toBe(403);
    expect(res.json).toEqual(FOREIGN_PROJECT);
  });

  it.each([
    [{}, 'body/role Invalid input: expected string, received undefined'],
    [{ role: 3 }, 'body/role Invalid input: expected string, received number'],
    [[], 'body Invalid input: expected object, received array'],
  ])('refuses %j with 400 before the API key', async (body, message) => {
    const res = await call(`${ap.baseUrl}/v1/project-members/${AP_MEMBER_FINANCE_MEMBERSHIP_ID}`, { method: 'POST', body });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ ...FST_VALIDATION, message });
  });
});

describe('Activepieces sandbox: DELETE /v1/project-members/:id', () => {
  const ap = useFake(() => startActivepiecesSandbox());
  const api = apiWithKey(ap);

  it('removes with 204, then answers 404', async () => {
    const first = await api.delete(`/v1/project-members/${AP_MEMBER_MARKETING_MEMBERSHIP_ID}`);
    expect(first.status).toBe(204);
    expect(first.text).toBe('');
    expect(ap.members().some((member) => member.id === AP_MEMBER_MARKETING_MEMBERSHIP_ID)).toBe(false);
    const listed = (await api.get(`/v1/project-members?projectId=${AP_PROJECT_MARKETING_ID}`)).json as Page;
    expect(listed.data.map((member) => member['userId'])).toEqual([AP_OPERATOR_ID]);

    const again = await api.delete(`/v1/project-members/${AP_MEMBER_MARKETING_MEMBERSHIP_ID}`);
    expect(again.status).toBe(404);
    expect(again.json).toEqual({ code: 'ENTITY_NOT_FOUND', params: { entityId: AP_MEMBER_MARKETING_MEMBERSHIP_ID, entityType: 'project_member' } });
  });

  it('leaves another platform’s member alone (403)', async () => {
    const res = await api.delete('/v1/project-members/memberOttoOtherPlat07');
    expect(res.status).toBe(403);
    expect(ap.members().some((member) => member.id === 'memberOttoOtherPlat07')).toBe(true);
  });
});
