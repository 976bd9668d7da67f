import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261122000209_Init } from './Migration20261122000209_Init.js';

/** Every migration, in order. `pnpm migration:create` writes a new file; add it here. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261122000209_Init', class: Migration20261122000209_Init },
];
