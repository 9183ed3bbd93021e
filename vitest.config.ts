import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Pulumi's mock engine keeps process-wide state; each file gets its own worker.
    pool: "forks",
    testTimeout: 30_000,
    // GitHub's workflow parser imports its schema JSON without an import attribute, which Node
    // refuses; inlined, the import goes through Vite, which accepts it.
    server: { deps: { inline: ["@actions/workflow-parser"] } },
    hookTimeout: 30_000,
  },
});
