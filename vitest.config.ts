// Tests run the TypeScript sources directly; the worker pool loads the precompiled JS in dist/ (see `npm test`).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Worker-pool tests are CPU-bound; running files in parallel on 2 cores only makes timing noisier.
    fileParallelism: false,
  },
});
