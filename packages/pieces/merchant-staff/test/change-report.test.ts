// The `change` object update_user adds to its output, Preview only, the write that is not sent when
// nothing would change, and the last-active-Owner guard: all at the network boundary, against a real
// server on 127.0.0.1 that counts every request.
import { InputError } from '@user-admin-pieces/common';
import { json, ReceivedRequest, rejection, respond, runActionInProcess, useTestServer } from '@user-admin-pieces/common/testing';
import { updateUserAction } from '../src/lib/actions/update-user';
import { authProps, bodyOf, echoPut, pagedUsers, staffUser, USER_ID } from './helpers';

const { server, url: baseUrl } = useTestServer();

function update(propsValue: Record<string, unknown>) {
  return runActionInProcess(updateUserAction, authProps(baseUrl()), { userId: USER_ID, ...propsValue });
}

const requested = () => server.requests.map((r: ReceivedRequest) => `${r.method} ${r.path}`);
const writes = () => server.requests.filter((r: ReceivedRequest) => r.method !== 'GET');
const GET_USER = `GET /api/Users/${USER_ID}`;
const PUT_USER = `PUT /api/Users/${USER_ID}`;
const LIST_PAGE_1 = 'GET /api/Users?page=1&pageSize=100';

const audit = (attempts: number, requestIds: string[] = []) => ({
  at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
  action: 'merchant-staff/update_user',
  target: USER_ID,
  requestIds,
  attempts,
});

const OWNER = staffUser({ firstName: 'Grace', lastName: 'Hopper', fullName: 'Grace Hopper', role: 'Owner' });
const OTHER_OWNER_ID = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const LAST_OWNER =
  'Grace Hopper is the last active Owner of this merchant: deactivating or demoting them would lock the merchant out. Make another user an active Owner first.';

describe('Preview only', () => {
  it('reads the user, writes nothing, and reports exactly what a run would change', async () => {
    server.reply(respond(200, staffUser(), { etag: '"v1"' }));

    const result = await update({ status: 'INACTIVE', role: 'Viewer', previewOnly: true });

    expect(requested()).toEqual([GET_USER]);
    expect(writes()).toEqual([]);
    // The user as read (nothing was written), plus `change`.
    expect(result).toEqual({
      ...staffUser(),
      change: {
        applied: false,
        preview: true,
        fields: [
          { field: 'role', from: 'Staff', to: 'Viewer' },
          { field: 'isActive', from: true, to: false },
        ],
        summary: 'Would change role Staff → Viewer, status ACTIVE → INACTIVE for Jane Doe',
        audit: audit(1),
      },
    });
  });

  it('reads even when every field is given, so it can say from what', async () => {
    server.reply(respond(200, staffUser()));

    const result = await update({ firstName: 'Jane', lastName: 'Doe', email: 'JANE@shop.example', role: 'Admin', status: 'ACTIVE', previewOnly: true });

    expect(requested()).toEqual([GET_USER]);
    expect(result).toMatchObject({ change: { applied: false, preview: true, fields: [{ field: 'role', from: 'Staff', to: 'Admin' }] } });
  });

  it('off (here the engine\'s "false" text) reads and writes as before', async () => {
    server.reply(respond(200, staffUser()), echoPut());
    await update({ status: 'INACTIVE', previewOnly: 'false' });
    expect(requested()).toEqual([GET_USER, PUT_USER]);
  });

  it('refuses bad input the same way as a run, before any request', async () => {
    const error = await rejection(update({ status: 'INACTIVE', email: 'not-an-email', previewOnly: true }), InputError);
    expect(error.message).toBe('Email "not-an-email" is not a valid email address.');
    expect(server.requests).toHaveLength(0);
  });

  it('refuses a read of another user the same way as a run', async () => {
    server.reply(respond(200, staffUser({ id: OTHER_OWNER_ID })));
    const error = await rejection(update({ status: 'INACTIVE', previewOnly: true }));
    expect(error.message).toBe(
      `Asked for user ${USER_ID}, the API returned another user (id "${OTHER_OWNER_ID}"). Nothing was written. Check that the connection's base URL points at the staff-user API itself, not at a cache or proxy that answers for other users.`,
    );
    expect(requested()).toEqual([GET_USER]);
  });

  it('refuses a profile the API could not take, as the run would', async () => {
    server.reply(respond(200, staffUser({ lastName: null })));
    const error = await rejection(update({ status: 'INACTIVE', previewOnly: true }), InputError);
    expect(error.message).toBe('The user has no Last name on record, and the API replaces the whole profile: fill in Last name.');
    expect(requested()).toEqual([GET_USER]);
  });
});

