import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends a Vitest run with one plain line, `vitest: N passed, N failed` (`, N skipped` when any
 * were), alone on its line, after the default reporter's summary. CI reads a run's closing line
 * to tell a run that tested something from one that did not, and does not know Vitest's own
 * summary; every figure here is counted from the run's results.
 */
export default class ClosingLineReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const testModule of testModules) {
      let tests = 0;
      for (const test of testModule.children.allTests()) {
        tests += 1;
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
        else skipped += 1;
      }
      // A file that failed to load (no test collected) counts as one failure.
      if (tests === 0 && testModule.state() === 'failed') failed += 1;
    }
    const tail = skipped > 0 ? `, ${skipped} skipped` : '';
    process.stdout.write(
      `\nvitest: ${passed} passed, ${failed} failed${tail}\n`,
    );
  }
}
