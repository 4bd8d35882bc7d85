// Looking staff users up by email: one walk of GET /api/Users for any number of emails
// (findStaffUsersByEmail), an id or an email resolved to one id (resolveStaffUserId), and
// update_user given an email, against per-test servers and the sandbox merchant fake.
import { ApiError, InputError } from '@user-admin-pieces/common';
import { json, rejection, respond, Responder, runActionInProcess, useTestServer } from '@user-admin-pieces/common/testing';
import { MerchantSandbox, startMerchantSandbox } from '@user-admin-pieces/sandbox';
import { updateUserAction } from '../src/lib/actions/update-user';
import { connectionOf } from '../src/lib/common/client';
import { findStaffUsersByEmail, LOOKUP_MAX_PAGES, resolveStaffUserId } from '../src/lib/common/user-list';
import { authProps, manyUsers, pagedUsers, requestLines, sandboxAuth, staffUser, TOKEN, USER_ID, useMerchantSandbox, usePieceChild } from './helpers';

const { server, url: baseUrl } = useTestServer();
const connection = () => connectionOf(authProps(baseUrl()));
const requested = () => server.requests.map((r) => `${r.method} ${r.path}`);
const page = (n: number) => `GET /api/Users?page=${n}&pageSize=100`;

const NOT_SERVED = (status: number) =>
  `This deployment does not list its users (GET /api/Users answered ${status}), so a staff user cannot be looked up by email or name here. Use the user's id (a GUID) instead.`;

