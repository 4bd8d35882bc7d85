#!/usr/bin/env node
// npm run bench: what a piece costs, side by side, all measured in one run. Needs `npm run build` first.
//   1. cold load of each packaged piece against the framework alone (fresh node processes);
//   2. one engine-style call (a fresh child per call, as the engine of today spawns one per action run,
//      dropdown or validate) against an empty child and a child that only loads the framework;
//   3. update_user against the sandbox against a raw fetch of the very same request (warm);
//   4. packed size and install footprint;
//   5. round trips per update, from the sandbox's request log.
// Loopback only, bounded loops, ends by itself. Not part of npm test: timings depend on the machine.
//
// Knobs (environment): BENCH_COLD_RUNS (default 9), BENCH_ENGINE_RUNS (default 15), BENCH_ITERATIONS
// (default 600), BENCH_WARMUP (default 30).
import { execFileSync, fork, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { packPieces } from '../packaging/pack.mjs';

const root = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const COLD_RUNS = positiveInt('BENCH_COLD_RUNS', 9);
const ENGINE_RUNS = positiveInt('BENCH_ENGINE_RUNS', 15);
const ITERATIONS = positiveInt('BENCH_ITERATIONS', 600);
const WARMUP = positiveInt('BENCH_WARMUP', 30);
const FRAMEWORK = '@activepieces/pieces-framework';
const GOALS = { coldLoad: 1.1, engineCall: 1.5, update: 1.15 };

const PIECES = [{ folder: 'activepieces-platform' }, { folder: 'merchant-staff' }];

function positiveInt(name, fallback) {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

// ---------------------------------------------------------------- statistics and tables

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
const median = (values) => percentile(values, 50);
const ms = (value) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;
const ratio = (value) => `${value.toFixed(2)}×`;
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const verdict = (value, goal) => (value <= goal ? 'yes' : 'NO');

/** A plain-text table: the first column left-aligned, the others right-aligned. */
function table(title, header, rows, notes = []) {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => String(row[column]).length)));
  const line = (cells) => cells.map((cell, column) => (column === 0 ? String(cell).padEnd(widths[column]) : String(cell).padStart(widths[column]))).join('  ');
  console.log(`\n${title}\n`);
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  rows.forEach((row) => console.log(line(row)));
  notes.forEach((note) => console.log(note));
}

// ---------------------------------------------------------------- setup

