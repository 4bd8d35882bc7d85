// The child process of one piece call, as today's engine forks it (activepieces `core/piece/piece-child.ts`,
// PR #14889): wait for the one request on the IPC channel, install the strict network guard if asked,
// load the package the engine's way, run the call, reply `done`, exit. Spawned once per call, so it
// imports only what it needs: no framework, no sandbox, and just the one function of @activepieces/shared.
import type { Piece } from '@activepieces/pieces-framework';
// The file that defines extractPieceFromModule, not the package's index: the index builds hundreds of
// schemas (about 0.4 s) that this process would never use. bundle.mjs trims that file's one other import.
import { extractPieceFromModule } from '@activepieces/shared/src/lib/automation/pieces/utils';
import { ChildMessage, ParentMessage, serializeError } from '@user-admin-pieces/common/testing';
import { runCall } from './child/calls';
import { installNetworkGuard } from './child/network-guard';

let replied = false;

/** The one reply; the process exits once it is sent. Anything after the first reply is dropped, as in the engine. */
function reply(message: ChildMessage): void {
  if (replied) return;
  replied = true;
  if (process.send === undefined) {
    process.exitCode = 1;
    return;
  }
  process.send(message, () => process.exit(0));
}

async function handle(message: ParentMessage): Promise<void> {
  try {
    if (message.network !== undefined) installNetworkGuard(message.network);
    // The engine imports the entry file; a bundled CommonJS piece loads the same through require.
    const module = require(message.piecePath) as Record<string, unknown>;
    const piece = extractPieceFromModule<Piece>({ module, pieceName: message.pieceName, pieceVersion: message.pieceVersion });
    reply({ type: 'done', success: true, result: await runCall(piece, message.call) });
  } catch (error) {
    reply({ type: 'done', success: false, error: serializeError(error) });
  }
}

process.once('message', (message: ParentMessage) => void handle(message));
process.on('disconnect', () => process.exit(0));
// An error the call did not catch (a socket destroyed before anyone listened, say) ends the call, as in the engine.
process.on('uncaughtException', (error) => reply({ type: 'done', success: false, error: serializeError(error), uncaught: true }));
process.on('unhandledRejection', (reason) => reply({ type: 'done', success: false, error: serializeError(reason), uncaught: true }));
