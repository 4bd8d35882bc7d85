import { readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer, Server } from 'node:https';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ApiError, createHttpClient } from '../src';

const TOKEN = 'sk-TlsTestToken000000000000000000000000000000000000000000000000000';
const fixtures = join(__dirname, 'fixtures');
const client = createHttpClient({ provider: 'Example', retry: { baseDelayMs: 5 } });

describe('TLS', () => {
  let server: Server;
  let baseUrl: string;
  let hits = 0;

  beforeAll(async () => {
    server = createServer(
      { key: readFileSync(join(fixtures, 'self-signed.key')), cert: readFileSync(join(fixtures, 'self-signed.crt')) },
      (_req, res) => {
        hits++;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('refuses an untrusted certificate, says so, and never weakens TLS for the process', async () => {
    const error = await client.request({ baseUrl, token: TOKEN, method: 'GET', path: '/x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).summary).toBe(
      `The TLS certificate of ${new URL(baseUrl).host} could not be verified (DEPTH_ZERO_SELF_SIGNED_CERT). Use a certificate trusted by the server running Activepieces (NODE_EXTRA_CA_CERTS adds a private CA).`,
    );
    expect(hits).toBe(0);
    expect((error as ApiError).retryable).toBe(false);
    expect(process.env['NODE_TLS_REJECT_UNAUTHORIZED']).toBeUndefined();
  });
});

describe('a server that hangs up mid-body', () => {
  it('is a network failure, retried for a GET, never a half-parsed answer', async () => {
    let hits = 0;
    const server = createHttpServer((_req, res) => {
      hits++;
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"partial":');
      res.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const error = await client.request({ baseUrl, token: TOKEN, method: 'GET', path: '/x' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ kind: 'network' });
      expect((error as ApiError).summary).toMatch(
        new RegExp(`^The connection to ${new URL(baseUrl).host} was closed unexpectedly \\(3 attempts over [\\d.]+ s\\)\\.$`),
      );
      expect(hits).toBe(3);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
