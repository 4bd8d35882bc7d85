// Offboard User against a stateful fake of the admin API on 127.0.0.1: the requests it makes, what
// the server stored afterwards, the owner refusal, a re-run, a preview, a failure partway and a
// scan cut short by the time budget.
import { ApiError, InputError } from '@user-admin-pieces/common';
import { builderErrorView, json, rejection, runActionInProcess, useTestServer } from '@user-admin-pieces/common/testing';
import {
  ActivepiecesSandbox,
  AP_MEMBER_FINANCE_MEMBERSHIP_ID,
  AP_MEMBER_ID,
  AP_MEMBER_MARKETING_MEMBERSHIP_ID,
  AP_MEMBER_PERSONAL_PROJECT_ID,
  AP_MEMBER_SUPPORT_INVITATION_ID,
  AP_OWNER_ID,
  AP_PROJECT_FINANCE_ID,
  AP_PROJECT_MARKETING_ID,
  AP_PROJECT_SUPPORT_ID,
  startActivepiecesSandbox,
} from '@user-admin-pieces/sandbox';
import { offboardUserAction } from '../src/lib/actions/offboard-user';
import { connectionOf, createInvitation } from '../src/lib/common/client';
import { offboardingBudget, OffboardingResult } from '../src/lib/common/offboarding';
import { useEngineChild } from './engine-child';
import { authProps, user, userId, users } from './helpers';
import { invitation, invitationId, member, memberId, PLATFORM_ID, PlatformState, project, projectInvitation, requestLine, servePlatform, writesOf } from './platform-fake';

const live = useTestServer();
const { server } = live;
const runInChild = useEngineChild();

const GRACE = userId(7);
const MARKETING = project(11, { displayName: 'Marketing' });
const SALES = project(12, { displayName: 'Sales' });
const OPS = project(13, { displayName: 'Ops' });
const PERSONAL = project(14, { displayName: "First7's Project", type: 'PERSONAL', ownerId: userId(7) });
const INV_PLATFORM_7 = invitationId(7);
const INV_PLATFORM_8 = invitationId(8);
const INV_PROJECT_7 = invitationId(17);
const INV_ACCEPTED_7 = invitationId(27);
const MEM_MARKETING_2 = memberId(1);
const MEM_MARKETING_7 = memberId(2);
const MEM_OPS_3 = memberId(3);
const MEM_OPS_7 = memberId(4);
const MEM_PERSONAL_7 = memberId(5);

/** 130 users (two pages), the owner user 1, Grace (user 7) with invitations and memberships, and other people's. */
function platform(): PlatformState {
  const all = users(130);
  all[0] = user(1, { platformRole: 'ADMIN' });
  all[6] = user(7, { externalId: 'hr-7', lastActiveDate: '2026-11-30T08:00:00.000Z' });
  return {
    users: all,
    ownerId: userId(1),
    invitations: [
      invitation(7),
      invitation(8),
      projectInvitation(17, 12, 'Editor', { email: 'Person7@Example.com' }),
      // Accepted at once (sent with an API key), still waiting for a sign-up: it would add them again.
      projectInvitation(27, 13, 'Viewer', { email: 'person7@example.com', status: 'ACCEPTED' }),
    ],
    projects: [MARKETING, SALES, OPS, PERSONAL],
    members: [member(1, 2, MARKETING, 'Admin'), member(2, 7, MARKETING, 'Editor'), member(3, 3, OPS, 'Viewer'), member(4, 7, OPS, 'Viewer'), member(5, 7, PERSONAL, 'Admin')],
  };
}

const offboard = (propsValue: Record<string, unknown>) =>
  runActionInProcess(offboardUserAction, authProps(`${live.url()}/api/v1`), propsValue) as Promise<OffboardingResult>;

