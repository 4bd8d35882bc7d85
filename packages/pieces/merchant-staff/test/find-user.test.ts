// find_user: by email or by name over the whole user list, exactly one match or a sentence, at the
// network boundary (per-test servers and the sandbox merchant fake) and in the engine's child.
import { InputError } from '@user-admin-pieces/common';
import { rejection, respond, runActionInProcess, useTestServer } from '@user-admin-pieces/common/testing';
import { MerchantSandbox, startMerchantSandbox } from '@user-admin-pieces/sandbox';
import { findUserAction } from '../src/lib/actions/find-user';
import { hasName } from '../src/lib/common/user-list';
import { authProps, manyUsers, pagedUsers, requestLines, sandboxAuth, staffUser, TOKEN, useMerchantSandbox, usePieceChild } from './helpers';

const { server, url: baseUrl } = useTestServer();
const find = (propsValue: Record<string, unknown>) => runActionInProcess(findUserAction, authProps(baseUrl()), propsValue);
const requested = () => server.requests.map((r) => `${r.method} ${r.path}`);
const page = (n: number) => `GET /api/Users?page=${n}&pageSize=100`;

describe('find_user against the sandbox merchant fake', () => {
  const live = useMerchantSandbox({ extraUsers: 150 });
  let sandbox: MerchantSandbox;
  beforeEach(() => {
    sandbox = live();
  });
  const auth = () => sandboxAuth(sandbox);
  const sent = () => requestLines(sandbox);
  const grace = () => sandbox.user(sandbox.docsUserId);
  const run = (propsValue: Record<string, unknown>) => runActionInProcess(findUserAction, auth(), propsValue);

  it('by email, in any case: reads every page once and returns the user as listed', async () => {
    const user = await run({ email: '  GRACE.hopper@Example.com ' });
    expect(user).toEqual(grace());
    expect(sent()).toEqual([page(1), page(2)]);
    expect(sandbox.requests.every((r) => r.headers.authorization === `Bearer ${sandbox.token}`)).toBe(true);
  });

  it.each(['Grace Hopper', '  grace   HOPPER ', 'hopper', 'GRACE'])('by name %j: the whole first, last or full name, without regard to case or spaces', async (name) => {
    expect(await run({ name })).toEqual(grace());
  });

  it('a part of a name is not a match: not found, and the read stored nothing', async () => {
    const before = sandbox.users();
    const error = await rejection(run({ name: 'Grac' }), InputError);
    expect(error.message).toBe('No staff user matches name "Grac".');
    expect(error).toMatchObject({ field: 'name' });
    expect(sandbox.users()).toEqual(before);
  });

  it('several matches fail, naming their ids', async () => {
    const error = await rejection(run({ name: 'Generated' }), InputError);
    expect(error.message).toMatch(
      /^150 staff users match name "Generated": 00000000-0000-4000-8000-\S+, (\S+, ){8}\S+ and 140 more\. Find User returns one user; look the user up by email instead\.$/,
    );
  });

  it('nobody: fails by default; with Fail if not found off, returns null after reading the whole list', async () => {
    const error = await rejection(run({ email: 'nobody@example.com' }), InputError);
    expect(error.message).toBe('No staff user matches email nobody@example.com (without regard to case).');
    expect(error).toMatchObject({ field: 'email' });
    expect(await run({ email: 'nobody@example.com', failIfNotFound: false })).toBeNull();
    expect(sent()).toEqual([page(1), page(2), page(1), page(2)]);
  });

  it('a deployment that does not list its users: a sentence that says so', async () => {
    const unlisted = await startMerchantSandbox({ withoutGetEndpoints: true });
    try {
      const error = await rejection(runActionInProcess(findUserAction, sandboxAuth(unlisted), { email: 'grace.hopper@example.com' }));
      expect(error.message).toBe(
        "This deployment does not list its users (GET /api/Users answered 404), so a staff user cannot be looked up by email or name here. Use the user's id (a GUID) instead.",
      );
      expect(unlisted.requests).toHaveLength(1);
    } finally {
      await unlisted.close();
    }
  });

  describe("in the engine's child process", () => {
    const runChild = usePieceChild();

    it('finds by email, and returns null for nobody when the checkbox (as the engine passes it) is off', async () => {
      const found = await runChild('find_user', { email: 'grace.hopper@example.com' }, auth());
      const missing = await runChild('find_user', { email: 'nobody@example.com', failIfNotFound: 'false' }, auth());
      expect(found).toMatchObject({ ok: true, value: grace() });
      expect(missing).toMatchObject({ ok: true, value: null });
      expect(sent()).toEqual([page(1), page(2), page(1), page(2)]);
    });

    it('refuses input that gives both email and name as the builder shows it, with no request', async () => {
      const outcome = await runChild('find_user', { email: 'grace.hopper@example.com', name: 'Grace Hopper' }, auth());
      expect(outcome).toMatchObject({ ok: false });
      expect(!outcome.ok && outcome.error.message).toBe('Give exactly one of Email or Name.');
      expect(sandbox.requests).toHaveLength(0);
    });
  });
});

