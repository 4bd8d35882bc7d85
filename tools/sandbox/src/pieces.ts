// The one list of the pieces the tools know: the runner and `npm start`, packaging, the bench and their
// tests all read it. Adding a piece to packages/pieces means one entry here (test/pieces.test.ts checks
// the list against packages/pieces). It lives in the sandbox library because every tool already depends
// on it, and because what a tool needs of a piece beyond its package is how it reaches this sandbox.
import type { ActivepiecesSandbox } from './activepieces/server';
import type { MerchantSandbox } from './merchant/server';
import type { Sandbox } from './sandbox';

/** A CustomAuth connection's props, as a flow's connection holds them. */
export type ConnectionProps = Record<string, string>;

export interface PieceEntry {
  /** The piece's folder under packages/pieces, its build under dist/packages/pieces, and its name on the runner's command line. */
  readonly name: string;
  /** Its sources, from the workspace root. */
  readonly folder: string;
  /** The npm name in its package.json. */
  readonly packageName: string;
  /** The sandbox's fake of the API the piece talks to. */
  sandboxApi(sandbox: Sandbox): ActivepiecesSandbox | MerchantSandbox;
  /** The connection's props that reach that fake. */
  sandboxConnection(sandbox: Sandbox): ConnectionProps;
  /** What a real connection's props look like, for help texts (no real credential). */
  readonly sampleConnection: ConnectionProps;
}

function piece<Name extends string>(name: Name, entry: Omit<PieceEntry, 'name' | 'folder'>): PieceEntry & { readonly name: Name } {
  return { name, folder: `packages/pieces/${name}`, ...entry };
}

export const ACTIVEPIECES_PLATFORM = piece('activepieces-platform', {
  packageName: '@user-admin-pieces/piece-activepieces-platform',
  sandboxApi: (sandbox) => sandbox.activepieces,
  sandboxConnection: (sandbox) => ({ baseApiUrl: `${sandbox.activepieces.baseUrl}/v1`, apiKey: sandbox.activepieces.apiKey }),
  sampleConnection: { baseApiUrl: 'https://cloud.activepieces.com/api/v1', apiKey: 'sk-...' },
});

export const MERCHANT_STAFF = piece('merchant-staff', {
  packageName: '@user-admin-pieces/piece-merchant-staff',
  sandboxApi: (sandbox) => sandbox.merchant,
  sandboxConnection: (sandbox) => ({ baseUrl: sandbox.merchant.baseUrl, apiToken: sandbox.merchant.token }),
  sampleConnection: { baseUrl: 'https://shop.example.com', apiToken: '...' },
});

/** Every piece, in the order the tools show them. */
export const PIECES = [ACTIVEPIECES_PLATFORM, MERCHANT_STAFF] as const;

export type PieceName = (typeof PIECES)[number]['name'];

/** The entry of a piece by its name, or undefined for a name the tools do not know. */
export function pieceNamed(name: PieceName): PieceEntry;
export function pieceNamed(name: string): PieceEntry | undefined;
export function pieceNamed(name: string): PieceEntry | undefined {
  return PIECES.find((entry) => entry.name === name);
}
