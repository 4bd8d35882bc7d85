// Prints the summary of one V8 .cpuprofile by module (see profile-summary.ts).
// Usage: node dist/tools/bench/cpuprofile-summary.js <file.cpuprofile> [--top N] [--json]
import { parseArgs } from 'node:util';
import { printSummary, summariseProfile } from './profile-summary';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '15' }, json: { type: 'boolean', default: false } } });
if (positionals.length !== 1) {
  console.error('usage: cpuprofile-summary.js <file.cpuprofile> [--top N] [--json]');
  process.exit(2);
}
const summary = summariseProfile(positionals[0]);
if (values.json) console.log(JSON.stringify(summary, null, 2));
else printSummary(summary, Number(values.top));
