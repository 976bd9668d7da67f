import { createRequire } from 'node:module';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

// graphql ships CJS (index.js) and ESM (index.mjs) side by side. type-graphql and Apollo require the
// CJS one, as Node does; vite would pick the ESM one for our sources, and graphql refuses objects
// from "another realm". Point every import at the CJS entry, as Node itself resolves it.
const graphqlMain = createRequire(path.resolve(import.meta.dirname, 'packages/core/package.json')).resolve('graphql');

const src = (pkg: string) => path.resolve(import.meta.dirname, 'packages', pkg, 'src', 'index.ts');

export default defineConfig({
  resolve: {
    // Tests run the TypeScript sources; the built output is exercised by the process tests.
    alias: [
      { find: /^graphql$/, replacement: graphqlMain },
      { find: /^@par\/core$/, replacement: src('core') },
      { find: /^@par\/server$/, replacement: src('server') },
      { find: /^@par\/testing$/, replacement: src('testing') },
      // Plugins: @par/area-* and @par/preset-* resolve to their sources too.
      { find: /^@par\/((?:area|preset)-[a-z-]+)$/, replacement: path.resolve(import.meta.dirname, 'plugins/$1/src/index.ts') },
    ],
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'plugins/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['packages/testing/src/global-setup.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.test-results/vitest.json' }]] : ['default'],
  },
});