const FIND_BY_EMAIL = ['GET /api/v1/users?limit=100', 'GET /api/v1/users?limit=100&cursor=100', `GET /api/v1/platforms/${PLATFORM_ID}`];
// Every status: an accepted invitation still listed waits for a sign-up and would let them in again.
const SCAN_INVITATIONS = [
  'GET /api/v1/user-invitations?type=PLATFORM&limit=100',
  'GET /api/v1/user-invitations?type=PROJECT&limit=100',
];
/** One read per project Grace is invited to, for its name. */
const NAME_PROJECTS = [`GET /api/v1/projects/${SALES.id}`, `GET /api/v1/projects/${OPS.id}`];
const SCAN_MEMBERSHIPS = [
  'GET /api/v1/projects?limit=100&types=TEAM',
  `GET /api/v1/project-members?projectId=${MARKETING.id}&limit=100`,
  `GET /api/v1/project-members?projectId=${SALES.id}&limit=100`,
  `GET /api/v1/project-members?projectId=${OPS.id}&limit=100`,
];

/** When the fake's invitations were created. */
const AT = '2026-01-01T00:00:00.000Z';
const REVOKED = [
  { id: INV_PLATFORM_7, email: 'person7@example.com', type: 'PLATFORM', status: 'PENDING', platformRole: 'MEMBER', projectId: null, projectName: null, projectRole: null, created: AT, outcome: 'revoked' },
  { id: INV_PROJECT_7, email: 'Person7@Example.com', type: 'PROJECT', status: 'PENDING', platformRole: null, projectId: SALES.id, projectName: 'Sales', projectRole: 'Editor', created: AT, outcome: 'revoked' },
  { id: INV_ACCEPTED_7, email: 'person7@example.com', type: 'PROJECT', status: 'ACCEPTED', platformRole: null, projectId: OPS.id, projectName: 'Ops', projectRole: 'Viewer', created: AT, outcome: 'revoked' },
];
const REVOKED_NAMES = `platform invitation as MEMBER; project invitation to Sales (${SALES.id}) as Editor; project invitation to Ops (${OPS.id}) as Viewer (accepted, waiting for sign-up)`;
const REMOVED = [
  { id: MEM_MARKETING_7, email: 'person7@example.com', projectId: MARKETING.id, projectName: 'Marketing', role: 'Editor', outcome: 'removed' },
  { id: MEM_OPS_7, email: 'person7@example.com', projectId: OPS.id, projectName: 'Ops', role: 'Viewer', outcome: 'removed' },
];

afterEach(() => {
  offboardingBudget.scanMs = 240_000;
});

