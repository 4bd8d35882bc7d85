// The child process per call, checked with a stand-in piece whose actions do exactly one odd thing each:
// what the piece receives, what crosses back, and that every wait is bounded.
import { PieceCall, PieceOutcome, runInPieceProcess } from '@user-admin-pieces/common/testing';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatFailure } from '../src/format';
import { CHILD_SCRIPT } from '../src/piece-calls';
import { writeFixturePiece } from './fixture-piece';

const piece = writeFixturePiece(
  {
    echo: {
      props: {
        name: { type: 'SHORT_TEXT', required: false },
        note: { type: 'LONG_TEXT', required: false },
        count: { type: 'NUMBER', required: false },
        flag: { type: 'CHECKBOX', required: false },
        choice: { type: 'STATIC_DROPDOWN', required: true },
      },
      run: 'return { propsValue: ctx.propsValue, auth: ctx.auth, step: ctx.step, executionType: ctx.executionType, pid: process.pid };',
    },
    apiFailure: {
      run: `const error = new Error('Request failed with status 404');
        Object.assign(error, { status: 404, body: { message: 'No such widget' }, headers: { 'x-request-id': 'r-1' } });
        throw error;`,
    },
    typedFailure: {
      run: `class WidgetError extends Error { constructor() { super('Widget refused.\\n    at run (/app/widget.js:1:1)'); this.field = 'widget'; } }
        throw new WidgetError();`,
    },
    neverAnswers: { run: 'await new Promise(() => setInterval(() => undefined, 1000));' },
    exits: { run: 'process.stderr.write("about to exit\\n"); process.exit(3);' },
    escapes: { run: 'setTimeout(() => { throw new TypeError("thrown outside the call"); }, 0); await new Promise(() => undefined);' },
    prints: { run: 'console.log("from the piece"); return null;' },
    withDropdown: {
      props: { target: { type: 'DROPDOWN', required: true, options: 'async function (input, ctx) { return { input, searchValue: ctx.searchValue, step: ctx.step }; }' } },
      run: 'return null;',
    },
  },
  `{ type: 'CUSTOM_AUTH', props: {}, validate: async function (arg) { return { valid: false, error: 'seen ' + JSON.stringify(arg) }; } }`,
);
afterAll(() => rmSync(piece, { recursive: true, force: true }));

const call = (pieceCall: PieceCall, timeoutMs?: number): Promise<PieceOutcome> =>
  runInPieceProcess(piece, pieceCall, { childScript: CHILD_SCRIPT, timeoutMs, onOutput: () => undefined });
const action = (actionName: string, input: Record<string, unknown> = {}, timeoutMs?: number) =>
  call({ kind: 'action', actionName, input, auth: { token: 't' } }, timeoutMs);

function failed(outcome: PieceOutcome): Extract<PieceOutcome, { ok: false }> {
  if (outcome.ok) throw new Error(`expected a failure, got ${JSON.stringify(outcome.value)}`);
  return outcome;
}

