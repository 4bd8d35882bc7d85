import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { WORKSPACE_ROOT } from '../src/built-pieces';

// npm start is the README's first command: the story must run to the end and say what happened.
describe('npm start (the offboarding story)', () => {
  it('runs every step on the embedded sandbox and exits 0', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [join(WORKSPACE_ROOT, 'dist/tools/runner/start.js')], {
      cwd: WORKSPACE_ROOT,
    });
    expect(stdout).toContain('1. Find the user in Activepieces by their HR id');
    expect(stdout).toMatch(/\(1 HTTP request in \d+ ms: GET \/api\/v1\/users → 200\)/);
    expect(stdout).toMatch(/GET \/api\/Users\/2489E9AD-2EE2-8E00-8EC9-32D5F69181C0 → 200, PUT \/api\/Users\/2489E9AD-2EE2-8E00-8EC9-32D5F69181C0 → 200\)/);
    expect(stdout).toContain('Merchant record: isActive true -> false; name and email kept: Grace Hopper <grace.hopper@example.com>');
    // A preview reads only; a re-run reads, finds nothing to change and writes nothing.
    expect(stdout).toMatch(
      /=> Would change status ACTIVE → INACTIVE for Grace Hopper \(preview, nothing written\)\n {3}\(1 HTTP request in \d+ ms: GET \/api\/Users\/2489E9AD-2EE2-8E00-8EC9-32D5F69181C0 → 200\)/,
    );
    expect(stdout).toMatch(
      /=> Nothing to change: already inactive \(nothing written\)\n {3}\(1 HTTP request in \d+ ms: GET \/api\/Users\/2489E9AD-2EE2-8E00-8EC9-32D5F69181C0 → 200\)/,
    );
    expect(stdout).toMatch(/=> Would change status ACTIVE → INACTIVE \(preview, nothing written\)\n {3}\(2 HTTP requests in \d+ ms: GET \/api\/v1\/users → 200, GET \/api\/v1\/platforms\/platform-1 → 200\)/);
    expect(stdout).toContain('=> Set status INACTIVE (written)');
    expect(stdout).toContain('"status": "INACTIVE"');
    // The refused id, shown as the builder shows it: headline, message, error name.
    expect(stdout).toMatch(/error: {2}Failed\n {11}userId [^\n]+\n {11}\(InputError\)\n {3}\(no HTTP request, \d+ ms\)/);
    expect(stdout).toMatch(/POST \/api\/v1\/users\/graceHopperMember0002 → 429, POST \/api\/v1\/users\/graceHopperMember0002 → 200\)/);
    expect(stdout).toContain('Sandbox stopped.');
  });
});
