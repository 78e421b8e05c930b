import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { textSubsets } from './text-subsets.plugin';

export default defineConfig({
  plugins: [react(), textSubsets()],
  test: {
    projects: [
      {
        extends: true,
        // PBKDF2 (600k) and property tests take seconds on a loaded 2-core machine; 5 s timed them out.
        test: { name: 'unit', include: ['src/**/*.test.ts'], environment: 'node', testTimeout: 30_000 },
      },
      {
        extends: true,
        test: {
          name: 'ui',
          testTimeout: 30_000,
          include: ['src/**/*.test.tsx', 'test/integration/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          setupFiles: ['test/setup/dom.setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'server',
          include: ['test/server/**/*.test.ts', 'test/sync/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