describe('nothing to change: no write', () => {
  it('a user already inactive is not written to, and a second run says so', async () => {
    const inactive = staffUser({ isActive: false });
    server.reply(respond(200, inactive, { etag: '"v2"' }));

    const result = await update({ status: 'INACTIVE' });

    expect(requested()).toEqual([GET_USER]);
    expect(result).toEqual({
      ...inactive,
      change: { applied: false, preview: false, fields: [], summary: 'Nothing to change: already inactive', audit: audit(1) },
    });
  });

  it('compares email and role without regard to case', async () => {
    server.reply(respond(200, staffUser()));
    const result = await update({ email: 'JANE@Shop.Example', role: 'staff' });
    expect(requested()).toEqual([GET_USER]);
    expect(result).toMatchObject({
      change: { applied: false, fields: [], summary: 'Nothing to change: email already JANE@Shop.Example, role already Staff' },
    });
  });

  it('a preview of nothing says the same, and reads once', async () => {
    server.reply(respond(200, staffUser({ isActive: false })));
    const result = await update({ status: 'INACTIVE', previewOnly: true });
    expect(requested()).toEqual([GET_USER]);
    expect(result).toMatchObject({ change: { applied: false, preview: true, fields: [], summary: 'Nothing to change: already inactive' } });
  });
});

describe('the change list', () => {
  it('a partial update lists each changed field with from and to, and leaves out what already held', async () => {
    server.reply(respond(200, staffUser(), { etag: '"v1"' }), echoPut());

    const result = await update({ firstName: 'Jane', email: 'jane.doe@shop.example', role: 'Admin' });

    expect(requested()).toEqual([GET_USER, PUT_USER]);
    expect(result).toMatchObject({
      email: 'jane.doe@shop.example',
      role: 'Admin',
      change: {
        applied: true,
        preview: false,
        fields: [
          { field: 'email', from: 'jane@shop.example', to: 'jane.doe@shop.example' },
          { field: 'role', from: 'Staff', to: 'Admin' },
        ],
        summary: 'Updated Jane Doe: email jane@shop.example → jane.doe@shop.example, role Staff → Admin',
        audit: audit(2),
      },
    });
  });

  it('says Deactivated and Reactivated', async () => {
    server.reply(respond(200, staffUser()), echoPut(), respond(200, staffUser({ isActive: false })), echoPut());
    await expect(update({ status: 'INACTIVE' })).resolves.toMatchObject({ change: { summary: 'Deactivated Jane Doe' } });
    await expect(update({ status: 'ACTIVE', role: 'Viewer' })).resolves.toMatchObject({
      change: { summary: 'Reactivated Jane Doe; role Staff → Viewer' },
    });
  });

  it('keeps the output small: the user and the one key', async () => {
    server.reply(respond(200, staffUser()), echoPut());
    const result = (await update({ status: 'INACTIVE' })) as Record<string, unknown>;
    expect(Object.keys(result)).toEqual([...Object.keys(staffUser()), 'change']);
    expect(JSON.stringify(result['change']).length).toBeLessThan(400);
  });
});

describe('the audit line', () => {
  it('carries the provider\'s request ids in order, and counts a retried 503 as two attempts', async () => {
    server.reply(
      respond(200, staffUser(), { 'x-request-id': 'req-get-1', etag: '"v1"' }),
      respond(503, { title: 'Service Unavailable', status: 503 }, { 'x-request-id': 'req-put-1', 'retry-after': '0' }),
      (req, res) => json(res, 200, { ...staffUser(), ...(bodyOf(req) as object) }, { 'x-request-id': 'req-put-2' }),
    );

    const result = await update({ status: 'INACTIVE' });

    expect(requested()).toEqual([GET_USER, PUT_USER, PUT_USER]);
    expect(result).toMatchObject({ change: { applied: true, audit: audit(3, ['req-get-1', 'req-put-1', 'req-put-2']) } });
  });
});

