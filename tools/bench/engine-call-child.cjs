// One engine-style call in a fresh process, for `npm run bench` (src/engine-call.ts spawns it with
// stdio [pipe, pipe, pipe, 'ipc'] and serialization 'advanced', as the engine spawns its piece child;
// it says there why the bench keeps this child rather than the runner's).
//   argv[2] = 'empty'      does nothing: the floor of a fresh node with an IPC channel;
//   argv[2] = 'framework'  requires @activepieces/pieces-framework, then exits;
//   argv[2] = 'call'       waits for { entry, action, auth, propsValue } over IPC, requires the bundle,
//                          takes the first export whose constructor is named `Piece` (what
//                          extractPieceFromModule does), runs the action once, replies
//                          { type: 'done', success, result | error, timings } and exits;
//   argv[2] = 'measure'    as 'call', and samples process.memoryUsage() every few milliseconds while the
//                          action runs (after a gc when started with --expose-gc): the reply also has
//                          memory { rssBefore, rssPeak, heapBefore, heapPeak } in bytes. The bulk
//                          section uses it; 'call' has no timer, so section 2 times the plain call.
// CommonJS on purpose: the engine's child is a CommonJS bundle too, and ESM would add its loader's start-up.
'use strict';

const mode = process.argv[2];
const now = () => Number(process.hrtime.bigint()) / 1e6;

if (mode === 'framework') {
  require('@activepieces/pieces-framework');
} else if (mode === 'call' || mode === 'measure') {
  process.once('message', async ({ entry, action, auth, propsValue }) => {
    const started = now();
    let reply;
    let loaded = started;
    let memory;
    try {
      const module = require(entry);
      const piece = Object.values(module).find((value) => value !== null && value !== undefined && value.constructor.name === 'Piece');
      if (!piece) throw new Error(`${entry} exports no Piece`);
      loaded = now();
      memory = mode === 'measure' ? sampleMemory() : undefined;
      const result = await piece.getAction(action).run({ auth, propsValue });
      reply = { type: 'done', success: true, result };
    } catch (error) {
      reply = { type: 'done', success: false, error: { name: error?.name, message: error?.message ?? String(error) } };
    }
    const finished = now();
    reply.memory = memory?.stop();
    reply.timings = { loadMs: loaded - started, runMs: finished - loaded, uptimeMs: process.uptime() * 1000 };
    // The default agent keeps sockets alive, so the child ends itself once the reply is out, as the engine's does.
    process.send(reply, () => process.exit(0));
  });
} else if (mode !== 'empty') {
  throw new Error(`engine-call-child: unknown mode ${mode}`);
}

/** The peaks of RSS and used heap from now until stop(), over a baseline taken after a full gc where possible. */
function sampleMemory() {
  global.gc?.();
  const before = process.memoryUsage();
  const peak = { rss: before.rss, heapUsed: before.heapUsed };
  const sample = () => {
    const { rss, heapUsed } = process.memoryUsage();
    peak.rss = Math.max(peak.rss, rss);
    peak.heapUsed = Math.max(peak.heapUsed, heapUsed);
  };
  const timer = setInterval(sample, 5);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { rssBefore: before.rss, rssPeak: peak.rss, heapBefore: before.heapUsed, heapPeak: peak.heapUsed };
    },
  };
}
