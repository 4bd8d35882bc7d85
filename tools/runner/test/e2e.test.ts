import {
  AP_MEMBER_ID,
  AP_OWNER_ID,
  MERCHANT_ADMIN_ID,
  MERCHANT_DOCS_USER_ID,
  Sandbox,
  startSandbox,
} from '@user-admin-pieces/sandbox';
import { loadPiece } from '../src/load-piece';
import { runAction } from '../src/run-action';
import { sandboxConnection } from '../src/sandbox-connections';

// End to end: the built pieces, loaded the way the engine loads them, against the sandbox's real HTTP.
const activepieces = loadPiece('activepieces-platform');
const merchant = loadPiece('merchant-staff');
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterEach(() => sandbox.reset());
afterAll(() => sandbox.close());

function without<T extends object>(record: T | undefined, ...keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record ?? {}).filter(([key]) => !keys.includes(key)));
}

describe('Activepieces Platform update_user', () => {
  const run = (props: Record<string, unknown>) =>
    runAction(activepieces, 'update_user', props, sandboxConnection('activepieces-platform', sandbox));

  it('deactivates a user and changes nothing else', async () => {
    const before = sandbox.activepieces.user(AP_MEMBER_ID);
    const output = await run({ userId: AP_MEMBER_ID, status: 'INACTIVE' });
    const after = sandbox.activepieces.user(AP_MEMBER_ID);

    expect(after?.status).toBe('INACTIVE');
    expect(without(after, 'status', 'updated')).toEqual(without(before, 'status', 'updated'));
    expect(output).toEqual(after);
    expect(sandbox.activepieces.requests).toHaveLength(1);
    expect(sandbox.activepieces.requests[0]).toMatchObject({
      method: 'POST',
      path: `/api/v1/users/${AP_MEMBER_ID}`,
      body: { status: 'INACTIVE' },
    });
  });

  it('sets role and external id together, in one request', async () => {
    const before = sandbox.activepieces.user(AP_MEMBER_ID);
    await run({ userId: AP_MEMBER_ID, platformRole: 'operator', externalId: 'hr-2002' });
    const after = sandbox.activepieces.user(AP_MEMBER_ID);

    expect(after).toMatchObject({ platformRole: 'OPERATOR', externalId: 'hr-2002', status: before?.status });
    expect(without(after, 'platformRole', 'externalId', 'updated')).toEqual(without(before, 'platformRole', 'externalId', 'updated'));
    expect(sandbox.activepieces.requests[0].body).toEqual({ platformRole: 'OPERATOR', externalId: 'hr-2002' });
  });

  it('explains why the platform owner cannot be deactivated, and leaves them active', async () => {
    await expect(run({ userId: AP_OWNER_ID, status: 'INACTIVE' })).rejects.toThrow('The platform owner cannot be deactivated');
    expect(sandbox.activepieces.user(AP_OWNER_ID)?.status).toBe('ACTIVE');
  });

  it('waits out a rate limit and then succeeds', async () => {
    sandbox.activepieces.injectFault({ type: 'rate-limit', retryAfterSeconds: 1 });
    await run({ userId: AP_MEMBER_ID, status: 'INACTIVE' });
    expect(sandbox.activepieces.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(sandbox.activepieces.user(AP_MEMBER_ID)?.status).toBe('INACTIVE');
  });

  it('refuses a malformed id before any request', async () => {
    await expect(run({ userId: 'not-an-id', status: 'INACTIVE' })).rejects.toThrow('userId');
    expect(sandbox.activepieces.requests).toHaveLength(0);
  });
});

describe('Merchant staff update_user', () => {
  const run = (props: Record<string, unknown>) =>
    runAction(merchant, 'update_user', props, sandboxConnection('merchant-staff', sandbox));

  it('revokes access and keeps the profile (GET, then PUT with If-Match)', async () => {
    const before = sandbox.merchant.user(MERCHANT_DOCS_USER_ID);
    const etag = sandbox.merchant.etag(MERCHANT_DOCS_USER_ID);
    await run({ userId: MERCHANT_DOCS_USER_ID, status: 'INACTIVE' });
    const after = sandbox.merchant.user(MERCHANT_DOCS_USER_ID);

    expect(after?.isActive).toBe(false);
    expect(without(after, 'isActive', 'updatedAt')).toEqual(without(before, 'isActive', 'updatedAt'));
    expect(sandbox.merchant.requests.map((r) => r.method)).toEqual(['GET', 'PUT']);
    expect(sandbox.merchant.requests[1].headers['if-match']).toBe(etag);
  });

  it('replaces the whole profile with one PUT when every field is given', async () => {
    const before = sandbox.merchant.user(MERCHANT_ADMIN_ID);
    const profile = { firstName: 'Erin', lastName: 'Example', email: 'erin@example.com', role: 'Staff', status: 'ACTIVE' };
    await run({ userId: MERCHANT_ADMIN_ID, ...profile });
    const after = sandbox.merchant.user(MERCHANT_ADMIN_ID);

    expect(after).toMatchObject({ firstName: 'Erin', lastName: 'Example', email: 'erin@example.com', role: 'Staff', isActive: true });
    expect(without(after, 'firstName', 'lastName', 'fullName', 'email', 'role', 'isActive', 'updatedAt')).toEqual(
      without(before, 'firstName', 'lastName', 'fullName', 'email', 'role', 'isActive', 'updatedAt'),
    );
    expect(sandbox.merchant.requests.map((r) => r.method)).toEqual(['PUT']);
  });

  it('sends no PUT on a deployment without the GET endpoints, and names the fields to fill in', async () => {
    await sandbox.close();
    sandbox = await startSandbox({ merchant: { withoutGetEndpoints: true } });
    const before = sandbox.merchant.user(MERCHANT_DOCS_USER_ID);
    await expect(run({ userId: MERCHANT_DOCS_USER_ID, status: 'INACTIVE' })).rejects.toThrow("fill in First name, Last name, Email and Role to send a full update");
    expect(sandbox.merchant.requests.map((r) => r.method)).toEqual(['GET']);
    expect(sandbox.merchant.user(MERCHANT_DOCS_USER_ID)).toEqual(before);
    await sandbox.close();
    sandbox = await startSandbox();
  });
});