describe('the last active Owner', () => {
  it('is not deactivated: refused after reading the list, before any PUT, with the exact sentence', async () => {
    server.reply(respond(200, OWNER), pagedUsers([OWNER, staffUser({ id: OTHER_OWNER_ID, role: 'Admin' })]));

    const error = await rejection(update({ status: 'INACTIVE' }), InputError);

    expect(error.message).toBe(LAST_OWNER);
    expect(error).toMatchObject({ field: 'status' });
    expect(requested()).toEqual([GET_USER, LIST_PAGE_1]);
    expect(writes()).toEqual([]);
  });

  it('is not demoted, and an inactive Owner does not count as another', async () => {
    const inactiveOwner = staffUser({ id: OTHER_OWNER_ID, role: 'Owner', isActive: false });
    server.reply(respond(200, OWNER), pagedUsers([OWNER, inactiveOwner]));

    const error = await rejection(update({ role: 'Admin' }), InputError);

    expect(error.message).toBe(LAST_OWNER);
    expect(error).toMatchObject({ field: 'role' });
    expect(writes()).toEqual([]);
  });

  it('a preview is refused the same way', async () => {
    server.reply(respond(200, OWNER), pagedUsers([OWNER]));
    const error = await rejection(update({ status: 'INACTIVE', role: 'Viewer', previewOnly: true }), InputError);
    expect(error.message).toBe(LAST_OWNER);
    expect(error).toMatchObject({ field: 'role, status' });
    expect(requested()).toEqual([GET_USER, LIST_PAGE_1]);
  });

  it('an Owner who is not the last one can be demoted: the list is read until another active Owner shows up', async () => {
    const staff = Array.from({ length: 100 }, (_, i) => staffUser({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, role: 'Staff' }));
    const otherOwner = staffUser({ id: OTHER_OWNER_ID, role: 'owner', isActive: true });
    server.reply(respond(200, OWNER, { etag: '"v1"' }), pagedUsers([OWNER, ...staff, otherOwner]), pagedUsers([OWNER, ...staff, otherOwner]), echoPut());

    const result = await update({ role: 'Admin' });

    expect(requested()).toEqual([GET_USER, LIST_PAGE_1, 'GET /api/Users?page=2&pageSize=100', PUT_USER]);
    expect(result).toMatchObject({
      role: 'Admin',
      change: { applied: true, fields: [{ field: 'role', from: 'Owner', to: 'Admin' }], summary: 'Updated Grace Hopper: role Owner → Admin', audit: audit(4) },
    });
  });

  it('the list is not read when the change keeps the Owner an active Owner, or the user is not one', async () => {
    server.reply(respond(200, OWNER), echoPut(), respond(200, staffUser({ role: 'Owner', isActive: false })), echoPut());
    await update({ email: 'grace@shop.example', role: 'Owner' });
    await update({ role: 'Viewer' });
    expect(requested()).toEqual([GET_USER, PUT_USER, GET_USER, PUT_USER]);
  });

  it('where the deployment does not list users, the change is refused, saying the check cannot run', async () => {
    server.reply(respond(200, OWNER), respond(404, ''));

    const error = await rejection(update({ status: 'INACTIVE' }));

    expect(error.message).toBe(
      "Grace Hopper is an active Owner, and this deployment does not list its users (GET /api/Users answered 404), so the piece cannot check that another active Owner remains. Nothing was written: deactivate or demote this Owner in the merchant's own admin instead.",
    );
    expect(writes()).toEqual([]);
  });

  it('a list in a shape this piece does not know refuses too', async () => {
    server.reply(respond(200, OWNER), respond(200, { users: 'somewhere' }));
    const error = await rejection(update({ status: 'INACTIVE' }), InputError);
    expect(error.message).toBe(
      "Could not check that Grace Hopper is not the last active Owner of this merchant: the user list came back in a shape this piece does not know. Nothing was written; deactivate or demote this Owner in the merchant's own admin instead.",
    );
    expect(writes()).toEqual([]);
  });

  it('a full update reads too, so the guard runs there as well: refused, no PUT', async () => {
    server.reply(respond(200, OWNER), pagedUsers([OWNER]));
    const error = await rejection(
      update({ firstName: 'Grace', lastName: 'Hopper', email: 'grace@shop.example', role: 'Admin', status: 'INACTIVE' }),
      InputError,
    );
    expect(error.message).toBe(LAST_OWNER);
    expect(error).toMatchObject({ field: 'role, status' });
    expect(requested()).toEqual([GET_USER, LIST_PAGE_1]);
    expect(writes()).toEqual([]);
  });
});
