import type { EntityManager } from '@mikro-orm/postgresql';
import { Entity, ManyToOne, Property, Unique, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../common/base.entity.js';
import { Province } from '../province/province.entity.js';
import { WorkingCalendar } from './working-days.js';

/** A province admin's edit of the shipped calendar: an extra day off, or an extra working day. */
@Entity({ tableName: 'calendar_override' })
@Unique({ properties: ['province', 'date'] })
export class CalendarOverride extends BaseEntity<'note'> {
  @ManyToOne(() => Province, { deleteRule: 'restrict' })
  province!: Rel<Province>;

  @Property({ type: 'date' })
  date!: string;

  @Property({ type: 'boolean' })
  working!: boolean;

  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @Property({ type: 'uuid' })
  setBy!: string;
}

/** The province's working-day calendar: shipped national data plus its overrides. */
export async function calendarFor(em: EntityManager, provinceId: string): Promise<WorkingCalendar> {
  const rows = await em.find(CalendarOverride, { province: provinceId });
  return new WorkingCalendar(undefined, {
    nonWorking: rows.filter((r) => !r.working).map((r) => r.date),
    working: rows.filter((r) => r.working).map((r) => r.date),
  });
}
