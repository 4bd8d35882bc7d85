// Summarises a V8 .cpuprofile (from `node --cpu-prof`) by module: self time (samples whose top frame is
// in the module) and total time (samples with the module anywhere on the stack, counted once each).
// Frames in a bundle that has a source map next to it (`<bundle>.map`) are mapped back to the original
// file, then grouped by npm package (node_modules/<name>) or by repository folder; Node's own code is
// grouped as `node:<first path segment>`. In a bundle, the self time of esbuild's `__require` helper is
// mostly V8 compiling the body of the module it is about to run (lazy compilation is charged to the caller).
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The parts of a V8 .cpuprofile read here. */
interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { url: string; lineNumber: number; columnNumber: number; functionName: string };
    children?: number[];
    positionTicks?: { line: number; ticks: number }[];
  }[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  modules: { module: string; selfMs: number; totalMs: number }[];
  functions: { fn: string; selfMs: number }[];
}

/** The module a frame belongs to, e.g. `zod`, `@activepieces/pieces-framework`, `packages/common`, `node:internal`. */
function moduleOf(file: string | undefined): string | null {
  if (!file) return null;
  const npm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (npm) return npm[1];
  if (file.startsWith('node:')) return `node:${file.slice(5).split('/')[0]}`;
  const repo = /(packages\/(?:pieces\/)?[^/]+|tools\/[^/]+)\//.exec(file);
  return repo ? repo[1] : file;
}

/**
 * Reads one profile and returns { totalMs, modules: [{ module, selfMs, totalMs }], functions: [{ fn, selfMs }] },
 * both sorted by self time (functions named `<module> <name>`, e.g. `node:internal wrapSafe`).
 */
export function summariseProfile(profilePath: string): ProfileSummary {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8')) as CpuProfile;
  const maps = new Map<string, SourceMap | null>();
  const sourceMapFor = (url: string): SourceMap | null => {
    if (!maps.has(url)) {
      let map: SourceMap | null = null;
      const file = url.startsWith('file://') ? fileURLToPath(url) : url;
      if (file.startsWith('/') && existsSync(`${file}.map`)) map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
      maps.set(url, map);
    }
    return maps.get(url) ?? null;
  };
  /** The module at a 0-based position of a script; in a bundle, code with no source is esbuild's (its require and export helpers). */
  const label = (url: string, line: number, column: number): string => {
    const map = sourceMapFor(url);
    if (!map) return moduleOf(url) ?? url;
    const source = (map.findEntry(line, column) as { originalSource?: string }).originalSource;
    return source ? (moduleOf(source) as string) : '(bundle: esbuild helpers)';
  };
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  // A function belongs to the module its first character comes from; the bundle's own top level (line 0,
  // column 0, where esbuild inlines every ES module) is a bucket of its own for total time.
  const moduleOfNode = new Map<number, string>();
  // Self time is split by the lines the samples hit (positionTicks), so ES modules inlined into that top
  // level are told apart when the bundle is not minified.
  const selfSplit = new Map<number, [string, number][]>();
  for (const node of profile.nodes) {
    const { url, lineNumber, columnNumber, functionName } = node.callFrame;
    if (!url) {
      moduleOfNode.set(node.id, functionName.startsWith('(') ? functionName : '(native)');
      continue;
    }
    const topLevel = lineNumber === 0 && columnNumber === 0 && sourceMapFor(url);
    moduleOfNode.set(node.id, topLevel ? '(bundle top level)' : label(url, lineNumber, columnNumber));
    if (sourceMapFor(url) && node.positionTicks?.length) {
      const ticks = new Map<string, number>();
      let all = 0;
      for (const { line, ticks: count } of node.positionTicks) {
        const module = label(url, line - 1, 0);
        ticks.set(module, (ticks.get(module) ?? 0) + count);
        all += count;
      }
      selfSplit.set(node.id, [...ticks].map(([module, count]) => [module, count / all]));
    }
  }
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const selfByFunction = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us);
  let totalUs = 0;
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    const us = timeDeltas[i + 1] ?? timeDeltas[i] ?? 0;
    totalUs += us;
    const top = samples[i];
    for (const [module, share] of selfSplit.get(top) ?? [[moduleOfNode.get(top) as string, 1] as [string, number]]) add(self, module, us * share);
    const frame = nodes.get(top)?.callFrame;
    add(selfByFunction, `${moduleOfNode.get(top)} ${frame?.functionName || '(anonymous)'}`, us);
    const seen = new Set<string>();
    for (let id: number | undefined = top; id !== undefined; id = parent.get(id)) {
      const module = moduleOfNode.get(id) as string;
      if (module === '(root)' || seen.has(module)) continue;
      seen.add(module);
      add(total, module, us);
    }
  }
  const modules = [...new Set([...self.keys(), ...total.keys()])]
    .map((module) => ({ module, selfMs: (self.get(module) ?? 0) / 1000, totalMs: (total.get(module) ?? 0) / 1000 }))
    .sort((a, b) => b.selfMs - a.selfMs || b.totalMs - a.totalMs);
  const functions = [...selfByFunction].map(([fn, us]) => ({ fn, selfMs: us / 1000 })).sort((a, b) => b.selfMs - a.selfMs);
  return { totalMs: totalUs / 1000, modules, functions };
}

/** The mean of several summaries (of runs of the same code), sorted as one. */
export function meanSummary(summaries: readonly ProfileSummary[]): ProfileSummary {
  const modules = new Map<string, { module: string; selfMs: number; totalMs: number }>();
  const functions = new Map<string, { fn: string; selfMs: number }>();
  for (const summary of summaries) {
    for (const { fn, selfMs } of summary.functions) {
      const entry = functions.get(fn) ?? { fn, selfMs: 0 };
      entry.selfMs += selfMs / summaries.length;
      functions.set(fn, entry);
    }
    for (const { module, selfMs, totalMs } of summary.modules) {
      const entry = modules.get(module) ?? { module, selfMs: 0, totalMs: 0 };
      entry.selfMs += selfMs / summaries.length;
      entry.totalMs += totalMs / summaries.length;
      modules.set(module, entry);
    }
  }
  return {
    totalMs: summaries.reduce((sum, summary) => sum + summary.totalMs, 0) / summaries.length,
    modules: [...modules.values()].sort((a, b) => b.selfMs - a.selfMs || b.totalMs - a.totalMs),
    functions: [...functions.values()].sort((a, b) => b.selfMs - a.selfMs),
  };
}

export function printSummary(summary: ProfileSummary, top = 15): void {
  const rows = summary.modules.slice(0, top);
  const width = Math.max(6, ...rows.map((row) => row.module.length));
  console.log(`${'module'.padEnd(width)}  ${'self'.padStart(9)}  ${'total'.padStart(9)}`);
  for (const row of rows) console.log(`${row.module.padEnd(width)}  ${row.selfMs.toFixed(1).padStart(6)} ms  ${row.totalMs.toFixed(1).padStart(6)} ms`);
  console.log(`${'(profiled time)'.padEnd(width)}  ${summary.totalMs.toFixed(1).padStart(6)} ms`);
  console.log('\nTop functions by self time (in a bundle, `__require` is mostly V8 compiling the module it is about to run):');
  for (const { fn, selfMs } of summary.functions.slice(0, Math.ceil(top / 2))) console.log(`  ${selfMs.toFixed(1).padStart(6)} ms  ${fn}`);
}
