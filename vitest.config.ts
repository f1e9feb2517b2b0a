import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // PGlite instances are large (~300 MB each); cap parallel files so 2-core CI machines stay responsive.
    maxWorkers: 2,
  },
});
