/**
 * Three test tiers, one vitest project each (`npx vitest run --project unit`):
 * - unit: `tests/unit/**\/*.test.ts`, pure code, no database or browser (`npm run test:unit`);
 * - integration: `tests/**\/*.int.test.ts` against the real local Neo4j (`npm run test:int`);
 * - e2e: `tests/**\/*.e2e.test.ts`, the explorer in a real headless Chromium over the same Neo4j (`npm run test:e2e`).
 * The two database tiers run one after the other (groupOrder) and one file at a time: they share one Neo4j, and one
 * integration file stops and restarts it.
 */
import { defineConfig } from "vitest/config";

const withNeo4j = { globalSetup: ["tests/setup/neo4j.ts"], fileParallelism: false, hookTimeout: 240_000 };

export default defineConfig({
  test: {
    testTimeout: 60_000,
    projects: [
      {
        extends: true,
        // Unit files share their workers' module cache (isolate: false): they hold no global state between files,
        // and loading the model, the wire format and the analytics once per worker, not once per file, is most
        // of this tier's time.
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], isolate: false, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: "integration", include: ["tests/**/*.int.test.ts"], ...withNeo4j, sequence: { groupOrder: 1 } },
      },
      {
        extends: true,
        test: { name: "e2e", include: ["tests/**/*.e2e.test.ts"], ...withNeo4j, sequence: { groupOrder: 2 } },
      },
    ],
  },
});
