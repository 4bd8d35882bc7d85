// The bench's sandbox, in a process of its own (see remote-sandbox.ts): started by the bench with fork()
// and startSandbox's options as JSON in argv[2], it sends each piece's connection once listening,
// answers the bench's requests, and stops when the bench disconnects.
import { PIECES, pieceNamed, startSandbox, type SandboxOptions } from '@user-admin-pieces/sandbox';
import type { HostAnswer, HostRequest } from './remote-sandbox';

async function main(): Promise<void> {
  const sandbox = await startSandbox(JSON.parse(process.argv[2] ?? '{}') as SandboxOptions);
  const send = (answer: HostAnswer) => process.send?.(answer);

  process.on('message', async (message: HostRequest) => {
    if ('reset' in message) {
      sandbox.reset();
      send({ reset: true });
    } else if ('settings' in message) {
      await sandbox.updateSettings(message.settings);
      send({ settings: true });
    } else {
      const api = pieceNamed(message.requests)?.sandboxApi(sandbox);
      const requests = (api?.requests ?? []).map(({ method, path, query, headers, body, status, rateLimited, receivedAt, answeredAt }) => ({
        method,
        path,
        query,
        headers,
        body,
        status,
        rateLimited,
        receivedAt,
        answeredAt,
      }));
      send({ requests });
    }
  });
  process.on('disconnect', () => {
    sandbox.close().then(() => process.exit(0));
  });

  const pieces = PIECES.map((piece) => [piece.name, { connection: piece.sandboxConnection(sandbox), origin: new URL(piece.sandboxApi(sandbox).baseUrl).origin }]);
  send({ ready: Object.fromEntries(pieces) });
}

void main();
