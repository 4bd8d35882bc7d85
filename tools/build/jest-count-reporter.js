// Writes each project's pass/fail counts to dist/test-results/<project>.json, so .ci/run can print
// one summed line: Nx hides the output of passing tasks, and CI does not read Jest's summary.
// Each file carries the run id .ci/run exports (TEST_RUN_ID), so counts left by an earlier run, or
// restored from a cache, are never summed as this run's.
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

class CountReporter {
  constructor(globalConfig) {
    this.globalConfig = globalConfig;
  }

  onRunComplete(contexts, results) {
    const [context] = [...contexts];
    const project = context?.config.displayName?.name ?? 'unknown';
    const dir = join(__dirname, '../../dist/test-results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, `${project}.json`),
      JSON.stringify({
        project,
        runId: process.env.TEST_RUN_ID ?? null,
        passed: results.numPassedTests,
        failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
        skipped: results.numPendingTests + results.numTodoTests,
      }),
    );
  }
}

module.exports = CountReporter;
