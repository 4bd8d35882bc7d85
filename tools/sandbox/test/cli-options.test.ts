import { parseCliOptions, parseCliPorts } from '../src/cli-options';

describe('parseCliPorts', () => {
  it('defaults to 4010 and 4020', () => {
    expect(parseCliPorts([], {})).toEqual({ activepiecesPort: 4010, merchantPort: 4020, host: '127.0.0.1' });
  });

  it('reads the environment, where 0 means a free port', () => {
    expect(parseCliPorts([], { SANDBOX_ACTIVEPIECES_PORT: '0', SANDBOX_MERCHANT_PORT: '5020' })).toEqual({ activepiecesPort: 0, merchantPort: 5020, host: '127.0.0.1' });
  });

  it('lets flags in either form win over the environment', () => {
    const env = { SANDBOX_ACTIVEPIECES_PORT: '1', SANDBOX_MERCHANT_PORT: '2' };
    expect(parseCliPorts(['--activepieces-port', '7010', '--merchant-port=7020'], env)).toEqual({ activepiecesPort: 7010, merchantPort: 7020, host: '127.0.0.1' });
  });

  it('listens on loopback unless --host or SANDBOX_HOST says otherwise', () => {
    expect(parseCliPorts(['--host', '0.0.0.0'], {}).host).toBe('0.0.0.0');
    expect(parseCliPorts([], { SANDBOX_HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it('refuses something that is not a port', () => {
    expect(() => parseCliPorts(['--merchant-port', 'abc'], {})).toThrow('--merchant-port must be a port number from 0 to 65535, got "abc"');
    expect(() => parseCliPorts([], { SANDBOX_ACTIVEPIECES_PORT: '70000' })).toThrow('--activepieces-port');
  });
});

describe('parseCliOptions', () => {
  it('seeds no generated users and adds no latency or rate limit by default', () => {
    expect(parseCliOptions([], {})).toEqual({ activepiecesPort: 4010, merchantPort: 4020, host: '127.0.0.1', users: 0, latencyMs: 0, rateLimitPerSecond: 0 });
  });

  it('reads --users, --latency and --rate-limit in either form, over the environment', () => {
    const env = { SANDBOX_USERS: '5', SANDBOX_LATENCY_MS: '7', SANDBOX_RATE_LIMIT: '9' };
    expect(parseCliOptions([], env)).toMatchObject({ users: 5, latencyMs: 7, rateLimitPerSecond: 9 });
    expect(parseCliOptions(['--users', '10000', '--latency=20', '--rate-limit', '50'], env)).toMatchObject({ users: 10000, latencyMs: 20, rateLimitPerSecond: 50 });
  });

  it('treats an empty environment variable as unset', () => {
    expect(parseCliOptions([], { SANDBOX_USERS: '', SANDBOX_LATENCY_MS: '', SANDBOX_RATE_LIMIT: '' })).toMatchObject({ users: 0, latencyMs: 0, rateLimitPerSecond: 0 });
  });

  it.each([
    [['--users', 'ten'], 'The --users option must be a whole number from 0 to 200,000 (digits only), but got "ten".'],
    [['--users', '1e4'], 'The --users option must be a whole number from 0 to 200,000 (digits only), but got "1e4".'],
    [['--users', '10,000'], 'The --users option must be a whole number from 0 to 200,000 (digits only), but got "10,000".'],
    [['--users', '-1'], 'The --users option must be a whole number from 0 to 200,000 (digits only), but got "-1".'],
    [['--users', '200001'], 'The --users option must be a whole number from 0 to 200,000 (digits only), but got "200001".'],
    [['--users'], 'The --users option must be a whole number from 0 to 200,000 (digits only), but got nothing.'],
    [['--latency', '2.5'], 'The --latency option must be a whole number from 0 to 60,000 (digits only), but got "2.5".'],
    [['--rate-limit=fast'], 'The --rate-limit option must be a whole number from 0 to 1,000,000 (digits only), but got "fast".'],
  ])('refuses %j with a sentence', (argv, message) => {
    expect(() => parseCliOptions(argv, {})).toThrow(new Error(message));
  });

  it('names the option when the environment variable is wrong', () => {
    expect(() => parseCliOptions([], { SANDBOX_USERS: 'lots' })).toThrow('The --users option must be a whole number from 0 to 200,000 (digits only), but got "lots".');
  });
});

describe('a sandbox on a wildcard address', () => {
  it('still prints a loopback base URL that works', async () => {
    const { startSandbox } = await import('../src');
    const sandbox = await startSandbox({ host: '0.0.0.0' });
    try {
      expect(sandbox.merchant.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${sandbox.merchant.baseUrl}/__sandbox/state`);
      expect(response.status).toBe(200);
    } finally {
      await sandbox.close();
    }
  });
});
