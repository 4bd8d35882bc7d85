// Test-side glue for this piece: its connection, staff-user fixtures and responders. The HTTP
// server, the fake engine context and the other piece-neutral helpers are the shared ones in
// @user-admin-pieces/common/testing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtPieceDir, json, PieceOutcome, ReceivedRequest, Responder, runInPieceProcess } from '@user-admin-pieces/common/testing';
import { MerchantConfig, MerchantSandbox, startMerchantSandbox } from '@user-admin-pieces/sandbox';
import { MerchantStaffAuthProps } from '../src/lib/common/client';

/** Long and distinctive, so a leak into any message would be found by a plain substring search. */
export const TOKEN = 'ms-token-7f3c9a1e5b2d4f608a9c1e3b5d7f9a2c4e6b8d0f';

export const USER_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
/** The provider's own example id: upper case, and not an RFC 4122 version. */
export const DOCS_USER_ID = '2489E9AD-2EE2-8E00-8EC9-32D5F69181C0';

export function authProps(baseUrl: string, apiToken = TOKEN): MerchantStaffAuthProps {
  return { baseUrl, apiToken };
}

export function bodyOf(request: ReceivedRequest): unknown {
  return JSON.parse(request.body);
}

/** A staff user as the API returns it. */
export function staffUser(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: USER_ID,
    merchantId: '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d',
    email: 'jane@shop.example',
    firstName: 'Jane',
    lastName: 'Doe',
    fullName: 'Jane Doe',
    role: 'Staff',
    isActive: true,
    lastLoginAt: null,
    createdAt: '2024-01-02T03:04:05Z',
    updatedAt: '2024-06-07T08:09:10Z',
    ...overrides,
  };
}

/** Echoes the body the PUT sent, as the updated user. */
export const echoPut =
  (extra: Record<string, unknown> = {}): Responder =>
  (req, res) =>
    json(res, 200, { ...staffUser(), ...(JSON.parse(req.body) as object), ...extra });

/** What the shared client says, naming the connection's prop, for a token a header cannot carry. */
export const BAD_TOKEN_SENTENCE =
  'The API token contains spaces, line breaks or characters such as smart quotes that cannot be sent. Paste it again as plain text.';

/**
 * The ASP.NET family's `GET /api/Users?page=&pageSize=&search=`: `{items, totalCount, page, pageSize}`,
 * pages cut from `users`, the page size capped at `maxPageSize`. `honourSearch: false` plays a
 * deployment that ignores `search`.
 */
export function pagedUsers(users: Record<string, unknown>[], options: { maxPageSize?: number; honourSearch?: boolean } = {}): Responder {
  return (req, res) => {
    const query = new URL(req.path, 'http://x').searchParams;
    const page = Number(query.get('page') ?? '1');
    const pageSize = Math.min(Number(query.get('pageSize') ?? '50'), options.maxPageSize ?? 100);
    const search = (options.honourSearch ?? true) ? query.get('search')?.toLowerCase() : undefined;
    const matching = search
      ? users.filter((user) => ['firstName', 'lastName', 'email'].some((key) => String(user[key]).toLowerCase().includes(search)))
      : users;
    json(res, 200, { items: matching.slice((page - 1) * pageSize, page * pageSize), totalCount: matching.length, page, pageSize });
  };
}

/** `count` users, u0001…, named "User 0001" with matching emails, in id order. */
export function manyUsers(count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, index) => {
    const n = String(index + 1).padStart(4, '0');
    return { id: `u${n}`, firstName: 'User', lastName: n, email: `user${n}@shop.example` };
  });
}

/**
 * Runs an action of the built piece the engine's way: in the runner's piece child (bundled once per
 * test file into a temporary folder), a fresh child process per call, with the engine's prop
 * processing, and errors rebuilt as the builder shows them.
 */
export function usePieceChild(): (actionName: string, input: Record<string, unknown>, auth: MerchantStaffAuthProps) => Promise<PieceOutcome> {
  const pieceDir = join(__dirname, '..');
  let workDir: string;
  let childScript: string;
  beforeAll(() => {
    workDir = mkdtempSync(join(tmpdir(), 'merchant-child-'));
    execFileSync(process.execPath, ['tools/runner/bundle.mjs', workDir], { cwd: join(pieceDir, '../../..'), stdio: 'ignore' });
    childScript = join(workDir, 'piece-child.js');
  }, 60_000);
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));
  return (actionName, input, auth) =>
    runInPieceProcess(
      builtPieceDir(pieceDir),
      { kind: 'action', actionName, input, auth: { ...auth } },
      { childScript, network: 'unrestricted', onOutput: () => undefined },
    );
}

/**
 * The sandbox merchant fake for the calling describe: started first, reset after each test, closed
 * last. The getter answers the running sandbox inside a test or a hook.
 */
export function useMerchantSandbox(config: MerchantConfig = {}): () => MerchantSandbox {
  let sandbox: MerchantSandbox | undefined;
  beforeAll(async () => {
    sandbox = await startMerchantSandbox(config);
  });
  afterEach(() => sandbox?.reset());
  afterAll(() => sandbox?.close());
  return () => {
    if (sandbox === undefined) throw new Error('the sandbox is not running yet: use it inside a test or a hook');
    return sandbox;
  };
}

/** The connection to a sandbox, with its Owner's token. */
export function sandboxAuth(sandbox: MerchantSandbox): MerchantStaffAuthProps {
  return { baseUrl: sandbox.baseUrl, apiToken: sandbox.token };
}

/** Every request the sandbox received, as "METHOD /path?query" (the query as sent, when there was one). */
export function requestLines(sandbox: MerchantSandbox): string[] {
  return sandbox.requests.map((r) => `${r.method} ${r.path}${Object.keys(r.query).length > 0 ? `?${new URLSearchParams(r.query)}` : ''}`);
}
