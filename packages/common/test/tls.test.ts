import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { globalAgent } from 'node:https';
import { createServer, Server } from 'node:https';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ApiError, createHttpClient } from '../src';
import { KeyPair, makeCertificates, TestCertificates } from './tls/certificates';

const TOKEN = 'sk-TlsTestToken000000000000000000000000000000000000000000000000000';
const client = createHttpClient({ provider: 'Example', retry: { baseDelayMs: 5 } });

let certificates: TestCertificates;
const servers: Server[] = [];
/** Requests that reached any server: a refused certificate means the token was never sent. */
let hits = 0;

async function serve(pair: KeyPair): Promise<string> {
  const server = createServer(pair, (_req, res) => {
    hits++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(() => {
  certificates = makeCertificates();
});
beforeEach(() => {
  hits = 0;
});
afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  rmSync(certificates.dir, { recursive: true, force: true });
});

describe('TLS', () => {
  it('refuses an untrusted certificate, names the fix that fits, and sends nothing', async () => {
    const baseUrl = await serve(certificates.selfSigned);
    const error = await client.request({ baseUrl, token: TOKEN, method: 'GET', path: '/x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe(
      `The TLS certificate of ${new URL(baseUrl).host} is signed by an authority the Activepieces server does not trust (DEPTH_ZERO_SELF_SIGNED_CERT). If it is your organisation's private CA, add it to the Activepieces server with NODE_EXTRA_CA_CERTS; certificate checks are never turned off.`,
    );
    expect(hits).toBe(0);
    expect((error as ApiError).retryable).toBe(false);
    expect(process.env['NODE_TLS_REJECT_UNAUTHORIZED']).toBeUndefined();
  });

  it('cannot be switched off from outside: not by NODE_TLS_REJECT_UNAUTHORIZED set to 0, not through https.globalAgent', async () => {
    const baseUrl = await serve(certificates.selfSigned);
    // What @activepieces/pieces-common's httpClient does for the whole process, and what any other code could do.
    process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = '0';
    globalAgent.options.rejectUnauthorized = false;
    try {
      const error = await client.request({ baseUrl, token: TOKEN, method: 'GET', path: '/x' }).catch((e: unknown) => e);
      expect((error as ApiError).message).toMatch(/DEPTH_ZERO_SELF_SIGNED_CERT/);
      expect(hits).toBe(0);
    } finally {
      delete process.env['NODE_TLS_REJECT_UNAUTHORIZED'];
      delete globalAgent.options.rejectUnauthorized;
    }
  });

  it('trusts a private CA given with NODE_EXTRA_CA_CERTS, and gives the advice that fits an expired or misnamed certificate', async () => {
    // A child process with ts-node: seconds, not milliseconds, on a busy machine.
    const [valid, expired, otherHost] = [
      await serve(certificates.valid),
      await serve(certificates.expired),
      await serve(certificates.otherHost),
    ];
    const run = promisify(execFile);
    const { stdout } = await run(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, 'tls/client.ts'), valid, expired, otherHost], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: certificates.caFile, TS_NODE_PROJECT: join(__dirname, '../tsconfig.spec.json') },
      timeout: 60_000,
    });
    const [validOutcome, expiredOutcome, otherHostOutcome] = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(validOutcome).toEqual({ ok: true, body: { ok: true } });
    expect(expiredOutcome).toEqual({
      ok: false,
      message: `The TLS certificate of ${new URL(expired).host} has expired (CERT_HAS_EXPIRED). It must be renewed on that server; no setting on the Activepieces side can fix it.`,
    });
    expect(otherHostOutcome).toEqual({
      ok: false,
      message: `The TLS certificate of ${new URL(otherHost).host} was issued for other host names (ERR_TLS_CERT_ALTNAME_INVALID). Use a host name the certificate names in the base URL, or fix the certificate on that server.`,
    });
    // Only the valid server was reached.
    expect(hits).toBe(1);
  }, 90_000);
});
