import { defineConfig } from 'vitest/config'

// Store and pipeline tests share one PGlite/PostgreSQL per file; DB-heavy files are slow to boot,
// so give them room instead of flaking on a loaded 2-core machine.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
})