function quiet(command, args, options = {}) {
  return execFileSync(command, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
}

function install(tarball, dir) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bench-install', version: '0.0.0', private: true }));
  quiet('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: dir });
}

/** The sandbox in a child process; resolves once it listens. */
async function startSandboxHost(work) {
  const bundle = join(work, 'sandbox.cjs');
  quiet(process.execPath, ['tools/build/bundle-tool.mjs', 'tools/sandbox/src/index.ts', bundle]);
  const child = fork(join(import.meta.dirname, 'sandbox-host.mjs'), [bundle], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = (message, key) =>
    new Promise((resolvePromise) => {
      const onMessage = (answer) => {
        if (!(key in answer)) return;
        child.off('message', onMessage);
        resolvePromise(answer[key]);
      };
      child.on('message', onMessage);
      if (message !== undefined) child.send(message);
    });
  const config = await ask(undefined, 'ready');
  return {
    ...config,
    reset: () => ask('reset', 'reset'),
    requests: (api) => ask({ requests: api }, 'requests'),
    stop: () => child.disconnect(),
  };
}

// ---------------------------------------------------------------- 1. cold load

/** One fresh node: wall time as the parent sees it, and the require() alone as the child times it. */
function coldLoadOnce(target) {
  const code = target
    ? `const t=process.hrtime.bigint();require(${JSON.stringify(target)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`
    : 'process.stdout.write("0")';
  const started = process.hrtime.bigint();
  const requireMs = Number(quiet(process.execPath, ['-e', code]));
  return { wallMs: Number(process.hrtime.bigint() - started) / 1e6, requireMs };
}

function benchColdLoad(installed, untrimmed) {
  const variants = [
    { label: 'node -e 0 (no require, for scale)', target: null },
    { label: `${FRAMEWORK} alone`, target: FRAMEWORK, baseline: true },
    ...installed.map((piece) => ({ label: `${piece.folder} (packaged)`, target: piece.entry, goal: true })),
    ...untrimmed.map((piece) => ({ label: `${piece.folder} (untrimmed bundle)`, target: piece.entry })),
  ].map((variant) => ({ ...variant, wall: [], require: [] }));
  // Round robin, each round starting one further along, so drift in machine load hits every variant alike.
  for (let round = 0; round < COLD_RUNS; round++) {
    for (let index = 0; index < variants.length; index++) {
      const variant = variants[(index + round) % variants.length];
      const sample = coldLoadOnce(variant.target);
      variant.wall.push(sample.wallMs);
      variant.require.push(sample.requireMs);
    }
  }
  const base = variants.find((variant) => variant.baseline);
  const [baseWall, baseRequire] = [median(base.wall), median(base.require)];
  const rows = variants.map((variant) => {
    const [wall, req] = [median(variant.wall), median(variant.require)];
    const compared = variant.target && !variant.baseline;
    return [
      variant.label,
      ms(wall),
      ms(Math.min(...variant.wall)),
      variant.target ? ms(req) : '-',
      compared ? ratio(wall / baseWall) : variant.baseline ? '1.00×' : '-',
      compared ? ratio(req / baseRequire) : variant.baseline ? '1.00×' : '-',
      variant.goal ? verdict(wall / baseWall, GOALS.coldLoad) : '',
    ];
  });
  table(
    `1. Cold load: a fresh node requiring the package's src/index.js (${COLD_RUNS} runs each, interleaved, median)`,
    ['what', 'wall', 'wall min', 'require()', 'wall vs framework', 'require() vs framework', `≤ ${GOALS.coldLoad}×`],
    rows,
    ['wall: process start to exit, as the parent sees it; require(): the require call alone, timed inside the child.'],
  );
}

// ---------------------------------------------------------------- 2. one engine-style call

const ENGINE_CHILD = join(import.meta.dirname, 'engine-call-child.cjs');

/**
 * One fresh child, spawned as the engine spawns its piece child; wall time from spawn() to the child's exit.
 * With an operation, the child gets it over IPC and must answer { type: 'done', success: true }.
 */
function engineChildOnce(mode, operation) {
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [ENGINE_CHILD, mode], { cwd: root, stdio: ['pipe', 'pipe', 'pipe', 'ipc'], serialization: 'advanced' });
    const stderr = [];
    let reply;
    child.stdout.resume();
    child.stderr.on('data', (chunk) => stderr.push(chunk));
    child.on('message', (message) => (reply = message));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      const failed = code !== 0 || (operation && !reply?.success);
      if (failed) {
        const why = reply?.error ? `${reply.error.name}: ${reply.error.message}` : Buffer.concat(stderr).toString('utf8').trim();
        return reject(new Error(`engine-call-child ${mode} exited with ${signal ?? code}: ${why || 'no reply'}`));
      }
      resolvePromise({ wallMs, timings: reply?.timings });
    });
    child.stdin.end();
    if (operation) child.send(operation);
  });
}