describe('one call, one fresh child process', () => {
  it('hands run the processed input, the connection value and the step, in a process of its own', async () => {
    const outcome = await action('echo', { name: 42, note: ['a', 'b'], count: '7', flag: 'TRUE', choice: 'not-an-option' });
    expect(outcome).toMatchObject({
      ok: true,
      value: {
        propsValue: { name: '42', note: '["a","b"]', count: 7, flag: true, choice: 'not-an-option', auth: { type: 'CUSTOM_AUTH', props: { token: 't' } } },
        auth: { type: 'CUSTOM_AUTH', props: { token: 't' } },
        step: { name: 'echo' },
        executionType: 'BEGIN',
      },
    });
    const second = await action('echo', { choice: 'x' });
    expect((second as { value: { pid: number } }).value.pid).not.toBe((outcome as { value: { pid: number } }).value.pid);
    expect((outcome as { value: { pid: number } }).value.pid).not.toBe(process.pid);
  });

  it('refuses invalid input before run, with the JSON list of errors', async () => {
    const { error } = failed(await action('echo', { count: 'seven', flag: 'yes', choice: 'x' }));
    expect(error.message).toBe(JSON.stringify({ count: ['Expected number, received: seven'], flag: ['Expected boolean, received: yes'] }, null, 2));
  });

  it('rebuilds an error from its own keys and the well-known ones, so the builder reads the API message and status', async () => {
    const { error, uncaught } = failed(await action('apiFailure'));
    expect(uncaught).toBe(false);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ message: 'Request failed with status 404', status: 404, body: { message: 'No such widget' }, headers: { 'x-request-id': 'r-1' } });
    expect(formatFailure(error)).toBe('Failed with HTTP 404 Not Found\nNo such widget');
  });

  it('keeps a custom error\'s class name and own fields; the builder view drops the stack lines in its message', async () => {
    const { error } = failed(await action('typedFailure'));
    expect(error).toMatchObject({ name: 'WidgetError', field: 'widget' });
    expect(formatFailure(error)).toBe('Failed\nWidget refused.\n(WidgetError)');
    expect(formatFailure(error, { details: true })).toContain("field: 'widget'");
  });

  it('stops a child that does not answer in time, and says so', async () => {
    const started = Date.now();
    const { error } = failed(await action('neverAnswers', {}, 800));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(error).toMatchObject({ name: 'PieceTimeoutError' });
    expect(error.message).toBe('The piece did not answer within 0.8 s, so its process was stopped (the engine stops a run at AP_FLOW_TIMEOUT_SECONDS).');
  });

  it('reports a child that exits without answering, with what it printed', async () => {
    const { error } = failed(await action('exits'));
    expect(error).toMatchObject({ name: 'PieceProcessExitedError' });
    expect(error.message).toBe('The piece process exited (code 3) without answering.\nabout to exit');
  });

  it('ends the call with an error that escaped it, marked as uncaught', async () => {
    const outcome = failed(await action('escapes', {}, 5000));
    expect(outcome.uncaught).toBe(true);
    expect(outcome.error).toMatchObject({ name: 'TypeError', message: 'thrown outside the call' });
  });

  it('collects what the piece prints', async () => {
    const outcome = await action('prints');
    expect(outcome).toMatchObject({ ok: true, value: null });
    expect(outcome.output).toBe('from the piece\n');
  });

  it('names an unknown action and the ones there are', async () => {
    const { error } = failed(await action('nope'));
    expect(error).toMatchObject({ name: 'ActionNotFoundError', message: 'Probe has no action "nope". Its actions: echo, apiFailure, typedFailure, neverAnswers, exits, escapes, prints, withDropdown.' });
  });
});

describe('the child script', () => {
  it('is small to start: no test helpers, no HTTP client, no sandbox, not the whole of @activepieces/shared', () => {
    const bundle = readFileSync(CHILD_SCRIPT, 'utf8');
    for (const name of ['useTestServer', 'createHttpClient', 'startSandbox', 'AppConnectionType', 'PieceCategory', 'zod']) {
      expect({ name, found: bundle.includes(name) }).toEqual({ name, found: false });
    }
    expect(bundle).toContain('extractPieceFromModule');
  });

  it('finds the piece with @activepieces/shared\'s extractPieceFromModule, and its refusal when there is none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'not-a-piece-'));
    try {
      mkdirSync(join(dir, 'src'));
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: '@fixture/not-a-piece', version: '1.0.0' }));
      writeFileSync(join(dir, 'src/index.js'), 'exports.helper = { a: 1 };\n');
      const outcome = await runInPieceProcess(dir, { kind: 'metadata' }, { childScript: CHILD_SCRIPT, onOutput: () => undefined });
      const { error } = failed(outcome);
      expect(error).toMatchObject({
        name: 'ActivepiecesError',
        message: 'ENTITY_NOT_FOUND',
        error: { params: { message: 'Failed to extract piece from module (version: 1.0.0), found constructors: Object' } },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('dropdowns and the connection check', () => {
  it('a dropdown gets the input unprocessed with the connection value, and the search text', async () => {
    const outcome = await call({ kind: 'dropdown', actionName: 'withDropdown', propName: 'target', input: { other: 5 }, auth: { token: 't' }, searchValue: 'gra' });
    expect(outcome).toMatchObject({
      ok: true,
      value: { input: { other: 5, auth: { type: 'CUSTOM_AUTH', props: { token: 't' } } }, searchValue: 'gra', step: { name: 'withDropdown' } },
    });
  });

  it('validate gets the flat props and the server', async () => {
    const outcome = await call({ kind: 'validate', auth: { token: 't' } });
    expect(outcome).toMatchObject({ ok: true, value: { valid: false } });
    const seen = JSON.parse((outcome as { value: { error: string } }).value.error.replace(/^seen /, ''));
    expect(seen).toEqual({ auth: { token: 't' }, server: { apiUrl: expect.any(String), publicUrl: expect.any(String) } });
  });
});
