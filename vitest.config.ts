import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    // Argon2id at real parameters takes about a second.
    testTimeout: 30_000,
  },
});