describe('find_user at the network boundary', () => {
  it('a list not read to the end never answers "not found" as if it were: it fails, even with Fail if not found off', async () => {
    server.reply(pagedUsers(manyUsers(250))).always(respond(503, {}, { 'retry-after': '0' }));
    const error = await rejection(find({ email: 'nobody@shop.example', failIfNotFound: false }), InputError);
    expect(error.message).toBe(
      'No staff user matches email nobody@shop.example (without regard to case) among the 100 users read; the list was not read to the end (reading page 2 failed: Merchant staff API answered 503 (service unavailable). The server had a problem; run the step again later), so the user may still exist.',
    );
    expect(requested()).toEqual([page(1), page(2), page(2), page(2)]);
  });

  it('several matches on a list cut short say there may be more', async () => {
    const twins = [staffUser({ id: 'a1', firstName: 'Ann', lastName: 'Lee' }), staffUser({ id: 'b2', firstName: 'ann', lastName: 'lee' })];
    server.reply(pagedUsers([...twins, ...manyUsers(150)])).always(respond(503, {}, { 'retry-after': '0' }));
    const error = await rejection(find({ name: 'Ann Lee' }), InputError);
    expect(error.message).toBe(
      '2 staff users match name "Ann Lee" among the 100 users read (the list was not read to the end, so there may be more): a1, b2. Find User returns one user; look the user up by email instead.',
    );
  });

  it('one match on the only page: exactly one request, and the answer redacted as update_user redacts it', async () => {
    const notes = `Old token was ${TOKEN.slice(0, 12)}, rotated.`;
    server.always(pagedUsers([staffUser({ notes })]));
    const user = await find({ email: 'jane@shop.example' });
    expect(user).toEqual({ ...staffUser(), notes: 'Old token was [redacted], rotated.' });
    expect(requested()).toEqual([page(1)]);
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(JSON.stringify(user)).not.toContain(TOKEN.slice(0, 12));
  });

  const REFUSED: [string, Record<string, unknown>, string, string][] = [
    ['neither email nor name', { failIfNotFound: true }, 'email, name', 'Give exactly one of Email or Name.'],
    ['both email and name', { email: 'jane@shop.example', name: 'Jane' }, 'email, name', 'Give exactly one of Email or Name.'],
    ['an email that is not one', { email: 'jane@shop' }, 'email', 'Email "jane@shop" is not a valid email address.'],
    ['a name too long to be one', { name: 'x'.repeat(202) }, 'name', "Name is 202 characters long; a staff user's full name has at most 201."],
    ['a list mapped into Name', { name: ['Jane'] }, 'name', 'Name got a list where one value belongs: a list or record was mapped from an earlier step. Map a single text value (one item or one field of it).'],
  ];

  it.each(REFUSED)('refuses %s, naming the field, with zero requests', async (_name, props, field, sentence) => {
    const error = await rejection(find(props), InputError);
    expect(error.message).toBe(sentence);
    expect(error).toMatchObject({ field });
    expect(server.requests).toHaveLength(0);
  });
});

describe('hasName', () => {
  const grace = { id: 'g', firstName: 'Grace', lastName: 'Brewster Hopper', fullName: 'Grace Brewster Hopper' };
  it.each(['grace', 'BREWSTER HOPPER', ' grace  brewster\thopper ', 'Grace Brewster Hopper'])('%j is one of her names', (name) => {
    expect(hasName(grace, name)).toBe(true);
  });
  it.each(['Grac', 'Hopper', 'Grace Hopper', ''])('%j is not', (name) => {
    expect(hasName(grace, name)).toBe(false);
  });
  it('a name the API sends as something other than text is not matched', () => {
    expect(hasName({ id: 'x', firstName: 42, lastName: null }, '42')).toBe(false);
  });
});
