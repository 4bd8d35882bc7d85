// Keeps zod out of a piece's cold start, for the trimmed bundle (see piece-bundle.mjs).
//
// @activepieces/pieces-framework builds about 50 exported zod schemas (and 6 private ones) when it loads:
// the shapes of properties, auths and piece metadata, for the server's validation. A piece never reads
// them: createPiece, createAction, Property.* and PieceAuth.* return plain objects, and the engine
// validates with its own copy of the framework. Yet every cold start paid for zod's ~400 KiB of code and
// for building those schemas: about 45 ms of the ~70 ms that require() of the bundle took on the 2-core
// Xeon of npm run bench (the bench's profile-load, tools/bench/src/profile-load.ts, shows where).
//
// Two steps, neither of which stubs anything:
// 1. lazyZodSchemas rewrites the framework's compiled CommonJS, file by file, so the same code runs later:
//      const zod_1 = require("zod");   ->  zod_1 is an object whose `z` getter requires zod on first use
//      exports.Name = <expression>;    ->  a memoised getter on exports: evaluated once, on first read
//      const Local = <expression>;     ->  `let Local` and an initialiser that the getters mentioning it run once
//    for every top-level statement that mentions zod_1 and is not a function. Whoever reads a schema gets
//    the schema the framework would have built (one object, always the same one).
// 2. The framework's `require("zod")` resolves to a module holding zod, bundled separately, as a string
//    that is compiled on that first require. V8 then only scans a string literal when it compiles the
//    bundle, instead of pre-parsing 400 KiB of functions that never run.
//
// The rewrite depends on the shape of tsc's CommonJS output. It fails the build, naming the file and the
// statement, whenever a statement that mentions zod has another shape, so that a new framework version
// cannot silently produce an eager or a different bundle; check-trimmed.mjs then checks the result by
// loading it (check-lazy-framework.cjs).
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';

const createRequireFrom = (dir) => createRequire(join(dir, 'package.json'));

const ZOD_REQUIRE = 'const zod_1 = require("zod");';
const LAZY_ZOD = 'const zod_1 = { get z() { return require("zod").z; } };';
const IDENTIFIER = '[A-Za-z_$][\\w$]*';

/** Splits tsc output into top-level statements: a statement starts on a line that begins in column 0 with anything but a closing bracket. */
function topLevelStatements(code) {
  const statements = [];
  for (const line of code.split('\n')) {
    const continues = line === '' || /^[\s})\]]/.test(line);
    if (continues && statements.length) statements[statements.length - 1] += `\n${line}`;
    else statements.push(line);
  }
  return statements;
}

const isFunction = (text) =>
  /^(async\s+)?function[\s*(]/.test(text) || /^(async\s+)?(\([^()]*\)|[A-Za-z_$][\w$]*)\s*=>/.test(text);

const mentions = (text, name) => new RegExp(`(?<![\\w$.])${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(text);

/**
 * Returns the file's code with its zod schemas made lazy, and the names made lazy ({ code, exports, locals }).
 * `where` names the file in error messages.
 */
export function lazyZodSchemas(code, where) {
  const fail = (why, statement) => {
    throw new Error(
      `lazy zod: ${where}: ${why}${statement ? `:\n  ${statement.split('\n')[0]}` : ''}\n` +
        'The framework no longer has the compiled shape tools/build/lazy-zod.mjs expects; update it, or build with --untrimmed.',
    );
  };
  const requireCount = code.match(/require\("zod"\)/g)?.length ?? 0;
  if (requireCount === 0) return { code, exports: [], locals: [] };
  if (requireCount !== 1) fail(`requires zod ${requireCount} times`);
  if (/\bzod_1\b(?!\.z\b)/.test(code.replace(ZOD_REQUIRE, ''))) fail('uses zod_1 other than as zod_1.z');

  if (/\$lazy|\$init\b|\$done\b/.test(code)) fail('already uses the names this rewrite introduces ($lazy…, …$init, …$done)');

  const statements = topLevelStatements(code);
  const exportsMade = [];
  const locals = [];
  let sawRequire = false;
  const rewritten = statements.map((statement) => {
    const text = statement.trimEnd();
    if (text === ZOD_REQUIRE) {
      sawRequire = true;
      return LAZY_ZOD;
    }
    if (!/\bzod_1\b/.test(text)) return statement;
    if (!sawRequire) fail('uses zod_1 before requiring it', text);
    if (/^(async\s+)?function[\s*]/.test(text)) return statement; // a declaration: zod is used when it is called
    let match = new RegExp(`^exports\\.(${IDENTIFIER}) = ([\\s\\S]*);$`).exec(text);
    if (match && !isFunction(match[2])) {
      exportsMade.push(match[1]);
      return { kind: 'export', name: match[1], expression: match[2] };
    }
    match = new RegExp(`^const (${IDENTIFIER}) = ([\\s\\S]*);$`).exec(text);
    if (match && isFunction(match[2])) return statement;
    if (match) {
      locals.push(match[1]);
      return { kind: 'local', name: match[1], expression: match[2] };
    }
    return fail('a top-level statement uses zod and is neither `exports.X = …;` nor `const X = …;`', text);
  });

  // Each local is initialised by whatever lazy code mentions it; nothing evaluated at load may mention it.
  for (const name of locals) {
    for (const statement of rewritten) {
      if (typeof statement === 'string' && mentions(statement, name)) fail(`${name} is built lazily but used at load time`, statement.trimEnd());
    }
  }
  const initialisers = (expression, self) =>
    locals
      .filter((name) => name !== self && mentions(expression, name))
      .map((name) => `${name}$init(); `)
      .join('');
  const output = rewritten.map((statement) => {
    if (typeof statement === 'string') return statement;
    const { kind, name, expression } = statement;
    if (kind === 'export') {
      return (
        `Object.defineProperty(exports, ${JSON.stringify(name)}, { enumerable: true, configurable: true, get: (() => {\n` +
        `    let $lazyDone = false, $lazyValue;\n` +
        `    return function () { if (!$lazyDone) { ${initialisers(expression)}$lazyValue = (${expression}); $lazyDone = true; } return $lazyValue; };\n` +
        `})() });`
      );
    }
    return (
      `let ${name}, ${name}$done = false;\n` +
      `function ${name}$init() { if (!${name}$done) { ${initialisers(expression, name)}${name} = (${expression}); ${name}$done = true; } }`
    );
  });
  if (!sawRequire) fail(`does not require zod as \`${ZOD_REQUIRE}\``);
  return { code: output.join('\n'), exports: exportsMade, locals };
}

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The esbuild plugin for both steps. `zodBuildOptions` are the main build's output options (target,
 * minify, keepNames), so zod is compiled as it would have been inside the bundle; `onZodInputs` receives
 * the files of that separate zod build (for the licence notices).
 */
