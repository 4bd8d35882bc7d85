// End to end: the built pieces, each call in a fresh child process as today's engine makes it (input
// processed and validated, connection passed as the engine passes it, errors rebuilt from what crossed
// the process boundary), against the sandbox's real HTTP.
import { builderErrorView, PieceCall, PieceOutcome } from '@user-admin-pieces/common/testing';
import {
  AP_MEMBER_ID,
  AP_OWNER_ID,
  MERCHANT_ADMIN_ID,
  MERCHANT_DOCS_USER_ID,
  PieceName,
  pieceNamed,
  Sandbox,
  startSandbox,
} from '@user-admin-pieces/sandbox';
import { callPiece, CallOptions } from '../src/piece-calls';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterEach(() => sandbox.reset());
afterAll(() => sandbox.close());

/** The connection that reaches the piece's fake in the sandbox. */
const sandboxConnection = (piece: PieceName, running: Sandbox) => pieceNamed(piece).sandboxConnection(running);

const quiet: CallOptions = { onOutput: () => undefined, network: 'unrestricted' };

function run(piece: PieceName, actionName: string, input: Record<string, unknown>, options: CallOptions = {}): Promise<PieceOutcome> {
  const call: PieceCall = { kind: 'action', actionName, input, auth: sandboxConnection(piece, sandbox) };
  return callPiece(piece, call, { ...quiet, ...options });
}

