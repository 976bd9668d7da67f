import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/** Small key/value facts about this installation (e.g. when demo data was loaded). */
@Entity({ tableName: 'app_meta' })
export class AppMeta {
  [OptionalProps]?: 'updatedAt';

  @PrimaryKey({ type: 'text' })
  key!: string;

  @Property({ type: 'text' })
  value!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt: Date = new Date();
}
