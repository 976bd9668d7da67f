import { defineConfig } from 'vite';

// The workspace is served by the platform's own server at `/` (same origin as /graphql): no CDN,
// no fonts or scripts from elsewhere (offline intranets).
export default defineConfig({
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, assetsInlineLimit: 0 },
  server: { proxy: { '/graphql': 'http://localhost:4000', '/evidence': 'http://localhost:4000', '/exports': 'http://localhost:4000' } },
});
