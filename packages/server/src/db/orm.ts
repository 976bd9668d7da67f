import { Migrator } from '@mikro-orm/migrations';
import { MikroORM, PostgreSqlDriver, ReflectMetadataProvider, type Options } from '@mikro-orm/postgresql';
import { entities } from '@par/core';
import { migrationsList } from '../migrations/index.js';

export function ormOptions(clientUrl: string, extra: Partial<Options> = {}): Options {
  return {
    driver: PostgreSqlDriver,
    clientUrl,
    entities: [...entities],
    extensions: [Migrator],
    metadataProvider: ReflectMetadataProvider,
    discovery: { disableDynamicFileAccess: true },
    forceUtcTimezone: true,
    allowGlobalContext: false,
    pool: { min: 0, max: 20 },
    migrations: {
      // Listed statically so src (vitest) and dist (node) run the very same migrations.
      migrationsList,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      tableName: 'mikro_orm_migrations',
      silent: true,
    },
    ...extra,
  };
}

export async function openOrm(clientUrl: string, extra: Partial<Options> = {}) {
  return MikroORM.init(ormOptions(clientUrl, extra));
}

/** Applies pending migrations; returns their names. */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const done = await orm.getMigrator().up();
  return done.map((m) => m.name);
}
