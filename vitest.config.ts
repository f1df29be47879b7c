import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take longest (20–45 s each: child processes killed mid-write, a CLI process per
 * command, 200 interleaved operations of two writers), started first. On a fresh clone vitest has
 * no timings yet and would start some of them last, after the short files: the run then ends on
 * one of them with the other workers idle.
 */
const SLOW_FILES = [
  'test/security/multi-process.test.ts',
  'test/security/crash-consistency.test.ts',
  'test/integration/cli-parity.test.ts',
  'test/security/two-writers.test.ts',
  'test/security/profile-robustness.test.ts',
  'test/security/fault-matrix.test.ts',
  'test/integration/cli.test.ts',
];

class SlowFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification): number => {
      const at = SLOW_FILES.findIndex((path) => file.moduleId.endsWith(path));
      return at === -1 ? SLOW_FILES.length : at;
    };
    // Array sort is stable: the rest keep vitest's own order (by past timings where it has them).
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

// Unit and integration tests run in plain Node. Playwright specs (test/e2e) are not vitest's.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/security/**/*.test.ts', 'test/shell/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Keychain tests share one Secret Service; files run in parallel but each uses its own service name.
    pool: 'forks',
    // Most files wait on emulators, the keychain or a child CLI rather than on the CPU: three at once
    // on two cores halves the wall time (vitest's default is one fewer than the cores, here one).
    maxWorkers: 3,
    sequence: { sequencer: SlowFilesFirst },
  },
});
