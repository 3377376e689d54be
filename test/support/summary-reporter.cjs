'use strict';
/**
 * mocha's spec reporter plus one last line, alone, that scripts and people can rely on:
 * `N passed, N failed` (then `, N skipped` when any test was pending — e.g. an unreachable backend).
 *
 * Steps that ran before mocha (build, type check) and failed are named in STRATUM_TEST_EXTRA_FAILURES
 * (a JSON list) by scripts/test.mjs: they are listed and counted as failures, so the last line never
 * says "0 failed" for a run whose type check failed. The counts are also written as JSON to
 * STRATUM_TEST_SUMMARY_FILE when set, for scripts/test.mjs to refuse a run in which no test ran.
 */
const fs = require('node:fs');
const Mocha = require('mocha');

const { Spec } = Mocha.reporters;
const { EVENT_RUN_END } = Mocha.Runner.constants;

function extraFailures() {
  try {
    const names = JSON.parse(process.env.STRATUM_TEST_EXTRA_FAILURES || '[]');
    return Array.isArray(names) ? names.map(String) : [];
  } catch {
    return [];
  }
}

/** The summary line: `3 passed, 0 failed`, `3 passed, 1 failed, 2 skipped`. */
function summaryLine({ passes, failures, pending }) {
  return `${passes} passed, ${failures} failed${pending > 0 ? `, ${pending} skipped` : ''}`;
}

class SummaryReporter extends Spec {
  constructor(runner, options) {
    super(runner, options);
    // Registered after Spec's own epilogue listener, so this prints after the failure details.
    runner.once(EVENT_RUN_END, () => {
      const extra = extraFailures();
      const stats = {
        passes: this.stats.passes,
        failures: this.stats.failures + extra.length,
        pending: this.stats.pending,
      };
      for (const name of extra) process.stdout.write(`  failed outside mocha: ${name} (see its output above)\n`);
      if (this.stats.passes + this.stats.failures === 0) process.stdout.write('  no test ran\n');
      if (process.env.STRATUM_TEST_SUMMARY_FILE) fs.writeFileSync(process.env.STRATUM_TEST_SUMMARY_FILE, JSON.stringify(stats));
      process.stdout.write(`\n${summaryLine(stats)}\n`);
    });
  }
}

module.exports = SummaryReporter;