async function benchEngineCall(sandbox, installed) {
  const inputs = updateInputs(sandbox);
  const operations = { 'activepieces-platform': inputs.activepieces, 'merchant-staff': inputs.merchantFull };
  const variants = [
    { label: 'empty node child (same spawn options)', mode: 'empty', baseline: true },
    { label: `child loading ${FRAMEWORK} only`, mode: 'framework' },
    ...installed.map((piece) => ({
      label: `${piece.folder}: load, extract, update_user, reply`,
      mode: 'call',
      operation: { entry: piece.entry, action: 'update_user', ...operations[piece.folder] },
      goal: true,
    })),
  ].map((variant) => ({ ...variant, wall: [], load: [], run: [] }));
  await sandbox.reset();
  for (const variant of variants) await engineChildOnce(variant.mode, variant.operation); // one unmeasured call each: disk cache, sandbox routes
  for (let round = 0; round < ENGINE_RUNS; round++) {
    for (let index = 0; index < variants.length; index++) {
      const variant = variants[(index + round) % variants.length];
      const { wallMs, timings } = await engineChildOnce(variant.mode, variant.operation);
      variant.wall.push(wallMs);
      if (timings) {
        variant.load.push(timings.loadMs);
        variant.run.push(timings.runMs);
      }
    }
  }
  await sandbox.reset();
  const baseWall = median(variants.find((variant) => variant.baseline).wall);
  const rows = variants.map((variant) => [
    variant.label,
    ms(median(variant.wall)),
    ms(Math.min(...variant.wall)),
    ms(percentile(variant.wall, 90)),
    variant.load.length ? ms(median(variant.load)) : '-',
    variant.run.length ? ms(median(variant.run)) : '-',
    variant.baseline ? '1.00×' : ratio(median(variant.wall) / baseWall),
    variant.goal ? verdict(median(variant.wall) / baseWall, GOALS.engineCall) : '',
  ]);
  table(
    `2. One engine-style call: a fresh child per call, stdio [pipe, pipe, pipe, 'ipc'], serialization 'advanced' (${ENGINE_RUNS} runs each, interleaved, median)`,
    ['child', 'wall', 'wall min', 'wall p90', 'load + extract', 'update_user', 'vs empty child', `≤ ${GOALS.engineCall}×`],
    rows,
    [
      'wall: spawn() to the exit event in the parent. The call child gets its operation over IPC, requires the packaged src/index.js,',
      'takes the first export whose constructor is `Piece`, runs update_user once against the sandbox (loopback http), replies over IPC and exits;',
      'load + extract and update_user are timed inside the child. See tools/bench/engine-call-child.cjs.',
    ],
  );
}

// ---------------------------------------------------------------- 3. update_user against raw fetch

function loadPackagedPiece(packageDir) {
  const { extractPieceFromModule } = require('@activepieces/shared');
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  const module = require(join(packageDir, 'src/index.js'));
  return extractPieceFromModule({ module, pieceName: manifest.name, pieceVersion: manifest.version });
}

const SENT_HEADERS = ['accept', 'authorization', 'content-type', 'if-match'];

/** The request as the piece sent it, ready to send again with plain fetch. */
function replayable(origin, recorded) {
  const query = new URLSearchParams(recorded.query).toString();
  return {
    url: `${origin}${recorded.path}${query ? `?${query}` : ''}`,
    method: recorded.method,
    headers: Object.fromEntries(SENT_HEADERS.filter((name) => recorded.headers[name] !== undefined).map((name) => [name, recorded.headers[name]])),
    body: recorded.body === undefined ? undefined : JSON.stringify(recorded.body),
  };
}

/** Plain fetch, reading the body as the piece does; a partial update reads first and sends the ETag back. */
async function rawFetch(requests) {
  let etag;
  let result;
  for (const request of requests) {
    const headers = request.headers['if-match'] ? { ...request.headers, 'if-match': etag } : request.headers;
    const response = await fetch(request.url, { method: request.method, headers, body: request.body });
    result = JSON.parse(await response.text());
    if (!response.ok) throw new Error(`raw ${request.method} ${request.url} answered ${response.status}`);
    etag = response.headers.get('etag') ?? undefined;
  }
  return result;
}

/** The update_user inputs the sections share: the connection as the engine passes it, and the props. */
function updateInputs(sandbox) {
  const { activepieces: ap, merchant } = sandbox;
  const merchantAuth = { type: 'CUSTOM_AUTH', props: { baseUrl: merchant.baseUrl, apiToken: merchant.token } };
  return {
    merchantFull: {
      auth: merchantAuth,
      propsValue: { userId: merchant.docsUserId, firstName: 'Grace', lastName: 'Hopper', email: 'grace.hopper@shop.example', role: 'Staff', status: 'ACTIVE' },
    },
    merchantPartial: { auth: merchantAuth, propsValue: { userId: merchant.adminId, status: 'INACTIVE' } },
    activepieces: {
      auth: { type: 'CUSTOM_AUTH', props: { baseApiUrl: ap.baseUrl, apiKey: ap.apiKey } },
      propsValue: { userId: ap.memberId, platformRole: 'OPERATOR', externalId: 'hr-2002' },
    },
  };
}

