import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { WORKSPACE_ROOT } from '../src/load-piece';
import { MERCHANT_DOCS_USER_ID } from '@user-admin-pieces/sandbox';

const CLI = join(WORKSPACE_ROOT, 'dist/tools/runner/cli.js');

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], { cwd: WORKSPACE_ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('the action runner command', () => {
  it('runs an action against the sandbox and prints the output JSON', async () => {
    const result = await cli('merchant-staff', 'update_user', '--props', JSON.stringify({ userId: MERCHANT_DOCS_USER_ID, role: 'Admin' }));
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ id: MERCHANT_DOCS_USER_ID.toLowerCase(), role: 'Admin', isActive: true });
  });

  it('prints an action error without a stack trace and exits 1', async () => {
    const result = await cli('activepieces-platform', 'update_user', '--props', '{"userId":"short"}');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stderr)).toMatchObject({ field: 'userId' });
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    [['nope', 'update_user'], /^error: Unknown piece "nope"\. Built pieces: activepieces-platform, merchant-staff\.\n$/],
    [['merchant-staff', 'nope'], /^error: Piece "merchant-staff" has no action "nope"\. Its actions: update_user, custom_api_call\.\n$/],
    [['merchant-staff', 'update_user', '--props', '{bad'], /^error: --props is not valid JSON: .+\n$/],
    [['merchant-staff', 'update_user', '--props', '[]'], /^error: --props must be a JSON object, like '\{"userId":"\.\.\."\}'\.\n$/],
    [['merchant-staff', 'update_user', '--props', '{"colour":"red"}'], /^error: Unknown prop colour for merchant-staff\/update_user\. Its props: .+\n$/],
    [['merchant-staff', 'update_user', '--wat'], /^error: Unknown option '--wat'.*\n$/],
  ])('explains bad arguments %j in one line', async (args, expected) => {
    const result = await cli(...args);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(expected);
    expect(result.stdout).toBe('');
  });

  it('lists the pieces, their actions and props', async () => {
    const result = await cli('list');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('activepieces-platform  (@user-admin-pieces/piece-activepieces-platform@');
    expect(result.stdout).toContain('  update_user\n    userId (required): dropdown');
    expect(result.stdout).toContain('    status: static_dropdown');
  });

  it('shows help', async () => {
    const result = await cli('--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("npm run action -- <piece> <action> --props '<json>' [--auth '<json>']");
  });
});
