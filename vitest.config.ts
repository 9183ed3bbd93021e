import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Pulumi's mock engine keeps process-wide state; each file gets its own worker.
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