describe('offboard_user', () => {
  it('finds the user by email, deactivates first, revokes pending and accepted-but-waiting invitations, removes team memberships, and the server stores exactly that', async () => {
    const state = platform();
    servePlatform(server, state);

    const output = await offboard({ email: ' PERSON7@example.com ' });

    expect(server.requests.map(requestLine)).toEqual([
      ...FIND_BY_EMAIL,
      `POST /api/v1/users/${GRACE}`,
      ...SCAN_INVITATIONS,
      ...NAME_PROJECTS,
      `DELETE /api/v1/user-invitations/${INV_PLATFORM_7}`,
      `DELETE /api/v1/user-invitations/${INV_PROJECT_7}`,
      `DELETE /api/v1/user-invitations/${INV_ACCEPTED_7}`,
      ...SCAN_MEMBERSHIPS,
      `DELETE /api/v1/project-members/${MEM_MARKETING_7}`,
      `DELETE /api/v1/project-members/${MEM_OPS_7}`,
    ]);
    expect(server.requests[3].body).toBe('{"status":"INACTIVE"}');
    // What the server holds now.
    expect(state.users.find((candidate) => candidate.id === GRACE)?.status).toBe('INACTIVE');
    expect(state.invitations.map((kept) => kept.id)).toEqual([INV_PLATFORM_8]);
    expect(state.invitations.filter((kept) => kept.email.toLowerCase() === 'person7@example.com')).toEqual([]);
    expect(state.members.map((kept) => kept.id)).toEqual([MEM_MARKETING_2, MEM_OPS_3, MEM_PERSONAL_7]);

    const before = user(7, { externalId: 'hr-7', lastActiveDate: '2026-11-30T08:00:00.000Z' });
    expect(output).toStrictEqual({
      before,
      after: { ...before, status: 'INACTIVE', updated: '2026-12-01T06:00:00.000Z' },
      steps: [
        { step: 'find-user', outcome: 'done', summary: `Found First7 Last7 <person7@example.com> (id ${GRACE}).` },
        { step: 'deactivate', outcome: 'done', summary: 'Deactivated them (status ACTIVE → INACTIVE): they lose access at their next request.' },
        {
          step: 'revoke-invitations',
          outcome: 'done',
          summary: `Revoked 3 open invitations: ${REVOKED_NAMES}.`,
        },
        {
          step: 'remove-memberships',
          outcome: 'done',
          summary: `Removed 2 team-project memberships: Marketing (${MARKETING.id}) as Editor; Ops (${OPS.id}) as Viewer.`,
        },
      ],
      revokedInvitations: REVOKED,
      removedMemberships: REMOVED,
      change: {
        applied: true,
        preview: false,
        fields: [{ field: 'status', from: 'ACTIVE', to: 'INACTIVE' }],
        summary: 'Offboarded First7 Last7 <person7@example.com>: deactivated, revoked 3 invitations, removed 2 project memberships',
        audit: {
          at: expect.any(String),
          action: 'activepieces-platform/offboard_user',
          target: GRACE,
          requestIds: Array.from({ length: 17 }, (_, i) => `req-${i + 1}`),
          attempts: 17,
        },
      },
    });
  });

  it('a second run reports every step as already done and writes nothing', async () => {
    const state = platform();
    servePlatform(server, state);
    await offboard({ externalId: 'hr-7' });
    server.requests.length = 0;

    const again = await offboard({ externalId: 'hr-7' });

    expect(writesOf(server.requests)).toEqual([]);
    expect(again.steps.map(({ step, outcome }) => `${step}: ${outcome}`)).toEqual([
      'find-user: done',
      'deactivate: already-done',
      'revoke-invitations: already-done',
      'remove-memberships: already-done',
    ]);
    expect(again.steps.slice(1).map((step) => step.summary)).toEqual([
      'Already inactive: nothing sent.',
      'No open invitations for person7@example.com (pending, or accepted and waiting for sign-up): nothing to revoke.',
      'No team-project memberships: nothing to remove (3 team projects checked).',
    ]);
    expect(again.change).toMatchObject({
      applied: false,
      preview: false,
      fields: [],
      summary: 'Nothing to do for First7 Last7 <person7@example.com>: already offboarded, nothing sent',
    });
    expect(again.revokedInvitations).toEqual([]);
    expect(again.removedMemberships).toEqual([]);
  });

  it('Preview only reads, writes nothing, and reports the same plan a real run would carry out', async () => {
    const state = platform();
    servePlatform(server, state);

    const output = await offboard({ userId: GRACE, previewOnly: true });

    expect(writesOf(server.requests)).toEqual([]);
    expect(state).toStrictEqual(platform());
    expect(output.after?.status).toBe('INACTIVE');
    expect(output.steps.map(({ step, outcome }) => `${step}: ${outcome}`)).toEqual([
      'find-user: done',
      'deactivate: would-do',
      'revoke-invitations: would-do',
      'remove-memberships: would-do',
    ]);
    expect(output.revokedInvitations).toEqual(REVOKED.map((record) => ({ ...record, outcome: 'would-revoke' })));
    expect(output.removedMemberships).toEqual(REMOVED.map((record) => ({ ...record, outcome: 'would-remove' })));
    expect(output.change).toMatchObject({
      applied: false,
      preview: true,
      fields: [{ field: 'status', from: 'ACTIVE', to: 'INACTIVE' }],
      summary: 'Would offboard First7 Last7 <person7@example.com>: deactivate them, revoke 3 invitations, remove 2 project memberships',
    });
  });

  it("keeps project memberships when that option is off, reading no project list and no project's members", async () => {
    const state = platform();
    servePlatform(server, state);

    const output = await offboard({ userId: GRACE, removeMemberships: false });

    // Only the names of the projects she is invited to.
    expect(server.requests.map(requestLine).filter((line) => line.includes('project'))).toEqual(NAME_PROJECTS);
    expect(state.members).toHaveLength(5);
    expect(output.steps[3]).toEqual({ step: 'remove-memberships', outcome: 'skipped', summary: 'Kept their project memberships: Remove project memberships is off.' });
  });

  it('an email that names no user (never signed up): revokes their open invitations, and a re-run finds nothing to do', async () => {
    const state = platform();
    const waiting = projectInvitation(40, 11, 'Viewer', { email: 'new.hire@example.com', status: 'ACCEPTED' });
    state.invitations.push(waiting, invitation(41, { email: 'new.hire@example.com' }));
    servePlatform(server, state);

    const output = await offboard({ email: 'New.Hire@example.com' });

    expect(server.requests.map(requestLine)).toEqual([
      'GET /api/v1/users?limit=100',
      'GET /api/v1/users?limit=100&cursor=100',
      ...SCAN_INVITATIONS,
      `GET /api/v1/projects/${MARKETING.id}`,
      `DELETE /api/v1/user-invitations/${invitationId(41)}`,
      `DELETE /api/v1/user-invitations/${waiting.id}`,
    ]);
    expect(state.invitations.filter((kept) => kept.email === 'new.hire@example.com')).toEqual([]);
    expect(state.invitations.map((kept) => kept.id)).toEqual([INV_PLATFORM_7, INV_PLATFORM_8, INV_PROJECT_7, INV_ACCEPTED_7]);
    expect(output).toMatchObject({ before: null, after: null, removedMemberships: [] });
    expect(output.steps).toEqual([
      { step: 'find-user', outcome: 'already-done', summary: 'No user with email New.Hire@example.com on this platform (never signed up, or deleted): only their invitations are left to revoke.' },
      { step: 'deactivate', outcome: 'already-done', summary: 'No user to deactivate: nothing sent.' },
      {
        step: 'revoke-invitations',
        outcome: 'done',
        summary: `Revoked 2 open invitations: platform invitation as MEMBER; project invitation to Marketing (${MARKETING.id}) as Viewer (accepted, waiting for sign-up).`,
      },
      { step: 'remove-memberships', outcome: 'already-done', summary: 'No user, so no project memberships: nothing to remove.' },
    ]);
    expect(output.change).toMatchObject({
      applied: true,
      fields: [],
      summary: 'Offboarded New.Hire@example.com (not a user of this platform): revoked 2 invitations',
      audit: { target: 'New.Hire@example.com' },
    });

    server.requests.length = 0;
    const again = await offboard({ email: 'new.hire@example.com' });
    expect(writesOf(server.requests)).toEqual([]);
    expect(again.steps.map(({ outcome }) => outcome)).toEqual(['already-done', 'already-done', 'already-done', 'already-done']);
    expect(again.change.summary).toBe('Nothing to do for new.hire@example.com (not a user of this platform): already offboarded, nothing sent');
  });

  it("a project whose name cannot be read keeps its id in the summary, and the offboarding goes on", async () => {
    const state = platform();
    servePlatform(server, state, {
      [`GET /v1/projects/${SALES.id}`]: (_request, response) => json(response, 404, { code: 'ENTITY_NOT_FOUND', params: { entityType: 'project', entityId: SALES.id } }),
    });

    const output = await offboard({ userId: GRACE, removeMemberships: false });

    expect(writesOf(server.requests)).toEqual([
      `POST /api/v1/users/${GRACE}`,
      `DELETE /api/v1/user-invitations/${INV_PLATFORM_7}`,
      `DELETE /api/v1/user-invitations/${INV_PROJECT_7}`,
      `DELETE /api/v1/user-invitations/${INV_ACCEPTED_7}`,
    ]);
    expect(output.revokedInvitations.map((record) => record.projectName)).toEqual([null, null, 'Ops']);
    expect(output.steps[2].summary).toBe(
      `Revoked 3 open invitations: platform invitation as MEMBER; project invitation to project ${SALES.id} as Editor; project invitation to Ops (${OPS.id}) as Viewer (accepted, waiting for sign-up).`,
    );
    // Every request counts in the audit, the failed read included.
    expect(output.change.audit.attempts).toBe(server.requests.length);
  });

  it('an id that names no user is still an error: only an email can belong to someone who never signed up', async () => {
    servePlatform(server, platform());
    const error = await rejection(offboard({ userId: userId(999) }));
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ field: 'userId', summary: `No user with id ${userId(999)} on this platform.` });
    expect(writesOf(server.requests)).toEqual([]);
  });

  it.each([false, true])('refuses the platform owner before any write (previewOnly %p), in the same words', async (previewOnly) => {
    const state = platform();
    servePlatform(server, state);

    const error = await rejection(offboard({ userId: userId(1), previewOnly }));

    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({
      field: 'userId',
      summary:
        'First1 Last1 <person1@example.com> is the platform owner. Activepieces does not let anyone deactivate the platform owner, so they cannot be offboarded; nothing was changed. Pick another user.',
    });
    expect(server.requests.map(requestLine)).toEqual(['GET /api/v1/users?limit=100', `GET /api/v1/platforms/${PLATFORM_ID}`]);
  });

  it.each([
    [{}, 'userId, email, externalId', 'Give exactly one of userId, email or externalId.'],
    [{ email: 'a@example.com', externalId: 'hr-1' }, 'userId, email, externalId', 'Give exactly one of userId, email or externalId.'],
    [{ userId: GRACE, email: 'a@example.com' }, 'userId, email, externalId', 'Give exactly one of userId, email or externalId.'],
    [{ userId: 'not-an-id' }, 'userId', 'userId must be an Activepieces user id of 21 letters and digits (got "not-an-id").'],
    [{ email: ['a@example.com'] }, 'email', 'email got a list where one value belongs: a list or record was mapped from an earlier step. Map a single text value (one item or one field of it).'],
  ])('refuses %p before any request', async (props, field, summary) => {
    const error = await rejection(offboard(props));
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ field, summary });
    expect(server.requests).toHaveLength(0);
  });

  it('a failure partway says exactly what was done and what was not, and a re-run finishes the job', async () => {
    const state = platform();
    servePlatform(server, state, {
      [`DELETE /v1/project-members/${MEM_MARKETING_7}`]: (_request, response) => json(response, 500, { statusCode: 500, error: 'Internal Server Error', message: 'database is locked' }),
    });

    const error = await rejection(offboard({ email: 'person7@example.com' }));

    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe(
      `Offboarding of First7 Last7 <person7@example.com> stopped partway: Activepieces had a server error (500): database is locked. Try again later. ` +
        `Done: Deactivated them (status ACTIVE → INACTIVE): they lose access at their next request. Revoked 3 open invitations: ${REVOKED_NAMES}. ` +
        `Not done: Removing their team-project memberships: 0 of 2 done; failed at Marketing (${MARKETING.id}) as Editor; not tried: Ops (${OPS.id}) as Viewer. ` +
        'Run the step again: it skips what is already done.',
    );
    expect(error).toMatchObject({ status: 500, attempts: 3 });
    const report = (error as unknown as { offboarding: OffboardingResult }).offboarding;
    expect(report.revokedInvitations).toEqual(REVOKED);
    expect(report.removedMemberships).toEqual([]);
    expect(report.steps.map(({ step, outcome }) => `${step}: ${outcome}`)).toEqual([
      'find-user: done',
      'deactivate: done',
      'revoke-invitations: done',
      'remove-memberships: failed',
    ]);
    // The server: deactivated and invitations gone, both memberships still there.
    expect(state.users[6].status).toBe('INACTIVE');
    expect(state.invitations.map((kept) => kept.id)).toEqual([INV_PLATFORM_8]);
    expect(state.members.map((kept) => kept.id)).toEqual([MEM_MARKETING_2, MEM_MARKETING_7, MEM_OPS_3, MEM_OPS_7, MEM_PERSONAL_7]);
    // What the builder shows: our sentence under the status headline.
    expect(builderErrorView(error)).toMatchObject({ message: error.message });

    servePlatform(server, state);
    server.requests.length = 0;
    const again = await offboard({ email: 'person7@example.com' });
    expect(writesOf(server.requests)).toEqual([`DELETE /api/v1/project-members/${MEM_MARKETING_7}`, `DELETE /api/v1/project-members/${MEM_OPS_7}`]);
    expect(again.steps.map(({ outcome }) => outcome)).toEqual(['done', 'already-done', 'already-done', 'done']);
  }, 15_000);

  it('a failure at the first write says nothing was changed', async () => {
    const state = platform();
    servePlatform(server, state, {
      [`POST /v1/users/${GRACE}`]: (_request, response) => json(response, 403, { code: 'PERMISSION_DENIED', params: {} }),
    });

    const error = await rejection(offboard({ userId: GRACE }));

    expect(error.message).toBe(
      `Offboarding of First7 Last7 <person7@example.com> stopped partway: Activepieces refused POST /v1/users/${GRACE} for this API key. API keys act as a platform admin, but not every endpoint accepts them. ` +
        'Nothing was changed. Not done: Deactivating them: failed. Not started: revoking their open invitations (pending, or accepted and waiting for sign-up). Not started: removing their team-project memberships. Run the step again: it skips what is already done.',
    );
    expect(writesOf(server.requests)).toEqual([`POST /api/v1/users/${GRACE}`]);
  });

  it('a scan cut short by the time budget: what was found is handled, then the step fails saying what may remain', async () => {
    const state = platform();
    servePlatform(server, state, {
      // Ops' members never come: the budget runs out there.
      [`GET /v1/project-members`]: (request, response) => {
        if (request.path.includes(OPS.id)) return;
        json(response, 200, { data: state.members.filter((candidate) => request.path.includes(candidate.projectId)), next: null, previous: null });
      },
    });
    offboardingBudget.scanMs = 1_000;

    const error = await rejection(offboard({ userId: GRACE }));

    expect(error).toMatchObject({ kind: 'timeout' });
    expect(error.message).toBe(
      'Offboarding of First7 Last7 <person7@example.com> is not complete. ' +
        `Done: Deactivated them (status ACTIVE → INACTIVE): they lose access at their next request. Revoked 3 open invitations: ${REVOKED_NAMES}. ` +
        `Not done: Removed 1 team-project membership: Marketing (${MARKETING.id}) as Editor. Activepieces answered too slowly to read the members of every team project within 1 s (2 projects read), so more may remain. ` +
        'Run the step again: it skips what is already done.',
    );
    expect(state.members.map((kept) => kept.id)).toEqual([MEM_MARKETING_2, MEM_OPS_3, MEM_OPS_7, MEM_PERSONAL_7]);
  });

  it("runs in the engine's child process; a failure partway reaches the builder as our sentence, with the report", async () => {
    const state = platform();
    servePlatform(server, state, {
      [`DELETE /v1/user-invitations/${INV_PROJECT_7}`]: (_request, response) => json(response, 409, { code: 'VALIDATION', params: { message: 'locked' } }),
    });

    const outcome = await runInChild('offboard_user', live.url, { email: 'person7@example.com', removeMemberships: 'false' });

    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.message).toBe(
      'Offboarding of First7 Last7 <person7@example.com> stopped partway: Activepieces refused the change: locked. ' +
        'Done: Deactivated them (status ACTIVE → INACTIVE): they lose access at their next request. Kept their project memberships: Remove project memberships is off. ' +
        'Not done: Revoking their open invitations (pending, or accepted and waiting for sign-up): 1 of 3 done (platform invitation as MEMBER); ' +
        `failed at project invitation to Sales (${SALES.id}) as Editor; not tried: project invitation to Ops (${OPS.id}) as Viewer (accepted, waiting for sign-up). ` +
        'Run the step again: it skips what is already done.',
    );
    expect(outcome.error).toMatchObject({ name: 'ApiError', status: 409, code: 'VALIDATION' });
    expect(builderErrorView(outcome.error)).toMatchObject({ message: outcome.error.message });
    expect((outcome.error as unknown as { offboarding: OffboardingResult }).offboarding.revokedInvitations).toEqual([REVOKED[0]]);
  });

  it("a preview in the engine's child process: \"true\" from a mapping becomes the checkbox", async () => {
    const state = platform();
    servePlatform(server, state);
    const outcome = await runInChild('offboard_user', live.url, { externalId: 'hr-7', previewOnly: 'true' });
    expect(outcome.ok).toBe(true);
    expect(outcome.ok && (outcome.value as OffboardingResult).change).toMatchObject({ applied: false, preview: true });
    expect(writesOf(server.requests)).toEqual([]);
  });
});