export function lazyZodPlugin({ root, frameworkDir, zodBuildOptions, onZodInputs }) {
  const frameworkSrc = join(frameworkDir, 'src');
  const inFramework = (file) => !relative(frameworkSrc, file).startsWith('..');
  const zodEntry = createRequireFrom(frameworkDir).resolve('zod');
  const zodVersion = JSON.parse(readFileSync(join(packageRootOf(zodEntry), 'package.json'), 'utf8')).version;
  let rewritten = 0;
  return {
    name: 'lazy-zod',
    setup(pluginBuild) {
      pluginBuild.onLoad({ filter: new RegExp(`^${escapeRegExp(frameworkSrc)}[\\\\/].*\\.js$`) }, ({ path }) => {
        const result = lazyZodSchemas(readFileSync(path, 'utf8'), relative(root, path));
        if (result.exports.length || result.locals.length) rewritten++;
        // The package's own source map describes the lines before the rewrite; drop the reference to it.
        return { contents: result.code.replace(/^\/\/# sourceMappingURL=.*$/gm, ''), loader: 'js' };
      });
      pluginBuild.onResolve({ filter: /^zod(\/|$)/ }, ({ path, importer }) => {
        if (path !== 'zod' || !inFramework(importer)) {
          // A second importer would get a second, eager copy of zod, whose schemas are not the framework's.
          return { errors: [{ text: `lazy zod: ${relative(root, importer)} imports ${path}; only the framework's \`require("zod")\` is handled (build with --untrimmed, or extend tools/build/lazy-zod.mjs)` }] };
        }
        return { path: 'zod', namespace: 'deferred-zod' };
      });
      pluginBuild.onLoad({ filter: /.*/, namespace: 'deferred-zod' }, async () => {
        const zodBuild = await bundleZod(zodEntry, zodBuildOptions);
        const source = zodBuild.outputFiles[0].text;
        if (/\brequire\s*\(/.test(source)) throw new Error(`lazy zod: zod ${zodVersion} now requires other modules; the deferred copy cannot resolve them (update tools/build/lazy-zod.mjs)`);
        onZodInputs?.(Object.keys(zodBuild.metafile.inputs));
        return {
          loader: 'js',
          contents: [
            `// zod ${zodVersion}, bundled by tools/build/lazy-zod.mjs and compiled on the first require (the first read of a framework schema).`,
            `const zodModule = { exports: {} };`,
            `require("node:vm").compileFunction(${JSON.stringify(source)}, ["exports", "module"], { filename: __filename + "#zod@${zodVersion}" }).call(zodModule.exports, zodModule.exports, zodModule);`,
            `module.exports = zodModule.exports;`,
          ].join('\n'),
        };
      });
      pluginBuild.onEnd((result) => {
        if (result.errors.length === 0 && rewritten === 0) {
          result.errors.push({ text: `lazy zod: no file of ${relative(root, frameworkSrc)} was rewritten; the framework's layout changed (update tools/build/lazy-zod.mjs, or build with --untrimmed)` });
        }
      });
    },
  };
}

const zodBuilds = new Map();

/** zod as one CommonJS file; built once per process and options (piece-bundle.mjs bundles it twice: the piece and the check). */
function bundleZod(entry, options) {
  const key = JSON.stringify([entry, options]);
  if (!zodBuilds.has(key)) {
    zodBuilds.set(
      key,
      build({ ...options, entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', write: false, metafile: true, sourcemap: false, legalComments: 'none', logLevel: 'warning' }),
    );
  }
  return zodBuilds.get(key);
}

function packageRootOf(file) {
  const match = /^(.*[\\/]node_modules[\\/](?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(file);
  if (!match) throw new Error(`lazy zod: ${file} is not inside node_modules`);
  return match[1];
}
