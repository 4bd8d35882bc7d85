// The strict network guard: which addresses it refuses, and how a piece meets the refusal inside the
// child (a host name at lookup; an IP literal inside connect(), which a careless client gets as an
// uncaught exception, as in the engine).
import { PieceOutcome, runInPieceProcess } from '@user-admin-pieces/common/testing';
import { rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { isRefusedAddress } from '../src/child/network-guard';
import { CHILD_SCRIPT } from '../src/piece-calls';
import { writeFixturePiece } from './fixture-piece';

describe('isRefusedAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['172.31.255.255', true],
    ['172.32.0.1', false],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['100.128.0.1', false],
    ['224.0.0.251', true],
    ['0.0.0.0', true],
    ['255.255.255.255', true],
    ['8.8.8.8', false],
    ['93.184.216.34', false],
    ['::1', true],
    ['::', true],
    ['fd12:3456::1', true],
    ['fe80::1', true],
    ['ff02::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:8.8.8.8', false],
    ['2606:4700::1111', false],
    ['not-an-ip', true],
  ])('%s refused: %s', (address, expected) => {
    expect(isRefusedAddress(address, [])).toBe(expected);
  });

  it.each([
    ['127.0.0.1', ['127.0.0.1'], false],
    ['127.0.0.2', ['127.0.0.1'], true],
    ['10.9.8.7', ['10.0.0.0/8'], false],
    ['10.9.8.7', ['10.9.0.0/16', '192.168.0.0/16'], false],
    ['11.0.0.1', ['10.0.0.0/8'], false],
    ['::1', ['::1'], false],
    ['fd00::5', ['fd00::/8'], false],
    ['::ffff:127.0.0.1', ['127.0.0.1'], false],
    ['127.0.0.1', ['localhost'], true],
  ])('%s with AP_SSRF_ALLOW_LIST=%j refused: %s', (address, allowList, expected) => {
    expect(isRefusedAddress(address, allowList)).toBe(expected);
  });
});

describe('the guard inside the child process', () => {
  let server: Server;
  let port: number;
  const received: string[] = [];
  const piece = writeFixturePiece({
    // A bare http.get, with no error listener until Node's http client adds its own.
    rawGet: { props: { url: { type: 'SHORT_TEXT', required: true } }, run: `require('node:http').get(ctx.propsValue.url); await new Promise(() => undefined);` },
    // A socket whose error listener is in place as soon as connect() returns.
    listeningConnect: {
      props: { host: { type: 'SHORT_TEXT', required: true }, port: { type: 'NUMBER', required: true } },
      run: `return await new Promise((resolve, reject) => {
        const socket = require('node:net').connect({ host: ctx.propsValue.host, port: ctx.propsValue.port }, () => { socket.end(); resolve('connected'); });
        socket.on('error', reject);
      });`,
    },
    // An http.get that listens on the request: enough for errors that come after a lookup.
    httpGet: {
      props: { url: { type: 'SHORT_TEXT', required: true } },
      run: `return await new Promise((resolve, reject) => {
        const request = require('node:http').get(ctx.propsValue.url, (response) => { response.resume(); resolve(response.statusCode); });
        request.on('error', reject);
      });`,
    },
    promiseLookup: { run: `return await require('node:dns').promises.lookup('localhost');` },
    promisifiedLookup: { run: `return await require('node:util').promisify(require('node:dns').lookup)('localhost', { family: 4 });` },
    callbackLookup: { run: `return await new Promise((resolve, reject) => require('node:dns').lookup('localhost', (error, address) => (error ? reject(error) : resolve(address))));` },
  });

  beforeAll(async () => {
    server = createServer((request, response) => {
      received.push(`${request.method} ${request.url}`);
      response.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterEach(() => {
    received.length = 0;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(piece, { recursive: true, force: true });
  });

  const strict = (actionName: string, input: Record<string, unknown>, allowList: string[] = []): Promise<PieceOutcome> =>
    runInPieceProcess(piece, { kind: 'action', actionName, input }, { childScript: CHILD_SCRIPT, network: { mode: 'STRICT', allowList }, onOutput: () => undefined, timeoutMs: 10_000 });

  function failure(outcome: PieceOutcome): Extract<PieceOutcome, { ok: false }> {
    if (outcome.ok) throw new Error(`expected a refusal, got ${JSON.stringify(outcome.value)}`);
    return outcome;
  }

  it('destroys a socket to a refused IP literal inside connect(): a bare http.get becomes an uncaught SSRFBlockedError', async () => {
    const outcome = failure(await strict('rawGet', { url: `http://127.0.0.1:${port}/` }));
    expect(outcome.uncaught).toBe(true);
    expect(outcome.error.name).toBe('SSRFBlockedError');
    expect(outcome.error.message).toBe(
      'SSRF protection: refusing to connect to 127.0.0.1 (resolved 127.0.0.1) — private, loopback, link-local, or multicast address',
    );
    expect(outcome.error).not.toHaveProperty('code');
    expect(received).toEqual([]);
  });

  it('a client that listens on the socket at once gets the same error as a plain rejection', async () => {
    const outcome = failure(await strict('listeningConnect', { host: '169.254.169.254', port: 80 }));
    expect(outcome.uncaught).toBe(false);
    expect(outcome.error).toMatchObject({ name: 'SSRFBlockedError' });
    expect(outcome.error.message).toContain('refusing to connect to 169.254.169.254 (resolved 169.254.169.254)');
  });

  it('refuses a host name after looking it up, through the http client as through both dns.lookup forms', async () => {
    const viaHttp = failure(await strict('httpGet', { url: `http://localhost:${port}/` }));
    expect(viaHttp.error.message).toMatch(/^SSRF protection: refusing to connect to localhost \(resolved (127\.0\.0\.1|::1)\)/);
    expect(viaHttp.uncaught).toBe(false);
    for (const actionName of ['promiseLookup', 'callbackLookup']) {
      const outcome = failure(await strict(actionName, {}));
      expect(outcome.error).toMatchObject({ name: 'SSRFBlockedError' });
      expect(outcome.error.message).toContain('refusing to connect to localhost');
    }
    expect(received).toEqual([]);
  });

  it('keeps dns.lookup as Node made it for everything else (util.promisify still gives address and family)', async () => {
    expect(await strict('promisifiedLookup', {}, ['127.0.0.1'])).toMatchObject({ ok: true, value: { address: '127.0.0.1', family: 4 } });
  });

  it('lets an allow-listed address through', async () => {
    expect(await strict('httpGet', { url: `http://127.0.0.1:${port}/x` }, ['127.0.0.0/8'])).toMatchObject({ ok: true, value: 200 });
    expect(received).toEqual(['GET /x']);
  });

  it('is off unless asked for', async () => {
    const outcome = await runInPieceProcess(piece, { kind: 'action', actionName: 'httpGet', input: { url: `http://127.0.0.1:${port}/y` } }, {
      childScript: CHILD_SCRIPT,
      network: 'unrestricted',
      onOutput: () => undefined,
    });
    expect(outcome).toMatchObject({ ok: true, value: 200 });
  });
});