function valueOf(outcome: PieceOutcome): unknown {
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.error.name}: ${outcome.error.message}`);
  return outcome.value;
}

function errorOf(outcome: PieceOutcome): Error {
  if (outcome.ok) throw new Error(`expected a failure, got ${JSON.stringify(outcome.value)}`);
  expect(outcome.uncaught).toBe(false);
  return outcome.error;
}

function without<T extends object>(record: T | undefined, ...keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record ?? {}).filter(([key]) => !keys.includes(key)));
}

describe('Activepieces Platform update_user', () => {
  const update = (input: Record<string, unknown>) => run('activepieces-platform', 'update_user', input);

  it('deactivates a user and changes nothing else', async () => {
    const before = sandbox.activepieces.user(AP_MEMBER_ID);
    const output = valueOf(await update({ userId: AP_MEMBER_ID, status: 'INACTIVE' }));
    const after = sandbox.activepieces.user(AP_MEMBER_ID);

    expect(after?.status).toBe('INACTIVE');
    expect(without(after, 'status', 'updated')).toEqual(without(before, 'status', 'updated'));
    expect(output).toEqual({ ...after, change: expect.objectContaining({ applied: true, preview: false, summary: 'Set status INACTIVE' }) });
    expect(sandbox.activepieces.requests).toHaveLength(1);
    expect(sandbox.activepieces.requests[0]).toMatchObject({ method: 'POST', path: `/api/v1/users/${AP_MEMBER_ID}`, body: { status: 'INACTIVE' } });
  });

  it('sets role and external id together, in one request; unset optional text arrives as "" and is dropped', async () => {
    const before = sandbox.activepieces.user(AP_MEMBER_ID);
    valueOf(await update({ userId: AP_MEMBER_ID, platformRole: 'operator', externalId: 'hr-2002', status: '' }));
    const after = sandbox.activepieces.user(AP_MEMBER_ID);

    expect(after).toMatchObject({ platformRole: 'OPERATOR', externalId: 'hr-2002', status: before?.status });
    expect(sandbox.activepieces.requests[0].body).toEqual({ platformRole: 'OPERATOR', externalId: 'hr-2002' });
  });

  it('an external id mapped as a number arrives as its digits (the engine makes text of it)', async () => {
    valueOf(await update({ userId: AP_MEMBER_ID, externalId: 20021 }));
    expect(sandbox.activepieces.requests[0].body).toEqual({ externalId: '20021' });
  });

  it('explains why the platform owner cannot be deactivated, under the API\'s status, and leaves them active', async () => {
    const error = errorOf(await update({ userId: AP_OWNER_ID, status: 'INACTIVE' }));
    const view = builderErrorView(error);
    expect(view.status).toBe(409);
    expect(view.message).toContain('The platform owner cannot be deactivated');
    expect(view.errorName).toBe('ApiError');
    expect(sandbox.activepieces.user(AP_OWNER_ID)?.status).toBe('ACTIVE');
  });

  it('waits out a rate limit and then succeeds', async () => {
    sandbox.activepieces.injectFault({ type: 'rate-limit', retryAfterSeconds: 1 });
    valueOf(await update({ userId: AP_MEMBER_ID, status: 'INACTIVE' }));
    expect(sandbox.activepieces.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(sandbox.activepieces.user(AP_MEMBER_ID)?.status).toBe('INACTIVE');
  });

  it('refuses a malformed id before any request', async () => {
    const error = errorOf(await update({ userId: 'not-an-id', status: 'INACTIVE' }));
    expect(error.name).toBe('InputError');
    expect(error.message).toContain('userId');
    expect(sandbox.activepieces.requests).toHaveLength(0);
  });

  it('gets a required dropdown left empty, which the engine does not validate, and refuses it itself', async () => {
    const error = errorOf(await update({ userId: '', status: 'INACTIVE' }));
    expect(error.name).toBe('InputError');
    expect(sandbox.activepieces.requests).toHaveLength(0);
  });
});

describe('Activepieces Platform find_user', () => {
  const find = (input: Record<string, unknown>) => run('activepieces-platform', 'find_user', input);

  it('finds a user by external id', async () => {
    expect(valueOf(await find({ externalId: 'hr-1002' }))).toMatchObject({ id: AP_MEMBER_ID, externalId: 'hr-1002' });
  });

  it('takes the text "false" mapped into the checkbox as false: no match is then null, not an error', async () => {
    expect(valueOf(await find({ externalId: 'hr-nobody', failIfNotFound: 'false' }))).toBeNull();
  });

  it('refuses an email mapped as a list (it arrives as JSON text) before any request', async () => {
    const error = errorOf(await find({ email: ['grace.hopper@example.com'] }));
    expect(error.name).toBe('InputError');
    expect(error.message).toContain('a list');
    expect(sandbox.activepieces.requests).toHaveLength(0);
  });

  it('refuses a checkbox value that is not true or false before run, as the engine validates it', async () => {
    const error = errorOf(await find({ externalId: 'hr-1002', failIfNotFound: 'maybe' }));
    expect(JSON.parse(error.message)).toEqual({ failIfNotFound: ['Expected boolean, received: maybe'] });
    expect(sandbox.activepieces.requests).toHaveLength(0);
  });
});

describe('Activepieces Platform custom_api_call', () => {
  it('sends a GET with query parameters given as JSON text (the engine parses an object prop)', async () => {
    const output = valueOf(await run('activepieces-platform', 'custom_api_call', { url: '/v1/users', method: 'GET', queryParams: '{"limit":"1"}' }));
    expect(output).toMatchObject({ status: 200, body: { data: [expect.objectContaining({ id: expect.any(String) })] } });
    expect(sandbox.activepieces.requests[0]).toMatchObject({ method: 'GET', path: '/api/v1/users', query: { limit: '1' } });
  });
});

describe('Merchant staff update_user', () => {
  const update = (input: Record<string, unknown>) => run('merchant-staff', 'update_user', input);

  it('revokes access and keeps the profile (GET, then PUT with If-Match)', async () => {
    const before = sandbox.merchant.user(MERCHANT_DOCS_USER_ID);
    const etag = sandbox.merchant.etag(MERCHANT_DOCS_USER_ID);
    valueOf(await update({ userId: MERCHANT_DOCS_USER_ID, status: 'INACTIVE' }));
    const after = sandbox.merchant.user(MERCHANT_DOCS_USER_ID);

    expect(after?.isActive).toBe(false);
    expect(without(after, 'isActive', 'updatedAt')).toEqual(without(before, 'isActive', 'updatedAt'));
    expect(sandbox.merchant.requests.map((r) => r.method)).toEqual(['GET', 'PUT']);
    expect(sandbox.merchant.requests[1].headers['if-match']).toBe(etag);
  });

  it('reads before a full update too, so the fields the piece does not know are kept', async () => {
    const { notes, permissions } = sandbox.merchant.user(MERCHANT_ADMIN_ID) ?? {};
    const profile = { firstName: 'Erin', lastName: 'Example', email: 'erin@example.com', role: 'Staff', status: 'ACTIVE' };
    valueOf(await update({ userId: MERCHANT_ADMIN_ID, ...profile }));
    expect(sandbox.merchant.user(MERCHANT_ADMIN_ID)).toMatchObject({ firstName: 'Erin', lastName: 'Example', email: 'erin@example.com', role: 'Staff', isActive: true });
    expect(sandbox.merchant.user(MERCHANT_ADMIN_ID)).toMatchObject({ notes, permissions });
    expect(notes).toEqual(expect.any(String));
    expect(sandbox.merchant.requests.map((r) => r.method)).toEqual(['GET', 'PUT']);
  });

  it('refuses an email mapped as a list: it arrives as JSON text, and no request is made', async () => {
    const before = sandbox.merchant.user(MERCHANT_DOCS_USER_ID);
    const error = errorOf(await update({ userId: MERCHANT_DOCS_USER_ID, email: ['grace@example.com'] }));
    expect(error.name).toBe('InputError');
    expect(error.message).toContain('a list');
    expect(builderErrorView(error)).toMatchObject({ errorName: 'InputError', message: error.message });
    expect(sandbox.merchant.requests).toHaveLength(0);
    expect(sandbox.merchant.user(MERCHANT_DOCS_USER_ID)).toEqual(before);
  });

  it('sends no PUT on a deployment without the GET endpoints, and says why', async () => {
    await sandbox.close();
    sandbox = await startSandbox({ merchant: { withoutGetEndpoints: true } });
    try {
      const before = sandbox.merchant.user(MERCHANT_DOCS_USER_ID);
      const error = errorOf(await update({ userId: MERCHANT_DOCS_USER_ID, status: 'INACTIVE' }));
      expect(error.message).toBe(
        'This deployment does not let the piece read a user (GET answered 405), so nothing was written: the piece reads every user before writing, because the PUT replaces the whole profile and would lose any field it was not sent. Change this user in the merchant\'s own admin instead.',
      );
      expect(sandbox.merchant.requests.map((r) => r.method)).toEqual(['GET']);
      expect(sandbox.merchant.user(MERCHANT_DOCS_USER_ID)).toEqual(before);
    } finally {
      await sandbox.close();
      sandbox = await startSandbox();
    }
  });
});

describe('Merchant staff custom_api_call', () => {
  it('reads one user', async () => {
    const output = valueOf(await run('merchant-staff', 'custom_api_call', { url: `/api/Users/${MERCHANT_DOCS_USER_ID}`, method: 'GET' }));
    expect(output).toMatchObject({ status: 200, body: { id: MERCHANT_DOCS_USER_ID.toLowerCase(), email: 'grace.hopper@example.com' } });
    expect(sandbox.merchant.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /api/Users/${MERCHANT_DOCS_USER_ID}`]);
  });
});

