// The default build resolves @activepieces/shared to a generated shim with only the names the
// framework and our code use (see tools/build/trimmed-shared.mjs). This guards that trick: the trimmed
// bundle must be indistinguishable from the plain one, in metadata and in what update_user does.
import { PIECES, startSandbox } from '@user-admin-pieces/sandbox';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPiece, probePiece, ProbeReport, RunOutcome, withoutTimestamps } from '../src/harness';
import { REPO_ROOT } from '../src/pack';
import { requestLog, updateUserRuns } from '../src/scenarios';
import { bundleEngineChild, runThroughEngine } from './engine-runs';

let workDir: string;
let engineChild: string;
/** Every observation gets a fresh sandbox on these same ports: the base URL, the Host header and the provider's request ids (a per-server counter) then match. */
let ports: { activepiecesPort: number; merchantPort: number };

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'piece-trim-'));
  engineChild = await bundleEngineChild(workDir);
  const first = await startSandbox();
  ports = { activepiecesPort: first.activepieces.port, merchantPort: first.merchant.port };
  await first.close();
});

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

interface Observed {
  report: ProbeReport;
  /** update_user's results and errors, each run in the engine's child process. */
  runs: RunOutcome[];
  /** What the API received, in order. */
  requests: unknown[];
  /** The API's users afterwards. */
  users: unknown;
}

describe.each(PIECES)('$packageName: trimmed and untrimmed builds', (piece) => {
  const trimmedDir = join(REPO_ROOT, 'dist/packages/pieces', piece.name);
  let untrimmedDir: string;
  let trimmed: Observed;
  let untrimmed: Observed;

  /** Each build runs the same update_user sequence against a sandbox just started. */
  async function observe(packageDir: string): Promise<Observed> {
    const sandbox = await startSandbox(ports);
    try {
      const report = await probePiece(packageDir);
      const runs = await runThroughEngine(engineChild, packageDir, updateUserRuns(piece, sandbox));
      return {
        report: withoutTimestamps(report) as ProbeReport,
        runs: withoutTimestamps(runs) as RunOutcome[],
        requests: withoutTimestamps(requestLog(piece, sandbox)) as unknown[],
        users: withoutTimestamps(piece.sandboxApi(sandbox).users()),
      };
    } finally {
      await sandbox.close();
    }
  }

  beforeAll(async () => {
    untrimmedDir = await buildPiece(piece.name, join(workDir, piece.name), { untrimmed: true });
    trimmed = await observe(trimmedDir);
    untrimmed = await observe(untrimmedDir);
  });

  it('the default build is the trimmed one: it does not carry the rest of @activepieces/shared', () => {
    // An export of shared that neither the framework nor our pieces use; minification keeps export names.
    const unusedExport = 'getPackageAliasForPiece';
    expect(readFileSync(join(untrimmedDir, 'src/index.js'), 'utf8')).toContain(unusedExport);
    expect(readFileSync(join(trimmedDir, 'src/index.js'), 'utf8')).not.toContain(unusedExport);
  });

  it('have JSON-equal metadata and the same translations', () => {
    expect(trimmed.report.metadata).toEqual(untrimmed.report.metadata);
    expect(trimmed.report.i18nLocales).toEqual(untrimmed.report.i18nLocales);
  });

  it('return the same update_user results and errors, word for word', () => {
    expect(trimmed.runs.map((outcome) => outcome.ok)).toContain(false);
    expect(trimmed.runs).toEqual(untrimmed.runs);
  });

  it('send the same requests, headers and bodies included, and leave the same users behind', () => {
    expect(trimmed.requests.length).toBeGreaterThan(0);
    expect(trimmed.requests).toEqual(untrimmed.requests);
    expect(trimmed.users).toEqual(untrimmed.users);
  });
});
