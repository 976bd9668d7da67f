import { Migrator } from '@mikro-orm/migrations';
import { MikroORM, PostgreSqlDriver, ReflectMetadataProvider, type Options } from '@mikro-orm/postgresql';
import { entities } from '@par/core';
import { migrationsList } from '../migrations/index.js';

export interface DatabaseLimits {
  /**
   * PostgreSQL `statement_timeout` (ms) of every pooled connection: a statement running longer is
   * cancelled (SQLSTATE 57014). Sent as a startup parameter by node-postgres. 0 or absent = none.
   */
  statementTimeoutMs?: number;
}

export function ormOptions(clientUrl: string, extra: Partial<Options> = {}, limits: DatabaseLimits = {}): Options {
  const timeout = limits.statementTimeoutMs ? { driverOptions: { connection: { statement_timeout: limits.statementTimeoutMs } } } : {};
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
    ...timeout,
    ...extra,
  };
}

export async function openOrm(clientUrl: string, extra: Partial<Options> = {}, limits: DatabaseLimits = {}) {
  return MikroORM.init(ormOptions(clientUrl, extra, limits));
}

/**
 * Applies pending migrations in one transaction; returns their names. The transaction lifts the
 * pool's statement timeout (`set local`), so a long migration at boot is not cancelled.
 */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const connection = orm.em.getConnection();
  const done = await connection.transactional(async (trx) => {
    await connection.execute('set local statement_timeout = 0', [], 'run', trx);
    return orm.getMigrator().up({ transaction: trx });
  });
  return done.map((m) => m.name);
}