describe('dropdowns and connection checks, each in a child of its own', () => {
  it('lists the merchant users matching a search', async () => {
    const outcome = await callPiece(
      'merchant-staff',
      { kind: 'dropdown', actionName: 'update_user', propName: 'userId', input: {}, auth: sandboxConnection('merchant-staff', sandbox), searchValue: 'grace' },
      quiet,
    );
    expect(valueOf(outcome)).toEqual({
      disabled: false,
      options: [{ label: 'Grace Hopper <grace.hopper@example.com>', value: MERCHANT_DOCS_USER_ID.toLowerCase() }],
    });
  });

  it('checks an Activepieces connection: valid, then refused for a wrong key', async () => {
    const auth = sandboxConnection('activepieces-platform', sandbox);
    expect(valueOf(await callPiece('activepieces-platform', { kind: 'validate', auth }, quiet))).toEqual({ valid: true });
    const refused = valueOf(await callPiece('activepieces-platform', { kind: 'validate', auth: { ...auth, apiKey: 'sk-wrong' } }, quiet));
    expect(refused).toMatchObject({ valid: false, error: expect.any(String) });
  });
});

describe('with the engine\'s strict network mode', () => {
  const cases: Array<[PieceName, string]> = [
    ['activepieces-platform', '127.0.0.1'],
    ['activepieces-platform', 'localhost'],
    ['merchant-staff', '127.0.0.1'],
    ['merchant-staff', 'localhost'],
  ];

  /** update_user over http://<host>:<port>, the sandbox's port. */
  function updateVia(piece: PieceName, host: string, allowList: string[]): Promise<PieceOutcome> {
    const connection = sandboxConnection(piece, sandbox);
    const auth = Object.fromEntries(Object.entries(connection).map(([key, value]) => [key, value.replace('//127.0.0.1:', `//${host}:`)]));
    const input = piece === 'activepieces-platform' ? { userId: AP_MEMBER_ID, status: 'INACTIVE' } : { userId: MERCHANT_DOCS_USER_ID, status: 'INACTIVE' };
    return callPiece(piece, { kind: 'action', actionName: 'update_user', input, auth }, { ...quiet, network: { mode: 'STRICT', allowList } });
  }

  const requestCount = () => sandbox.activepieces.requests.length + sandbox.merchant.requests.length;

  it.each(cases)('%s update_user via %s ends with one error that points to AP_SSRF_ALLOW_LIST, at once and without a request', async (piece, host) => {
    const outcome = await updateVia(piece, host, []);
    if (outcome.ok) throw new Error('expected the guard to refuse the call');
    // One error, from the call itself: not a crash of the child through an uncaught exception.
    expect({ uncaught: outcome.uncaught, name: outcome.error.name }).toEqual({ uncaught: false, name: 'ApiError' });
    expect(outcome.error.message).toContain('AP_SSRF_ALLOW_LIST');
    expect(outcome.error.message).toMatch(/network protection/i);
    expect(requestCount()).toBe(0);
    // Nothing else went wrong on the side: the child printed nothing.
    expect(outcome.output).toBe('');
    // No retries of a refusal that cannot heal.
    expect(outcome.durationMs).toBeLessThan(5000);
  });

  it.each(cases)('%s update_user via %s succeeds once the loopback is in AP_SSRF_ALLOW_LIST', async (piece, host) => {
    // localhost may also resolve to ::1, which the guard checks as well.
    const outcome = await updateVia(piece, host, host === 'localhost' ? ['127.0.0.1', '::1'] : ['127.0.0.1']);
    valueOf(outcome);
    expect(requestCount()).toBeGreaterThan(0);
  });
});
