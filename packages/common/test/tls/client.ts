// Run in a child process, so that NODE_EXTRA_CA_CERTS (read only at start-up) can add the test CA.
// Requests each URL given on the command line and prints one JSON line per outcome.
import { ApiError, createHttpClient } from '../../src';

const client = createHttpClient({ provider: 'Example', retry: { baseDelayMs: 5 } });

async function main(): Promise<void> {
  for (const baseUrl of process.argv.slice(2)) {
    const outcome = await client
      .request<unknown>({ baseUrl, token: 'sk-TlsChildToken0000000000', method: 'GET', path: '/x' })
      .then(
        (response) => ({ ok: true, body: response.body }),
        (error: unknown) => ({ ok: false, message: error instanceof ApiError ? error.message : String(error) }),
      );
    console.log(JSON.stringify(outcome));
  }
}

void main();
