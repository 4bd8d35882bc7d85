import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { WORKSPACE_ROOT } from '../src/built-pieces';

// npm start is the README's first command: the story must run to the end and say, in an admin's words,
// what happened at each step and what was written.
describe('npm start (the offboarding story)', () => {
  let stdout = '';
  beforeAll(async () => {
    ({ stdout } = await promisify(execFile)(process.execPath, [join(WORKSPACE_ROOT, 'dist/tools/runner/start.js')], { cwd: WORKSPACE_ROOT }));
  }, 60_000);

  /** The lines printed under step `n`, up to the next step. */
  const stepText = (n: number): string => {
    const start = stdout.indexOf(`\n${n}. `);
    const end = stdout.indexOf(`\n${n + 1}. `);
    expect(start).toBeGreaterThan(-1);
    return stdout.slice(start, end === -1 ? undefined : end);
  };

  it('starts from the HR record', () => {
    expect(stdout).toContain('HR record: Grace Hopper <grace.hopper@example.com>, HR id hr-1002, leaves today.');
  });

  it('previews the offboarding with reads only', () => {
    const text = stepText(1);
    expect(text).toContain('Input: External ID hr-1002, Preview only on');
    expect(text).toContain('… Would deactivate them (status ACTIVE → INACTIVE).');
    expect(text).toContain('… Would remove 2 team-project memberships: Marketing (marketingTeamProj0001) as Editor; Finance (financeTeamProject002) as Viewer.');
    expect(text).toMatch(/\(\d+ ms; 9 HTTP requests: 9 reads, no write\)/);
  });

  it('offboards in Activepieces, naming the invitation and memberships removed', () => {
    const text = stepText(2);
    expect(text).toContain('✔ Deactivated them (status ACTIVE → INACTIVE)');
    expect(text).toContain('✔ Revoked 1 open invitation: project invitation to Support Automations (supportTeamProject003) as Editor.');
    expect(text).toContain('✔ Removed 2 team-project memberships: Marketing (marketingTeamProj0001) as Editor; Finance (financeTeamProject002) as Viewer.');
    expect(text).toContain(
      '4 writes: POST /api/v1/users/graceHopperMember0002 → 200, DELETE /api/v1/user-invitations/inviteGraceSupport001 → 204, ' +
        'DELETE /api/v1/project-members/memberGraceMarketing1 → 204, DELETE /api/v1/project-members/memberGraceFinance002 → 204',
    );
  });

  it('finds the merchant staff user by email and deactivates them, keeping their profile', () => {
    expect(stepText(3)).toContain('Found Grace Hopper <grace.hopper@example.com>, Staff, active (id 2489e9ad-2ee2-8e00-8ec9-32d5f69181c0).');
    expect(stepText(4)).toMatch(/=> Would change status ACTIVE → INACTIVE for Grace Hopper \(preview: nothing written\)\n {3}\(\d+ ms; 2 HTTP requests: 2 reads, no write\)/);
    expect(stepText(5)).toMatch(/=> Deactivated Grace Hopper \(written\)\n {3}\(\d+ ms; 3 HTTP requests: 2 reads, 1 write: PUT \/api\/Users\/2489e9ad-2ee2-8e00-8ec9-32d5f69181c0 → 200\)/);
    expect(stepText(5)).toContain('The merchant account is now inactive; name, email, phone and notes kept.');
  });

  it('re-runs both steps and finds everything already done, writing nothing', () => {
    expect(stepText(6)).toContain('= Already inactive: nothing sent.');
    expect(stepText(6)).toMatch(/already offboarded, nothing sent \(nothing written\)\n {3}\(\d+ ms; \d+ HTTP requests: \d+ reads, no write\)/);
    expect(stepText(7)).toMatch(/=> Nothing to change: already inactive \(nothing written\)\n {3}\(\d+ ms; 2 HTTP requests: 2 reads, no write\)/);
  });

  it('shows the owner refused as the builder shows it, before any write', () => {
    expect(stepText(8)).toMatch(/Refused: Failed\n {12}Ada Lovelace <ada\.lovelace@example\.com> is the platform owner\.[^\n]+\n {12}\(InputError\)\n {3}\(\d+ ms; 2 HTTP requests: 2 reads, no write\)/);
    expect(stdout).toMatch(/Done in [\d.]+ s\. Sandbox stopped\.\n$/);
  });

  it('speaks the admin\'s language: no JSON dump of API fields', () => {
    expect(stdout).not.toMatch(/"(status|platformRole|isActive|projectRoleId)"\s*:/);
    expect(stdout).not.toContain('{');
  });
});
