import { defineConfig } from 'vitest/config';

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
  },
});
