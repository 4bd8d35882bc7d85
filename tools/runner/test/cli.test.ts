// `npm run action`: the bundled CLI, run as a user runs it.
import { AP_MEMBER_ID, MERCHANT_DOCS_USER_ID, Sandbox, startSandbox } from '@user-admin-pieces/sandbox';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { WORKSPACE_ROOT } from '../src/built-pieces';

const CLI = join(WORKSPACE_ROOT, 'dist/tools/runner/cli.js');

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Result> {
  const options = { cwd: WORKSPACE_ROOT, env: { ...process.env, AP_AUTH: undefined, AP_NETWORK_MODE: undefined, ...env } };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], options);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

let dir: string;
let sandbox: Sandbox;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'runner-cli-'));
  sandbox = await startSandbox();
});
afterEach(() => sandbox.reset());
afterAll(async () => {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

function authFile(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const apConnection = (apiKey: string) => JSON.stringify({ baseApiUrl: `${sandbox.activepieces.baseUrl}/v1`, apiKey });

describe('the action runner command', () => {
  it('runs an action against the embedded sandbox and prints the output JSON', async () => {
    const result = await cli(['merchant-staff', 'update_user', '--props', JSON.stringify({ userId: MERCHANT_DOCS_USER_ID, role: 'Admin' })]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toMatchObject({ id: MERCHANT_DOCS_USER_ID.toLowerCase(), role: 'Admin', isActive: true });
  });

  it('prints an input error as the builder shows it, without a stack, and exits 1', async () => {
    const result = await cli(['activepieces-platform', 'update_user', '--props', '{"userId":"short"}']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Failed\n[^\n]*userId[^\n]*\n\(InputError\)\n$/);
    expect(result.stdout).toBe('');
  });

  it('prints the engine\'s validation errors as they come, a JSON list', async () => {
    const result = await cli(['activepieces-platform', 'find_user', '--props', '{"externalId":"hr-1002","failIfNotFound":"maybe"}']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`Failed\n${JSON.stringify({ failIfNotFound: ['Expected boolean, received: maybe'] }, null, 2)}\n`);
  });

  it.each([
    [['nope', 'update_user'], /^error: Unknown piece "nope"\. Built pieces: activepieces-platform, merchant-staff\.\n$/],
    [['merchant-staff', 'nope'], /^error: Merchant Staff has no action "nope"\. Its actions: update_user, update_users, find_user, custom_api_call\.\n$/],
    [['merchant-staff', 'update_user', '--props', '{bad'], /^error: --props is not valid JSON: .+\n$/],
    [['merchant-staff', 'update_user', '--props', '[]'], /^error: --props must be a JSON object, like '\{"userId":"\.\.\."\}'\.\n$/],
    [['merchant-staff', 'update_user', '--props', '{"userId":"x","colour":"red"}'], /^error: update_user has no prop colour\. Its props: userId, firstName, lastName, email, role, status, previewOnly\.\n$/],
    [['merchant-staff', 'update_user', '--props', '{"role":"Staff"}'], /^error: update_user needs userId: a required prop cannot be left out\.\n$/],
    [['merchant-staff', 'update_user', '--wat'], /^error: Unknown option '--wat'.*\n$/],
  ])('explains bad arguments %j in one line', async (args, expected) => {
    const result = await cli(args);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(expected);
    expect(result.stdout).toBe('');
  });

  it('lists the pieces, their actions and props, from each piece\'s metadata', async () => {
    const result = await cli(['list']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('activepieces-platform  (Activepieces Platform)');
    expect(result.stdout).toContain('  update_user\n    userId (required): dropdown');
    expect(result.stdout).toContain('    status: static_dropdown');
  });

  it('shows help', async () => {
    const result = await cli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("npm run action -- <piece> <action> [--props '<json>'] [--auth-file <path>] [--details]");
  });

  it('loads a dropdown\'s options and checks a connection', async () => {
    const options = await cli(['merchant-staff', 'update_user', '--dropdown', 'userId', '--search', 'grace']);
    expect(options.code).toBe(0);
    expect(JSON.parse(options.stdout)).toEqual({ disabled: false, options: [{ label: 'Grace Hopper <grace.hopper@example.com>', value: MERCHANT_DOCS_USER_ID.toLowerCase() }] });
    const check = await cli(['activepieces-platform', '--check-connection']);
    expect(check).toMatchObject({ code: 0, stdout: '{\n  "valid": true\n}\n' });
  });
});

describe('the connection: from a file or AP_AUTH, never the command line', () => {
  it('runs against the API a connection file names, and shows a 404 as the builder does', async () => {
    const file = authFile('ap.json', apConnection(sandbox.activepieces.apiKey));
    const ok = await cli(['activepieces-platform', 'update_user', '--auth-file', file, '--props', JSON.stringify({ userId: AP_MEMBER_ID, externalId: 'hr-7' })]);
    expect(ok.code).toBe(0);
    expect(sandbox.activepieces.user(AP_MEMBER_ID)?.externalId).toBe('hr-7');
    const missing = await cli(['activepieces-platform', 'update_user', '--auth-file', file, '--props', '{"userId":"nobodyWithThisId00099","status":"INACTIVE"}']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^Failed with HTTP 404 Not Found\n[^\n]*nobodyWithThisId00099[^\n]*\n\(ApiError\)\n$/);
  });

  it('takes the same JSON from AP_AUTH', async () => {
    const result = await cli(['activepieces-platform', 'find_user', '--props', '{"externalId":"hr-1002"}'], { AP_AUTH: apConnection(sandbox.activepieces.apiKey) });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ id: AP_MEMBER_ID });
    expect(sandbox.activepieces.requests).toHaveLength(1);
  });

  it('refuses --auth with a sentence pointing to the two ways, without repeating the value', async () => {
    const result = await cli(['merchant-staff', 'update_user', '--auth', '{"baseUrl":"https://x","apiToken":"tok-AbCdEfGh12345"}']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error: --auth is not accepted: a connection on the command line is kept in shell history and shown to every user of the machine by ps. ' +
        'Put its JSON in a file and pass --auth-file <path>, or set the AP_AUTH environment variable to it.\n',
    );
  });

  describe('a connection that is not JSON is refused with a message that quotes none of it', () => {
    const content = 'baseUrl=https://shop.example.com apiToken=tok-QuietSecret99';
    const shape = 'one JSON object of the connection\'s props, e.g. {"baseUrl": "https://…", "apiToken": "…"}';
    const expectRefused = (result: Result, where: string) => {
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`error: ${where} is not valid JSON. It must hold ${shape}.\n`);
      expect(result.stderr).not.toMatch(/QuietSecret|shop\.example|apiToken=/);
    };

    it('in a file', async () => {
      const file = authFile('broken.json', content);
      expectRefused(await cli(['merchant-staff', 'update_user', '--auth-file', file, '--props', '{"userId":"x"}']), `--auth-file ${file}`);
    });

    it('in AP_AUTH', async () => {
      expectRefused(await cli(['merchant-staff', 'update_user', '--props', '{"userId":"x"}'], { AP_AUTH: content }), 'AP_AUTH');
    });
  });

  it('shows no 8-character piece of the token in anything it prints for a refused real-API call', async () => {
    const token = 'zQ7xW2pL9rT4vB8nK3jD6hF1';
    const pieces = Array.from({ length: token.length - 7 }, (_, i) => token.slice(i, i + 8).toLowerCase());
    const connection = JSON.stringify({ baseUrl: sandbox.merchant.baseUrl, apiToken: token });
    const runs = [
      await cli(['merchant-staff', 'update_user', '--auth-file', authFile('wrong.json', connection), '--props', JSON.stringify({ userId: MERCHANT_DOCS_USER_ID, role: 'Admin' })]),
      await cli(['merchant-staff', 'update_user', '--details', '--props', JSON.stringify({ userId: MERCHANT_DOCS_USER_ID, status: 'INACTIVE' })], { AP_AUTH: connection }),
      await cli(['merchant-staff', '--check-connection'], { AP_AUTH: connection }),
    ];
    for (const result of runs) {
      expect(result.code).toBe(1);
      const printed = (result.stdout + result.stderr).toLowerCase();
      expect(pieces.filter((piece) => printed.includes(piece))).toEqual([]);
    }
    expect(runs[0].stderr).toMatch(/^Failed with HTTP 401 Unauthorized\n/);
    // The request did reach the API with the token: the test is of what is printed, not of a call never made.
    expect(sandbox.merchant.requests.map((r) => r.status)).toContain(401);
  });
});

describe('every wait is bounded', () => {
  it('stops an action that outlives AP_FLOW_TIMEOUT_SECONDS and says so', async () => {
    sandbox.merchant.injectFault({ type: 'slow', delayMs: 10_000 });
    const started = Date.now();
    const result = await cli(
      ['merchant-staff', 'update_user', '--props', JSON.stringify({ userId: MERCHANT_DOCS_USER_ID, status: 'INACTIVE' })],
      { AP_AUTH: JSON.stringify({ baseUrl: sandbox.merchant.baseUrl, apiToken: sandbox.merchant.token }), AP_FLOW_TIMEOUT_SECONDS: '1' },
    );
    expect(Date.now() - started).toBeLessThan(8000);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'Failed\nThe piece did not answer within 1 s, so its process was stopped (the engine stops a run at AP_FLOW_TIMEOUT_SECONDS).\n(PieceTimeoutError)\n',
    );
  });
});
