import { defineConfig } from 'vitest/config'

// Each project's files share one worker and its imports (isolate: false): a fresh worker per file
// cost a run tens of CPU seconds of imports, and no file leaves module state it does not undo.
// Integration and browser tests share an engine and their demos use the engine's global names (image
// tags, named volumes), so nothing touching one engine runs at the same time: files run one at a time
// and the projects run one after the other (groupOrder). scripts/test.sh runs the export beside them:
// it runs no demo. The e2e files without a deck of their own share one (tests/support/sharedDeck.ts).
// The talk's own content (tests/talk/): every demo of the catalog, its CLI lines and its output, on the
// real engine. They run once per engine: scripts/test.sh runs the system engine's lane (unit,
// integration, talk, export) beside Docker 28's (talk again through DOCKER_HOST, then e2e;
// docs/engines.md).
const talk = ['tests/talk/**/*.test.ts']

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          isolate: false,
          include: ['tests/unit/**/*.test.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'integration',
          isolate: false,
          include: ['tests/integration/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'talk',
          isolate: false,
          include: talk,
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
          sequence: { groupOrder: 2 },
        },
      },
      // `npm run export` prints the deck from its recordings: no engine, Chromium on loopback only.
      {
        test: {
          name: 'export',
          include: ['tests/export/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          sequence: { groupOrder: 3 },
        },
      },
      // Soak tests: minutes each, run before a release (`npm run test:soak`), not on every CI run.
      {
        test: {
          name: 'soak',
          include: ['tests/soak/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 900_000,
          hookTimeout: 60_000,
          sequence: { groupOrder: 4 },
        },
      },
      {
        test: {
          name: 'e2e',
          isolate: false,
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/support/sharedDeck.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
          sequence: { groupOrder: 5 },
        },
      },
    ],
  },
})
