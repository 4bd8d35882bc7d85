// Each piece as an admin gets it: packed with npm pack, installed offline into an empty project,
// loaded the way the engine loads it, and run against the sandbox the way today's engine runs it
// (one child process per call, input processed and validated, errors rebuilt from the child's).
import { extractPieceFromModule } from '@activepieces/shared';
import type { Piece } from '@activepieces/pieces-framework';
import {
  ACTIVEPIECES_PLATFORM,
  AP_MEMBER_ID,
  MERCHANT_ADMIN_ID,
  MERCHANT_DOCS_USER_ID,
  MERCHANT_STAFF,
  PIECES,
  startSandbox,
  type PieceEntry,
  type Sandbox,
} from '@user-admin-pieces/sandbox';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installTarball, probePiece, ProbeReport, run, withoutTimestamps } from '../src/harness';
import { PackedPiece, packPieces, REPO_ROOT } from '../src/pack';
import { FULL_MERCHANT_PROFILE, updateUserRuns } from '../src/scenarios';
import { bundleEngineChild, runThroughEngine } from './engine-runs';

let workDir: string;
let sandbox: Sandbox;
let engineChild: string;
/** Per piece (by name): its tarball, and where it was installed. */
const installed = new Map<string, { tarball: PackedPiece; installDir: string; packageDir: string }>();

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'piece-install-'));
  sandbox = await startSandbox();
  engineChild = await bundleEngineChild(workDir);
  const packed = await packPieces({ outDir: join(workDir, 'tarballs') });
  for (const { name, packageName } of PIECES) {
    const tarball = packed.find((entry) => entry.folder === name);
    if (!tarball) throw new Error(`packPieces packed no ${name}`);
    const installDir = join(workDir, `install-${name}`);
    installed.set(name, { tarball, installDir, packageDir: await installTarball(tarball.tarball, installDir, packageName) });
  }
});