describe('offboard_user against the sandbox: what the fake Activepieces stored', () => {
  let sandbox: ActivepiecesSandbox;
  beforeAll(async () => {
    sandbox = await startActivepiecesSandbox({ extraUsers: 150 });
  });
  afterEach(() => sandbox.reset());
  afterAll(() => sandbox.close());

  const run = (props: Record<string, unknown>) =>
    runActionInProcess(offboardUserAction, authProps(sandbox.baseUrl, sandbox.apiKey), props) as Promise<OffboardingResult>;
  const graceMemberships = () => sandbox.members().filter((kept) => kept.userId === AP_MEMBER_ID).map((kept) => kept.projectId);

  it('deactivates Grace, revokes her pending invitation on this platform only, removes her team memberships and keeps her personal project', async () => {
    const output = await run({ email: 'Grace.Hopper@example.com' });

    expect(sandbox.user(AP_MEMBER_ID)?.status).toBe('INACTIVE');
    const invitations = sandbox.invitations().map((kept) => kept.id);
    expect(invitations).not.toContain(AP_MEMBER_SUPPORT_INVITATION_ID);
    // Her invitation on another platform is not this API key's to see or revoke.
    expect(invitations).toContain('inviteOtherPlatform04');
    expect(graceMemberships()).toEqual([]);
    expect(sandbox.projects().map((kept) => kept.id)).toContain(AP_MEMBER_PERSONAL_PROJECT_ID);
    expect(sandbox.userDeletions()).toEqual([]);

    expect(output.revokedInvitations).toEqual([
      {
        id: AP_MEMBER_SUPPORT_INVITATION_ID,
        email: 'grace.hopper@example.com',
        type: 'PROJECT',
        status: 'PENDING',
        platformRole: null,
        projectId: AP_PROJECT_SUPPORT_ID,
        projectName: 'Support Automations',
        projectRole: 'Editor',
        created: expect.any(String),
        outcome: 'revoked',
      },
    ]);
    expect(output.removedMemberships).toEqual([
      { id: AP_MEMBER_MARKETING_MEMBERSHIP_ID, email: 'grace.hopper@example.com', projectId: AP_PROJECT_MARKETING_ID, projectName: 'Marketing', role: 'Editor', outcome: 'removed' },
      { id: AP_MEMBER_FINANCE_MEMBERSHIP_ID, email: 'grace.hopper@example.com', projectId: AP_PROJECT_FINANCE_ID, projectName: 'Finance', role: 'Viewer', outcome: 'removed' },
    ]);
    // Deactivation is the first write: access stops before anything else changes.
    expect(sandbox.requests.filter((request) => request.method !== 'GET').map((request) => `${request.method} ${request.path}`)).toEqual([
      `POST /api/v1/users/${AP_MEMBER_ID}`,
      `DELETE /api/v1/user-invitations/${AP_MEMBER_SUPPORT_INVITATION_ID}`,
      `DELETE /api/v1/project-members/${AP_MEMBER_MARKETING_MEMBERSHIP_ID}`,
      `DELETE /api/v1/project-members/${AP_MEMBER_FINANCE_MEMBERSHIP_ID}`,
    ]);

    // A re-run: every step already done, nothing written.
    sandbox.requests.length = 0;
    const again = await run({ userId: AP_MEMBER_ID });
    expect(sandbox.requests.every((request) => request.method === 'GET')).toBe(true);
    expect(again.steps.slice(1).map((step) => step.outcome)).toEqual(['already-done', 'already-done', 'already-done']);
  });

  it('revokes the accepted invitation an API key left for someone who has not signed up, and a re-run finds everything done', async () => {
    const connection = connectionOf(authProps(sandbox.baseUrl, sandbox.apiKey));
    // Sent with an API key: accepted at once, and kept until the person signs up, when it adds them.
    const waiting = await createInvitation(connection, { type: 'PROJECT', email: 'Not.Yet@example.com', projectId: AP_PROJECT_MARKETING_ID, projectRole: 'Viewer' });
    expect(waiting.status).toBe('ACCEPTED');
    const forEmail = () => sandbox.invitations().filter((kept) => kept.email === 'not.yet@example.com');
    expect(forEmail().map((kept) => kept.id)).toEqual([waiting.id]);

    const output = await run({ email: 'not.yet@example.com' });

    expect(forEmail()).toEqual([]);
    // Someone else's accepted invitation is not touched.
    expect(sandbox.invitations().map((kept) => kept.email)).toContain('future.analyst@example.com');
    expect(output.revokedInvitations).toEqual([
      {
        id: waiting.id,
        email: 'not.yet@example.com',
        type: 'PROJECT',
        status: 'ACCEPTED',
        platformRole: null,
        projectId: AP_PROJECT_MARKETING_ID,
        projectName: 'Marketing',
        projectRole: 'Viewer',
        created: waiting.created,
        outcome: 'revoked',
      },
    ]);
    expect(output.steps[2].summary).toBe(`Revoked 1 open invitation: project invitation to Marketing (${AP_PROJECT_MARKETING_ID}) as Viewer (accepted, waiting for sign-up).`);

    sandbox.requests.length = 0;
    const again = await run({ email: 'not.yet@example.com' });
    expect(sandbox.requests.every((request) => request.method === 'GET')).toBe(true);
    expect(again.steps.map((step) => step.outcome)).toEqual(['already-done', 'already-done', 'already-done', 'already-done']);
    expect(again.steps[2].summary).toBe('No open invitations for not.yet@example.com (pending, or accepted and waiting for sign-up): nothing to revoke.');
  });

  it('refuses the platform owner, and the sandbox is unchanged', async () => {
    const before = { users: sandbox.users(), members: sandbox.members(), invitations: sandbox.invitations() };
    const error = await rejection(run({ userId: AP_OWNER_ID }));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/ is the platform owner\. Activepieces does not let anyone deactivate the platform owner, so they cannot be offboarded; nothing was changed\. Pick another user\.$/);
    expect({ users: sandbox.users(), members: sandbox.members(), invitations: sandbox.invitations() }).toEqual(before);
  });

  it('a preview leaves the sandbox as it was', async () => {
    const before = { users: sandbox.users(), members: sandbox.members(), invitations: sandbox.invitations() };
    const output = await run({ email: 'grace.hopper@example.com', previewOnly: true });
    expect({ users: sandbox.users(), members: sandbox.members(), invitations: sandbox.invitations() }).toEqual(before);
    expect(output.removedMemberships.map((record) => record.outcome)).toEqual(['would-remove', 'would-remove']);
  });
});
