// A stand-in piece package for testing the child process itself: plain CommonJS, no framework. Its
// export's constructor is named `Piece`, which is all extractPieceFromModule looks for, and it has the
// shape the child reads (getAction, actions, metadata, auth). Each action's `run` is JavaScript source.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FixtureAction {
  props?: Record<string, { type: string; required: boolean; options?: string }>;
  /** The body of `async run(ctx)`. */
  run: string;
}

export function writeFixturePiece(actions: Record<string, FixtureAction>, auth = 'undefined'): string {
  const dir = mkdtempSync(join(tmpdir(), 'fixture-piece-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: '@fixture/piece-probe', version: '1.2.3', main: 'src/index.js' }));
  const entries = Object.entries(actions).map(([name, action]) => {
    const props = Object.entries(action.props ?? {}).map(
      ([prop, { type, required, options }]) =>
        `${JSON.stringify(prop)}: { type: ${JSON.stringify(type)}, required: ${required}, displayName: ${JSON.stringify(prop)}${options ? `, options: ${options}` : ''} }`,
    );
    return `${JSON.stringify(name)}: { name: ${JSON.stringify(name)}, props: { ${props.join(', ')} }, async run(ctx) { ${action.run} } }`;
  });
  writeFileSync(
    join(dir, 'src/index.js'),
    `class Piece {
  constructor() { this.displayName = 'Probe'; this._actions = { ${entries.join(',\n')} }; this.auth = ${auth}; }
  actions() { return this._actions; }
  getAction(name) { return this._actions[name]; }
  metadata() { return { displayName: this.displayName, actions: this._actions }; }
}
exports.probe = new Piece();
`,
  );
  return dir;
}