afterAll(async () => {
  await sandbox?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

function installedPiece(name: string): { tarball: PackedPiece; installDir: string; packageDir: string } {
  const piece = installed.get(name);
  if (!piece) throw new Error(`${name} was not installed`);
  return piece;
}

/** The piece as its TypeScript source defines it, loaded here through ts-jest. */
function sourceMetadata({ name, folder }: PieceEntry): unknown {
  // By path, as the build reads it: pieces have no import alias, and packaging depends on them through Nx only.
  const module = require(join(REPO_ROOT, folder, 'src')) as Record<string, unknown>;
  const piece = extractPieceFromModule<Piece>({ module, pieceName: name, pieceVersion: '0.0.0' });
  return JSON.parse(JSON.stringify(piece.metadata()));
}

function localeFiles(folder: string): string[] {
  return readdirSync(join(REPO_ROOT, folder, 'src/i18n'))
    .filter((file) => file !== 'translation.json')
    .map((file) => file.replace(/\.json$/, ''))
    .sort();
}

describe.each(PIECES)('$packageName, installed from its tarball', (piece) => {
  const { name, folder, packageName } = piece;
  let tarball: PackedPiece;
  let installDir: string;
  let packageDir: string;
  let report: ProbeReport;

  beforeAll(async () => {
    ({ tarball, installDir, packageDir } = installedPiece(name));
    report = await probePiece(packageDir);
  });

  it('is named as npm names it and holds only the package files', () => {
    expect(tarball.filename).toBe(`${packageName.replace(/^@/, '').replace('/', '-')}-${tarball.version}.tgz`);
    const paths = tarball.files.map((file) => file.path).sort();
    const i18n = readdirSync(join(REPO_ROOT, folder, 'src/i18n')).map((file) => `src/i18n/${file}`);
    expect(paths).toEqual(['LICENSE', 'README.md', 'THIRD_PARTY_LICENSES.txt', 'package.json', 'src/index.js', ...i18n].sort());
  });

  it('carries the notices of the npm packages bundled into it', () => {
    const notices = readFileSync(join(packageDir, 'THIRD_PARTY_LICENSES.txt'), 'utf8');
    expect(notices).toContain('@activepieces/pieces-framework@0.32.0');
    expect(notices).toMatch(/zod@4\.3\.6 \(MIT\)\n\nMIT License/);
  });

  it('has a manifest that installs on its own: exact version, main, no dependencies of any kind', () => {
    const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
    const source = JSON.parse(readFileSync(join(REPO_ROOT, folder, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({ name: packageName, version: source.version, main: 'src/index.js', dependencies: {} });
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
    for (const field of ['devDependencies', 'peerDependencies', 'optionalDependencies', 'scripts', 'private']) {
      expect(manifest).not.toHaveProperty(field);
    }
    expect(JSON.stringify(manifest)).not.toMatch(/workspace:|file:|@user-admin-pieces\/common/);
  });

  it('adds exactly one package to an empty project, offline', () => {
    const lock = JSON.parse(readFileSync(join(installDir, 'package-lock.json'), 'utf8'));
    expect(Object.keys(lock.packages).sort()).toEqual(['', `node_modules/${packageName}`]);
    expect(readdirSync(join(installDir, 'node_modules')).filter((entry) => entry !== '.package-lock.json')).toEqual([packageName.split('/')[0]]);
  });

  it('loads through extractPieceFromModule with the metadata of its TypeScript source', () => {
    expect(report).toMatchObject({ name: packageName, version: tarball.version });
    expect(report.metadata).toEqual(sourceMetadata(piece));
  });

  it('ships its translations where the framework looks for them', () => {
    expect(report.i18nLocales.sort()).toEqual(localeFiles(folder));
  });

});

describe('update_user through the installed packages, in the engine\'s child process, against the sandbox', () => {
  const runsOf = (piece: PieceEntry) => runThroughEngine(engineChild, installedPiece(piece.name).packageDir, updateUserRuns(piece, sandbox));

  beforeEach(() => sandbox.reset());

  it('Activepieces: one POST with only the changed fields, and the user changed', async () => {
    const runs = await runsOf(ACTIVEPIECES_PLATFORM);
    const requests = sandbox.activepieces.requests;

    // The user as the API answered, plus the change report (fields as sent: a real run does not read).
    expect(withoutTimestamps(runs[0])).toEqual({
      ok: true,
      value: {
        ...(withoutTimestamps(sandbox.activepieces.user(AP_MEMBER_ID)) as object),
        change: expect.objectContaining({ applied: true, preview: false, summary: 'Set platform role OPERATOR, external id hr-2002' }),
      },
    });
    expect(sandbox.activepieces.user(AP_MEMBER_ID)).toMatchObject({ platformRole: 'OPERATOR', externalId: 'hr-2002', status: 'ACTIVE' });
    expect(requests[0]).toMatchObject({ method: 'POST', path: `/api/v1/users/${AP_MEMBER_ID}`, body: { platformRole: 'OPERATOR', externalId: 'hr-2002' } });
    expect(requests[0].headers.authorization).toBe(`Bearer ${sandbox.activepieces.apiKey}`);

    // The malformed id never reached the API; the unknown id and the owner did, once each (no retries of a 4xx).
    expect(requests.map((request) => `${request.method} ${request.status}`)).toEqual(['POST 200', 'POST 404', 'POST 409']);
    expect(runs[1]).toEqual({
      ok: false,
      error: { name: 'InputError', message: 'userId must be an Activepieces user id of 21 letters and digits (got "nope").' },
    });
    expect(runs[2]).toMatchObject({ ok: false, error: { name: 'ApiError' } });
    expect(runs[3]).toMatchObject({ ok: false, error: { name: 'ApiError', message: expect.stringContaining('owner cannot be deactivated') } });
  });

  it('Merchant: every update reads, then writes with If-Match, keeping the fields the piece does not know', async () => {
    const runs = await runsOf(MERCHANT_STAFF);
    const requests = sandbox.merchant.requests;
    const docsId = MERCHANT_DOCS_USER_ID;

    expect(runs[0]).toMatchObject({ ok: true, value: { id: docsId.toLowerCase(), firstName: 'Grace', lastName: 'Brewster', role: 'Admin', isActive: true } });
    expect(sandbox.merchant.user(docsId)).toMatchObject({ email: FULL_MERCHANT_PROFILE.email, fullName: 'Grace Brewster' });
    expect(sandbox.merchant.user(MERCHANT_ADMIN_ID)).toMatchObject({ firstName: 'Aaron', lastName: 'Adams', role: 'Admin', isActive: false });

    // The full update of the docs user kept what it did not name (a PUT replaces the whole profile).
    expect(sandbox.merchant.user(docsId)).toMatchObject({ phone: '+1 202 555 0143', notes: expect.stringContaining('alarm code') });

    expect(requests.map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual([
      `GET /api/Users/${docsId} 200`,
      `PUT /api/Users/${docsId} 200`,
      `GET /api/Users/${MERCHANT_ADMIN_ID} 200`,
      `PUT /api/Users/${MERCHANT_ADMIN_ID} 200`,
      'GET /api/Users/0badc0de-0000-4000-8000-000000000099 404',
    ]);
    // The ETag the GET returned: the admin is the second seeded row, so its version is 2.
    expect(requests[3].headers['if-match']).toBe('"2"');
    // The whole user goes back, the fields this piece does not edit included (a PUT replaces them all).
    const { notes, permissions } = sandbox.merchant.user(MERCHANT_ADMIN_ID) ?? {};
    expect(requests[3].body).toEqual({
      id: MERCHANT_ADMIN_ID,
      firstName: 'Aaron',
      lastName: 'Adams',
      email: expect.any(String),
      role: 'Admin',
      isActive: false,
      notes,
      permissions,
    });
    expect(runs[2]).toEqual({
      ok: false,
      error: { name: 'InputError', message: 'User "nope" is neither a user id (a GUID: 8-4-4-4-12 hexadecimal digits, e.g. 2489E9AD-2EE2-8E00-8EC9-32D5F69181C0) nor an email address.' },
    });
    expect(runs[3]).toMatchObject({ ok: false, error: { name: 'ApiError' } });
  });
});

describe('npm run package (dist/tools/packaging/cli.js)', () => {
  it('refuses a piece that was not built, before running npm', async () => {
    await expect(run('node', ['dist/tools/packaging/cli.js', '--out-dir', join(workDir, 'none'), 'no-such-piece'])).rejects.toThrow(
      /dist\/packages\/pieces\/no-such-piece is not built; run npm run build first/,
    );
  });
});
