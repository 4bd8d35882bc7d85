// The update_user cases the sections share: each piece's input, the connection as the engine passes it,
// and what one run of it sends, observed on a fresh sandbox and ready to be replayed with plain fetch.
import { AP_MEMBER_ID, MERCHANT_ADMIN_ID, MERCHANT_DOCS_USER_ID, type PieceName } from '@user-admin-pieces/sandbox';
import { createRequire } from 'node:module';
import type { PreparedPiece } from './prepare';
import type { RemoteSandbox, SentRequest } from './remote-sandbox';

/** The context an action's run reads: the connection value (CustomAuth) and the step's input. */
export interface UpdateContext {
  auth: { type: 'CUSTOM_AUTH'; props: Record<string, string> };
  propsValue: Record<string, unknown>;
}

interface Replay {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

export interface UpdateCase {
  label: string;
  prepared: PreparedPiece;
  expectedTrips: number;
  ctx: UpdateContext;
  /** Runs update_user of the installed package, loaded in this process. */
  run: () => Promise<unknown>;
  /** What the piece's fake received from one run on a fresh sandbox. */
  recorded: SentRequest[];
  /** The same requests, for plain fetch. */
  raw: Replay[];
}

/**
 * `alternate`: for a timed loop, every other run uses these props instead, so that each run really
 * changes the user (an update whose values the user already holds sends no PUT).
 */
const CASES: readonly {
  piece: PieceName;
  what?: string;
  expectedTrips: number;
  propsValue: Record<string, unknown>;
  alternate?: Record<string, unknown>;
}[] = [
  {
    // Every merchant update reads first and merges (so fields the piece does not know survive): GET, then PUT.
    piece: 'merchant-staff',
    what: 'full update',
    expectedTrips: 2,
    propsValue: { userId: MERCHANT_DOCS_USER_ID, firstName: 'Grace', lastName: 'Hopper', email: 'grace.hopper@shop.example', role: 'Staff', status: 'ACTIVE' },
    alternate: { userId: MERCHANT_DOCS_USER_ID, firstName: 'Grace', lastName: 'Hopper', email: 'grace.hopper@shop.example', role: 'Staff', status: 'INACTIVE' },
  },
  {
    piece: 'merchant-staff',
    what: 'partial update (status)',
    expectedTrips: 2,
    propsValue: { userId: MERCHANT_ADMIN_ID, status: 'INACTIVE' },
    alternate: { userId: MERCHANT_ADMIN_ID, status: 'ACTIVE' },
  },
  { piece: 'merchant-staff', what: 'partial update, nothing to change', expectedTrips: 1, propsValue: { userId: MERCHANT_ADMIN_ID, status: 'ACTIVE' } },
  { piece: 'activepieces-platform', expectedTrips: 1, propsValue: { userId: AP_MEMBER_ID, platformRole: 'OPERATOR', externalId: 'hr-2002' } },
];

type RunnableAction = { run(ctx: UpdateContext): Promise<unknown> };

/** The installed package's update_user, loaded as the engine finds the piece: the export whose constructor is `Piece`. */
function updateUserOf(packageDir: string): RunnableAction {
  const module = createRequire(__filename)(`${packageDir}/src/index.js`) as Record<string, unknown>;
  const piece = Object.values(module).find((value) => (value as { constructor?: { name?: string } } | null)?.constructor?.name === 'Piece');
  const action = (piece as { getAction?: (name: string) => RunnableAction | undefined } | undefined)?.getAction?.('update_user');
  if (action === undefined) throw new Error(`${packageDir} has no Piece with update_user`);
  return action;
}

/** The first case of each piece that has one: the engine-style call of section 2. */
export function firstCaseOf(prepared: PreparedPiece, sandbox: RemoteSandbox): UpdateContext | undefined {
  const found = CASES.find((entry) => entry.piece === prepared.piece.name);
  return found && { auth: { type: 'CUSTOM_AUTH', props: sandbox.pieces[found.piece].connection }, propsValue: found.propsValue };
}

const SENT_HEADERS = ['accept', 'authorization', 'content-type', 'if-match'];

/** The request as the piece sent it, ready to send again with plain fetch. */
function replayable(origin: string, recorded: SentRequest): Replay {
  const query = new URLSearchParams(recorded.query).toString();
  return {
    url: `${origin}${recorded.path}${query ? `?${query}` : ''}`,
    method: recorded.method,
    headers: Object.fromEntries(SENT_HEADERS.filter((name) => recorded.headers[name] !== undefined).map((name) => [name, String(recorded.headers[name])])),
    body: recorded.body === undefined ? undefined : JSON.stringify(recorded.body),
  };
}

/** Plain fetch, reading the body as the piece does; a merchant update reads first and sends the ETag back. */
export async function rawFetch(requests: readonly Replay[]): Promise<unknown> {
  let etag: string | undefined;
  let result: unknown;
  for (const request of requests) {
    const headers = request.headers['if-match'] ? { ...request.headers, 'if-match': etag ?? '' } : request.headers;
    const response = await fetch(request.url, { method: request.method, headers, body: request.body });
    result = JSON.parse(await response.text());
    if (!response.ok) throw new Error(`raw ${request.method} ${request.url} answered ${response.status}`);
    etag = response.headers.get('etag') ?? undefined;
  }
  return result;
}

/** Every case, each run once on a fresh sandbox to record what it sends; the sandbox is reset afterwards. */
export async function observeCases(prepared: readonly PreparedPiece[], sandbox: RemoteSandbox): Promise<UpdateCase[]> {
  const cases: UpdateCase[] = [];
  for (const { piece, what, expectedTrips, propsValue, alternate } of CASES) {
    const target = prepared.find((candidate) => candidate.piece.name === piece);
    if (target === undefined) continue;
    const { connection, origin } = sandbox.pieces[piece];
    const ctx: UpdateContext = { auth: { type: 'CUSTOM_AUTH', props: connection }, propsValue };
    const action = updateUserOf(target.packageDir);
    await sandbox.reset();
    await action.run(ctx);
    const recorded = await sandbox.requests(piece);
    const label = what === undefined ? piece : `${piece}, ${what}`;
    const other: UpdateContext = { ...ctx, propsValue: alternate ?? propsValue };
    let turn = 0;
    const run = () => action.run(turn++ % 2 === 0 ? other : ctx);
    cases.push({ label, prepared: target, expectedTrips, ctx, run, recorded, raw: recorded.map((request) => replayable(origin, request)) });
  }
  await sandbox.reset();
  return cases;
}
