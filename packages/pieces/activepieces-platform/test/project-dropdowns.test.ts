// The project and project role dropdowns: what they ask Activepieces, what they offer, and the
// disabled placeholder (never a thrown error) when they cannot offer anything.
import { customAuthValue, propertyContext, respond, settlesAfter, useTestServer } from '@user-admin-pieces/common/testing';
import { changeProjectRoleAction } from '../src/lib/actions/change-project-role';
import { platformApi, project, projectId, role } from './platform-fake';
import { API_KEY, authProps, pathOf, queryOf } from './helpers';

const live = useTestServer();
const { server } = live;

const { projectId: projectProp, role: roleProp } = changeProjectRoleAction.props;
const auth = () => ({ auth: customAuthValue(authProps(`${live.url()}/api/v1`)) });
const projectOptions = (search?: string) => projectProp.options(auth(), propertyContext(search));
const roleOptions = () => roleProp.options(auth(), propertyContext());

describe('project dropdown', () => {
  it('is searchable and needs the connection', () => {
    expect(projectProp).toMatchObject({ type: 'DROPDOWN', refreshOnSearch: true, required: true });
    expect(projectProp.auth).toBeDefined();
  });

  it('asks for a connection first, without a request', async () => {
    await expect(projectProp.options({}, propertyContext())).resolves.toEqual({ disabled: true, options: [], placeholder: 'Connect your account first' });
    expect(server.requests).toHaveLength(0);
  });

  it('lists the team projects by name, with their ids', async () => {
    server.always(platformApi({ invitations: [], projects: [project(1, { displayName: 'Marketing' }), project(2, { type: 'PERSONAL' }), project(3, { displayName: 'Sales' })], members: [] }));

    const state = await projectOptions();

    expect(state).toEqual({
      options: [
        { label: `Marketing (${projectId(1)})`, value: projectId(1) },
        { label: `Sales (${projectId(3)})`, value: projectId(3) },
      ],
      placeholder: 'Select a project',
    });
    expect(server.requests).toHaveLength(1);
    expect(pathOf(server.requests[0])).toBe('/api/v1/projects');
    expect(queryOf(server.requests[0])).toEqual({ limit: '100', types: 'TEAM' });
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${API_KEY}`);
  });

  it('lets Activepieces search by display name', async () => {
    server.always(platformApi({ invitations: [], projects: [project(1, { displayName: 'Marketing' }), project(3, { displayName: 'Sales' })], members: [] }));
    const state = await projectOptions('  sal ');
    expect(state.options).toEqual([{ label: `Sales (${projectId(3)})`, value: projectId(3) }]);
    expect(queryOf(server.requests[0])).toEqual({ limit: '100', displayName: 'sal', types: 'TEAM' });
  });

  it('says when the search found nothing, and when there are more projects than it shows', async () => {
    server.reply(respond(200, { data: [], next: null, previous: null }), respond(200, { data: [project(1)], next: 'more', previous: null }));
    await expect(projectOptions('zzz')).resolves.toEqual({ options: [], placeholder: 'No team project\'s name contains "zzz"' });
    await expect(projectOptions()).resolves.toMatchObject({ placeholder: "Showing the first 100 team projects. Type part of a project's name to find others." });
  });

  it('is disabled with the reason when the plan lacks the feature', async () => {
    server.reply(respond(402, { code: 'FEATURE_DISABLED', params: { message: 'Feature is disabled' } }));
    await expect(projectOptions()).resolves.toEqual({
      disabled: true,
      options: [],
      placeholder:
        'Could not list projects: This Activepieces plan does not include managing projects (plan flag manageProjectsEnabled), so it refused GET /v1/projects: Feature is disabled. Ask the platform owner to upgrade the plan or turn the feature on, then run again.',
    });
  });

  it('gives up on a server that never answers after 10 s, as it says', async () => {
    const state = await settlesAfter(10_000, server, () => projectOptions());
    expect(state).toEqual({ disabled: true, options: [], placeholder: `Could not list projects: Activepieces at ${live.url().replace('http://', '')} did not answer within 10 s.` });
  });
});

describe('project role dropdown', () => {
  it('offers the roles Activepieces lists, by name', async () => {
    server.reply(respond(200, { data: [role('Admin'), { ...role('Auditor'), type: 'CUSTOM' }], next: null, previous: null }));

    await expect(roleOptions()).resolves.toEqual({
      options: [
        { label: 'Admin (role of this platform)', value: 'Admin' },
        { label: 'Auditor (custom role of this platform)', value: 'Auditor' },
      ],
      placeholder: 'Select a project role',
    });
    expect(pathOf(server.requests[0])).toBe('/api/v1/project-roles');
    expect(queryOf(server.requests[0])).toEqual({ limit: '100' });
  });

  const builtIn = (why: string) => ({
    options: [
      { label: 'Admin (built-in role)', value: 'Admin' },
      { label: 'Editor (built-in role)', value: 'Editor' },
      { label: 'Viewer (built-in role)', value: 'Viewer' },
    ],
    placeholder: `Built-in roles only: ${why}. Map a custom role's name if you need one.`,
  });

  it.each([
    ['refuses API keys', respond(403, { code: 'PERMISSION_DENIED', params: {} })],
    ['has no such route', respond(404, { statusCode: 404, error: 'Not Found', message: 'Route GET:/v1/project-roles not found' })],
  ])('offers the built-in roles, saying so, where Activepieces %s', async (_name, responder) => {
    server.reply(responder);
    await expect(roleOptions()).resolves.toEqual(builtIn('this Activepieces does not list its project roles to API keys'));
    expect(server.requests).toHaveLength(1);
  });

  it('offers the built-in roles when the list is empty', async () => {
    server.reply(respond(200, { data: [], next: null, previous: null }));
    await expect(roleOptions()).resolves.toEqual(builtIn('Activepieces listed no project roles'));
  });

  it('is disabled with the reason when the key is rejected', async () => {
    server.reply(respond(401, { code: 'INVALID_API_KEY', params: {} }));
    await expect(roleOptions()).resolves.toEqual({
      disabled: true,
      options: [],
      placeholder: 'Could not list project roles: Activepieces rejected the API key. Check the key in the connection: it is a platform API key that starts with sk-.',
    });
  });

  it('asks for a connection first, without a request', async () => {
    await expect(roleProp.options({}, propertyContext())).resolves.toEqual({ disabled: true, options: [], placeholder: 'Connect your account first' });
    expect(server.requests).toHaveLength(0);
  });
});
