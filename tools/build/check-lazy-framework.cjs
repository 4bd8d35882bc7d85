// Run by check-trimmed.mjs after every trimmed build, in a fresh node: checks what tools/build/lazy-zod.mjs did.
//   node check-lazy-framework.cjs <input.json>
//   input: { pieceBundle, lazyFramework, framework }
//     pieceBundle    the piece bundle just built;
//     lazyFramework  the whole framework bundled with the same trimming (every export reachable);
//     framework      the framework's own src/index.js in node_modules, untouched.
// 1. Loading the piece as the engine does (require, find the Piece, read its metadata) evaluates no zod,
//    and neither does loading the whole trimmed framework. zod 4 creates globalThis.__zod_globalRegistry
//    when it loads; the untouched framework must trip that trap, or the check could pass vacuously.
// 2. The trimmed framework exports the same names as the untouched one, and every zod schema among them
//    (built lazily, with the deferred zod) gives the same safeParse result, issues and messages included,
//    on the same inputs: plain values and the piece's own metadata, actions, props and auth.
//    piecePropertiesUtils.buildSchema is compared the same way on each action's props.
// Prints nothing and exits 0 when all holds; otherwise exits 1 with the reasons on stderr.
'use strict';

const { readFileSync } = require('node:fs');

const { pieceBundle, lazyFramework, framework } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const problems = [];

let zodLoads = 0;
let registry;
Object.defineProperty(globalThis, '__zod_globalRegistry', {
  configurable: true,
  get: () => registry,
  set: (value) => {
    registry = value;
    zodLoads++;
  },
});

const pieceModule = require(pieceBundle);
const piece = Object.values(pieceModule).find((value) => value !== null && value !== undefined && value.constructor.name === 'Piece');
if (!piece) throw new Error(`${pieceBundle} exports no Piece`);
const metadata = piece.metadata();
if (zodLoads) problems.push('loading the piece and reading its metadata evaluated zod: some code reads a lazy schema at load time');
const lazy = require(lazyFramework);
if (zodLoads) problems.push('loading the trimmed framework evaluated zod');
const eager = require(framework);
if (!zodLoads) problems.push('the untouched framework did not create globalThis.__zod_globalRegistry: this check can no longer see whether zod loads; update it');

const lazyKeys = Object.keys(lazy).sort();
const eagerKeys = Object.keys(eager).sort();
if (JSON.stringify(lazyKeys) !== JSON.stringify(eagerKeys)) {
  problems.push(`export names differ: only trimmed [${lazyKeys.filter((key) => !eagerKeys.includes(key))}], only untouched [${eagerKeys.filter((key) => !lazyKeys.includes(key))}]`);
}

// Inputs: plain values, then what this piece really holds.
const actions = Object.values(metadata.actions);
const props = actions.flatMap((action) => Object.values(action.props ?? {}));
const auths = [metadata.auth].flat().filter(Boolean);
const samples = [
  undefined, null, '', 'text', 0, 1.5, true, [], {}, ['a'], { a: 'b' },
  metadata,
  { ...metadata, name: '@scope/piece-x', version: '0.1.0', actions: metadata.actions, triggers: {} },
  ...actions,
  ...props,
  ...auths,
  ...auths.flatMap((auth) => Object.values(auth.props ?? {})),
];

const isSchema = (value) => value !== null && typeof value === 'object' && '_zod' in value;
function describe(value) {
  return JSON.stringify(value, (key, inner) => {
    if (typeof inner === 'function') return `[function ${inner.name}/${inner.length}]`;
    if (typeof inner === 'bigint' || typeof inner === 'symbol') return String(inner);
    return inner;
  });
}
function outcome(schema, input) {
  try {
    const result = schema.safeParse(input);
    return describe(result.success ? { success: true, data: result.data } : { success: false, issues: result.error.issues });
  } catch (error) {
    return describe({ threw: error?.message ?? String(error) });
  }
}
function compareSchemas(name, lazySchema, eagerSchema, inputs) {
  inputs.forEach((input, index) => {
    const [got, expected] = [outcome(lazySchema, input), outcome(eagerSchema, input)];
    if (got !== expected) problems.push(`${name}.safeParse(sample ${index}) differs:\n    trimmed:   ${got.slice(0, 300)}\n    untouched: ${expected.slice(0, 300)}`);
  });
}

let schemas = 0;
for (const key of eagerKeys.filter((name) => lazyKeys.includes(name))) {
  const [lazyValue, eagerValue] = [lazy[key], eager[key]];
  if (isSchema(eagerValue) || isSchema(lazyValue)) {
    if (!isSchema(lazyValue) || !isSchema(eagerValue)) problems.push(`${key} is a zod schema in only one of the two`);
    else {
      schemas++;
      if (lazy[key] !== lazyValue) problems.push(`${key} is a new object on each read`);
      compareSchemas(key, lazyValue, eagerValue, samples);
    }
  } else if (describe(lazyValue) !== describe(eagerValue) || typeof lazyValue !== typeof eagerValue) {
    problems.push(`${key} differs: trimmed ${describe(lazyValue)?.slice(0, 200)}, untouched ${describe(eagerValue)?.slice(0, 200)}`);
  }
}
if (schemas < 10) problems.push(`only ${schemas} zod schemas among the framework's exports; this check expects dozens`);

for (const action of actions) {
  const build = (utils) => utils.piecePropertiesUtils.buildSchema(action.props ?? {}, metadata.auth, action.requireAuth);
  const values = Object.fromEntries(Object.keys(action.props ?? {}).map((name) => [name, 'value']));
  compareSchemas(`buildSchema(${action.name})`, build(lazy), build(eager), [...samples, values, { ...values, auth: 'x' }]);
}

if (problems.length) {
  process.stderr.write(`The trimmed framework (tools/build/lazy-zod.mjs) does not match the untouched one:\n- ${problems.slice(0, 20).join('\n- ')}\n`);
  process.exit(1);
}
