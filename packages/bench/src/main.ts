/**
 * Entry of `pnpm bench`. The platform is measured as it is deployed: NODE_ENV=production (see the
 * README's production checklist), set here before any module reads it (graphql-js, for one,
 * decides at load time whether to run its development-only checks).
 */
process.env.NODE_ENV ??= 'production';
await import('./run.js');