function updateCases(sandbox, installed) {
  const action = (folder) => installed.find((candidate) => candidate.folder === folder).piece.getAction('update_user');
  const inputs = updateInputs(sandbox);
  return [
    { label: 'merchant-staff, full update', api: 'merchant', expectedTrips: 1, action: action('merchant-staff'), ctx: inputs.merchantFull },
    { label: 'merchant-staff, partial update (status)', api: 'merchant', expectedTrips: 2, action: action('merchant-staff'), ctx: inputs.merchantPartial },
    { label: 'activepieces-platform', api: 'activepieces', expectedTrips: 1, action: action('activepieces-platform'), ctx: inputs.activepieces },
  ];
}

async function timed(fn) {
  const started = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Runs each case once on a fresh sandbox and keeps what the sandbox saw: the round trips, and the requests to replay. */
async function observeCases(sandbox, cases) {
  for (const testCase of cases) {
    await sandbox.reset();
    await testCase.action.run(testCase.ctx);
    testCase.recorded = await sandbox.requests(testCase.api);
    const origin = new URL(sandbox[testCase.api].baseUrl).origin;
    testCase.raw = testCase.recorded.map((request) => replayable(origin, request));
  }
  await sandbox.reset();
}

async function benchUpdates(cases) {
  const rows = [];
  for (const testCase of cases) {
    const viaPiece = () => testCase.action.run(testCase.ctx);
    const viaFetch = () => rawFetch(testCase.raw);
    for (let i = 0; i < WARMUP; i++) {
      await viaPiece();
      await viaFetch();
    }
    const pieceTimes = [];
    const fetchTimes = [];
    // Interleaved, alternating which goes first, so neither side always gets the warmer connection.
    for (let i = 0; i < ITERATIONS; i++) {
      if (i % 2 === 0) {
        pieceTimes.push(await timed(viaPiece));
        fetchTimes.push(await timed(viaFetch));
      } else {
        fetchTimes.push(await timed(viaFetch));
        pieceTimes.push(await timed(viaPiece));
      }
    }
    const [pieceMedian, fetchMedian] = [median(pieceTimes), median(fetchTimes)];
    rows.push([
      testCase.label,
      testCase.recorded.length,
      ms(pieceMedian),
      ms(percentile(pieceTimes, 95)),
      ms(fetchMedian),
      ms(percentile(fetchTimes, 95)),
      `${((pieceMedian - fetchMedian) * 1000).toFixed(0)} µs`,
      ratio(pieceMedian / fetchMedian),
      ratio(percentile(pieceTimes, 95) / percentile(fetchTimes, 95)),
      verdict(pieceMedian / fetchMedian, GOALS.update),
    ]);
  }
  table(
    `3. update_user through the packaged piece against a raw fetch of the same requests (${ITERATIONS} iterations each, after ${WARMUP} warm-up, interleaved)`,
    ['case', 'round trips', 'piece median', 'piece p95', 'fetch median', 'fetch p95', 'overhead', 'ratio median', 'ratio p95', `≤ ${GOALS.update}×`],
    rows,
    ['The raw side sends the method, URL, headers and body the piece sent (a partial update: GET, then PUT with its ETag) and parses the JSON answer.'],
  );
}

// ---------------------------------------------------------------- 4. footprint

function walk(dir) {
  let files = 0;
  let bytes = 0;
  for (const entry of readdirSync(dir, { recursive: true })) {
    const stats = statSync(join(dir, entry));
    if (stats.isFile()) {
      files++;
      bytes += stats.size;
    }
  }
  return { files, bytes };
}

/** Packages a dependency on `start` installs, per the workspace lockfile's own resolution (nearest node_modules first). */
function dependencyClosure(lock, start) {
  const seen = new Set([start]);
  const queue = [start];
  while (queue.length) {
    const location = queue.shift();
    const entry = lock.packages[location] ?? {};
    for (const name of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) {
      let base = location;
      let found;
      while (!found) {
        const candidate = `${base}/node_modules/${name}`.replace(/^\//, '');
        if (lock.packages[candidate]) found = candidate;
        else if (!base) break;
        else base = base.includes('/node_modules/') ? base.slice(0, base.lastIndexOf('/node_modules/')) : '';
      }
      if (found && !seen.has(found)) {
        seen.add(found);
        queue.push(found);
      }
    }
  }
  return [...seen];
}

function benchFootprint(installed) {
  const rows = installed.map((piece) => {
    const lock = JSON.parse(readFileSync(join(piece.installDir, 'package-lock.json'), 'utf8'));
    const onDisk = walk(join(piece.installDir, 'node_modules'));
    return [
      `${piece.folder} (packaged)`,
      piece.packed.entryCount,
      kib(piece.packed.size),
      kib(piece.packed.unpackedSize),
      Object.keys(lock.packages).length - 2,
      onDisk.files,
      kib(onDisk.bytes),
    ];
  });
  const workspaceLock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  const closure = dependencyClosure(workspaceLock, `node_modules/${FRAMEWORK}`);
  const frameworkOnDisk = closure.map((location) => walk(join(root, location))).reduce((a, b) => ({ files: a.files + b.files, bytes: a.bytes + b.bytes }));
  rows.push([`${FRAMEWORK} as a dependency`, '-', '-', '-', closure.length - 1, frameworkOnDisk.files, mib(frameworkOnDisk.bytes)]);
  table(
    '4. Packed size and install footprint (npm install --offline of the .tgz into an empty project)',
    ['package', 'files in .tgz', '.tgz', 'unpacked', 'dependencies', 'files in node_modules', 'node_modules'],
    rows,
    [`The last row, for scale: what depending on the framework instead of bundling it would install (from package-lock.json; nested node_modules counted once).`],
  );
}

// ---------------------------------------------------------------- 5. round trips

function benchRoundTrips(cases) {
  const rows = cases.map((testCase) => [
    testCase.label,
    testCase.expectedTrips,
    testCase.recorded.length,
    testCase.recorded.map((request) => `${request.method} ${request.status}`).join(', '),
    testCase.recorded.length === testCase.expectedTrips ? 'yes' : 'NO',
  ]);
  table('5. Round trips per update (the sandbox request log, one update on a fresh sandbox)', ['case', 'expected', 'measured', 'requests', 'as expected'], rows);
}

// ---------------------------------------------------------------- main

async function main(work) {
  const startedAt = Date.now();
  const cpu = cpus();
  console.log(`npm run bench, ${new Date().toISOString().slice(0, 10)}: node ${process.version}, ${cpu.length} cores (${cpu[0]?.model.trim()}), load average ${loadavg().map((value) => value.toFixed(2)).join(' ')}`);

  const packed = await packPieces({ folders: PIECES.map((piece) => piece.folder), outDir: join(work, 'tarballs') });
  const installed = PIECES.map((piece) => {
    const entry = packed.find((candidate) => candidate.folder === piece.folder);
    const installDir = join(work, 'install', piece.folder);
    install(entry.tarball, installDir);
    const packageDir = join(installDir, 'node_modules', entry.name);
    return { ...piece, packed: entry, installDir, packageDir, entry: join(packageDir, 'src/index.js') };
  });
  const untrimmed = PIECES.map((piece) => {
    const outDir = join(work, 'untrimmed', piece.folder);
    quiet(process.execPath, ['tools/build/build-piece.mjs', piece.folder, '--untrimmed', '--out-dir', outDir]);
    return { ...piece, entry: join(outDir, 'src/index.js') };
  });

  benchColdLoad(installed, untrimmed);

  const sandbox = await startSandboxHost(work);
  try {
    await benchEngineCall(sandbox, installed);
    installed.forEach((piece) => (piece.piece = loadPackagedPiece(piece.packageDir)));
    const cases = updateCases(sandbox, installed);
    await observeCases(sandbox, cases);
    await benchUpdates(cases);
    benchFootprint(installed);
    benchRoundTrips(cases);
  } finally {
    sandbox.stop();
  }
  console.log(`\nDone in ${((Date.now() - startedAt) / 1000).toFixed(0)} s; load average now ${loadavg().map((value) => value.toFixed(2)).join(' ')}.`);
}

const work = mkdtempSync(join(tmpdir(), 'piece-bench-'));
try {
  await main(work);
} finally {
  rmSync(work, { recursive: true, force: true });
}
