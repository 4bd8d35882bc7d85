import { parseCliPorts } from '../src/cli-options';

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