describe('findStaffUsersByEmail', () => {
  it('reads the list once, page by page to the end, for every email, matching without regard to case', async () => {
    server.always(pagedUsers(manyUsers(250)));

    const lookup = await findStaffUsersByEmail(connection(), ['USER0001@shop.example', ' user0250@SHOP.example ', 'nobody@shop.example']);

    expect(requested()).toEqual([page(1), page(2), page(3)]);
    expect(server.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}` && r.body === '')).toBe(true);
    expect(lookup).toEqual({
      byEmail: new Map([
        ['user0001@shop.example', [expect.objectContaining({ id: 'u0001' })]],
        ['user0250@shop.example', [expect.objectContaining({ id: 'u0250' })]],
        ['nobody@shop.example', []],
      ]),
      complete: true,
      cut: undefined,
      scanned: 250,
    });
  });

  it('does not stop at the first match: a second user with the address in another case is found too', async () => {
    const users = [...manyUsers(120), { id: 'dup', firstName: 'Another', lastName: 'One', email: 'User0001@Shop.Example' }];
    server.always(pagedUsers(users));
    const lookup = await findStaffUsersByEmail(connection(), ['user0001@shop.example']);
    expect(lookup.byEmail.get('user0001@shop.example')?.map((user) => user.id)).toEqual(['u0001', 'dup']);
    expect(requested()).toEqual([page(1), page(2)]);
  });

  it('no emails: no request', async () => {
    expect(await findStaffUsersByEmail(connection(), [])).toEqual({ byEmail: new Map(), complete: true, scanned: 0 });
    expect(server.requests).toHaveLength(0);
  });

  it.each([404, 405, 501])('a deployment that answers the list with %i does not serve it: one request, a sentence that says so', async (status) => {
    server.always(respond(status, ''));
    const error = await rejection(findStaffUsersByEmail(connection(), ['jane@shop.example']), ApiError);
    expect(error.message).toBe(NOT_SERVED(status));
    expect(error).toMatchObject({ status });
    expect(requested()).toEqual([page(1)]);
  });

  it('a first page in a shape this piece does not know fails, saying so', async () => {
    server.reply(respond(200, { users: 'somewhere' }));
    const error = await rejection(findStaffUsersByEmail(connection(), ['jane@shop.example']), ApiError);
    expect(error.message).toBe(
      "The user list (GET /api/Users) came back in a shape this piece does not know, so a staff user cannot be looked up by email or name here. Use the user's id (a GUID) instead.",
    );
  });

  it('a later page that fails after the retries ends the walk incomplete, with the reason', async () => {
    const first = pagedUsers(manyUsers(250));
    server.reply(first).always(respond(500, { title: 'Database unavailable' }, { 'retry-after': '0' }));
    const lookup = await findStaffUsersByEmail(connection(), ['user0001@shop.example']);
    expect(lookup).toMatchObject({
      complete: false,
      scanned: 100,
      cut: 'reading page 2 failed: Merchant staff API answered 500 (server error): Database unavailable. The server had a problem; run the step again later',
    });
    expect(lookup.byEmail.get('user0001@shop.example')).toHaveLength(1);
    expect(requested()).toEqual([page(1), page(2), page(2), page(2)]);
  });

  it('a page that holds only users already read (an API that ignores `page`) is not taken for the end', async () => {
    server.always((req, res) => json(res, 200, { items: manyUsers(100), totalCount: 250, page: 1, pageSize: 100 }));
    const lookup = await findStaffUsersByEmail(connection(), ['user0200@shop.example']);
    expect(lookup).toMatchObject({ complete: false, scanned: 100, cut: 'page 2 held only users already read, so the API may not page this list' });
    expect(requested()).toEqual([page(1), page(2)]);
  });

  it('stops at its deadline: a page still pending then ends the walk incomplete', async () => {
    server.reply(pagedUsers(manyUsers(250))).always(() => undefined);
    const startedAt = Date.now();
    const lookup = await findStaffUsersByEmail(connection(), ['user0001@shop.example'], { deadline: Date.now() + 1_500 });
    expect(Date.now() - startedAt).toBeLessThan(3_000);
    expect(lookup).toMatchObject({ complete: false, scanned: 100, cut: 'the time this lookup may take ran out' });
    expect(requested()).toEqual([page(1), page(2)]);
  });

  it(`reads at most ${LOOKUP_MAX_PAGES} pages of a list that never ends`, async () => {
    server.always((req, res) => {
      const n = Number(new URL(req.path, 'http://x').searchParams.get('page'));
      json(res, 200, { items: [{ id: `u${n}`, email: `user${n}@shop.example` }], totalCount: 1_000_000, page: n, pageSize: 1 });
    });
    const lookup = await findStaffUsersByEmail(connection(), ['nobody@shop.example']);
    expect(server.requests).toHaveLength(LOOKUP_MAX_PAGES);
    expect(lookup).toMatchObject({ complete: false, scanned: LOOKUP_MAX_PAGES, cut: `a lookup reads at most ${LOOKUP_MAX_PAGES} pages of the list` });
  }, 30_000);
});

describe('resolveStaffUserId', () => {
  it('passes a GUID through as given, with no request', async () => {
    expect(await resolveStaffUserId(connection(), ` ${USER_ID.toUpperCase()} `)).toBe(USER_ID.toUpperCase());
    expect(server.requests).toHaveLength(0);
  });

  it('resolves an email to the one user listed with it, recording the pages in the trail', async () => {
    server.always(pagedUsers(manyUsers(150)));
    const recorded: unknown[] = [];
    expect(await resolveStaffUserId(connection(), 'User0120@shop.example', { record: (outcome) => recorded.push(outcome) })).toBe('u0120');
    expect(requested()).toEqual([page(1), page(2)]);
    expect(recorded).toHaveLength(2);
  });

  it('refuses an email several users have, naming their ids', async () => {
    server.always(pagedUsers([staffUser({ id: 'a1' }), staffUser({ id: 'b2', email: 'JANE@shop.example' })]));
    const error = await rejection(resolveStaffUserId(connection(), 'jane@shop.example'), InputError);
    expect(error.message).toBe('2 staff users have email jane@shop.example (without regard to case): a1, b2. Pick the user by id instead.');
    expect(error).toMatchObject({ field: 'userId' });
  });

  it('an email nobody has: not found, and says when the list was not read to the end', async () => {
    server.always(pagedUsers(manyUsers(3)));
    expect((await rejection(resolveStaffUserId(connection(), 'nobody@shop.example'), InputError)).message).toBe('No staff user has email nobody@shop.example.');

    server.reset();
    server.reply(pagedUsers(manyUsers(150))).always(respond(500, {}, { 'retry-after': '0' }));
    expect((await rejection(resolveStaffUserId(connection(), 'nobody@shop.example'), InputError)).message).toBe(
      'No staff user with email nobody@shop.example among the 100 users read; the list was not read to the end (reading page 2 failed: Merchant staff API answered 500 (server error). The server had a problem; run the step again later), so the user may still exist. Pick the user by id instead.',
    );
  });

  it('refuses what is neither a GUID nor an email, with no request', async () => {
    const error = await rejection(resolveStaffUserId(connection(), 'jane'), InputError);
    expect(error.message).toBe(
      'User "jane" is neither a user id (a GUID: 8-4-4-4-12 hexadecimal digits, e.g. 2489E9AD-2EE2-8E00-8EC9-32D5F69181C0) nor an email address.',
    );
    expect(server.requests).toHaveLength(0);
  });
});

describe('update_user given an email', () => {
  const update = (propsValue: Record<string, unknown>) => runActionInProcess(updateUserAction, authProps(baseUrl()), propsValue);

  it('an email several users have is refused with their ids, and nothing is read or written after the list', async () => {
    const responder: Responder = pagedUsers([staffUser({ id: 'a1' }), staffUser({ id: 'b2', email: 'Jane@Shop.Example' })]);
    server.always(responder);
    const error = await rejection(update({ userId: 'jane@shop.example', status: 'INACTIVE' }), InputError);
    expect(error.message).toBe('2 staff users have email jane@shop.example (without regard to case): a1, b2. Pick the user by id instead.');
    expect(requested()).toEqual([page(1)]);
  });

  it('a malformed value is refused before any request', async () => {
    const error = await rejection(update({ userId: 'jane@', status: 'INACTIVE' }), InputError);
    expect(error).toMatchObject({ field: 'userId' });
    expect(server.requests).toHaveLength(0);
  });

  describe('against the sandbox merchant fake', () => {
    const live = useMerchantSandbox();
    let sandbox: MerchantSandbox;
    beforeEach(() => {
      sandbox = live();
    });
    const auth = () => sandboxAuth(sandbox);
    const sent = () => requestLines(sandbox);
    const grace = () => sandbox.docsUserId.toLowerCase();

    it('looks the email up (any case), then reads, merges and writes that user; the audit names the id', async () => {
      const before = sandbox.user(grace());

      const result = await runActionInProcess(updateUserAction, auth(), { userId: 'Grace.Hopper@EXAMPLE.com', status: 'INACTIVE' });

      expect(sent()).toEqual([page(1), `GET /api/Users/${grace()}`, `PUT /api/Users/${grace()}`]);
      expect(sandbox.user(grace())).toEqual({ ...before, isActive: false, updatedAt: expect.any(String) });
      expect(result).toMatchObject({
        id: grace(),
        phone: '+1 202 555 0143',
        change: {
          applied: true,
          fields: [{ field: 'isActive', from: true, to: false }],
          summary: 'Deactivated Grace Hopper',
          audit: { action: 'merchant-staff/update_user', target: grace(), attempts: 3, requestIds: [expect.any(String), expect.any(String), expect.any(String)] },
        },
      });
    });

    it('an email nobody has: not found after reading the whole list, nothing written', async () => {
      const error = await rejection(runActionInProcess(updateUserAction, auth(), { userId: 'nobody@example.com', status: 'INACTIVE' }), InputError);
      expect(error.message).toBe('No staff user has email nobody@example.com.');
      expect(sent()).toEqual([page(1)]);
    });

    it('a deployment that does not list its users: the email cannot be used, and the sentence says so', async () => {
      const unlisted = await startMerchantSandbox({ withoutGetEndpoints: true });
      try {
        const error = await rejection(runActionInProcess(updateUserAction, sandboxAuth(unlisted), { userId: 'grace.hopper@example.com', status: 'INACTIVE' }));
        expect(error.message).toBe(NOT_SERVED(404));
        expect(unlisted.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/Users']);
        expect(unlisted.user(grace())).toMatchObject({ isActive: true });
      } finally {
        await unlisted.close();
      }
    });

    describe("in the engine's child process", () => {
      const runChild = usePieceChild();

      it('an email mapped into User is resolved and the user deactivated; run again, nothing to change', async () => {
        const first = await runChild('update_user', { userId: 'grace.hopper@example.com', status: 'INACTIVE' }, auth());
        const second = await runChild('update_user', { userId: 'grace.hopper@example.com', status: 'INACTIVE' }, auth());

        expect(first).toMatchObject({ ok: true, value: { id: grace(), isActive: false, change: { applied: true, summary: 'Deactivated Grace Hopper' } } });
        expect(second).toMatchObject({ ok: true, value: { change: { applied: false, summary: 'Nothing to change: already inactive' } } });
        expect(sandbox.user(grace())).toMatchObject({ isActive: false, notes: 'Opens the store on weekdays; holds the alarm code.' });
        expect(sent()).toEqual([page(1), `GET /api/Users/${grace()}`, `PUT /api/Users/${grace()}`, page(1), `GET /api/Users/${grace()}`]);
      });

      it('an email nobody has fails as the builder shows it, after one page', async () => {
        const outcome = await runChild('update_user', { userId: 'nobody@example.com', status: 'INACTIVE' }, auth());
        expect(outcome).toMatchObject({ ok: false });
        expect(!outcome.ok && outcome.error.message).toBe('No staff user has email nobody@example.com.');
        expect(sent()).toEqual([page(1)]);
      });
    });
  });
});
