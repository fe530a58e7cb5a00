import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Playwright's specs (*.spec.ts) are not vitest's.
    include: ['tests/**/*.test.ts'],
    testTimeout: 30000,
  },
})
