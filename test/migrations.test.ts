import { createTestDatabase } from '@par/testing';
import { describe, expect, it } from 'vitest';
import { openOrm } from '@par/server';

describe('migrations', () => {
  it('the checked-in migrations produce exactly the schema the entities describe (no drift)', async () => {
    const db = await createTestDatabase(); // cloned from the template migrated in global setup
    const orm = await openOrm(db.url);
    try {
      const pending = await orm.getMigrator().getPendingMigrations();
      expect(pending).toEqual([]);
      const diff = await orm.schema.getUpdateSchemaSQL({ wrap: false, safe: false, dropTables: true });
      expect(diff.trim()).toBe('');
    } finally {
      await orm.close(true);
      await db.drop();
    }
  });

  it('the database speaks Vietnamese: UTF-8, correct case folding', async () => {
    const db = await createTestDatabase();
    const orm = await openOrm(db.url);
    try {
      const [row] = await orm.em.getConnection().execute(
        `select lower('ĐÀ NẴNG KHÁNH HÒA') as l, pg_encoding_to_char(encoding) as enc from pg_database where datname = current_database()`,
      );
      expect(row).toEqual({ l: 'đà nẵng khánh hòa', enc: 'UTF8' });
    } finally {
      await orm.close(true);
      await db.drop();
    }
  });
});
