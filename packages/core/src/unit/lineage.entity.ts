import { Entity, Enum, Index, ManyToOne, Property, Unique, type Rel } from '@mikro-orm/core';
import { registerEnumType } from 'type-graphql';
import { BaseEntity } from '../common/base.entity.js';
import { LegalDocument } from '../legal/legal-document.entity.js';
import { Province } from '../province/province.entity.js';
import { Unit } from './unit.entity.js';

export enum LineageKind {
  /** Several units become one (hợp nhất, sáp nhập). */
  MERGE = 'MERGE',
  /** One unit becomes several (chia, tách). */
  SPLIT = 'SPLIT',
  /** Same body, new name (đổi tên). */
  RENAME = 'RENAME',
  /** A unit moves to another province or parent (chuyển giao), e.g. Kon Tum → Quảng Ngãi. */
  TRANSFER = 'TRANSFER',
  /** A unit ends without successor (giải thể, kết thúc hoạt động). */
  ABOLISH = 'ABOLISH',
}
registerEnumType(LineageKind, {
  name: 'LineageKind',
  description: 'Loại thay đổi của cơ quan, đơn vị.',
  valuesConfig: {
    MERGE: { description: 'Hợp nhất, sáp nhập' },
    SPLIT: { description: 'Chia, tách' },
    RENAME: { description: 'Đổi tên' },
    TRANSFER: { description: 'Chuyển giao (sang tỉnh hoặc cơ quan chủ quản khác)' },
    ABOLISH: { description: 'Giải thể, kết thúc hoạt động' },
  },
});

/** A change of units on a date, with its legal basis. */
@Entity({ tableName: 'lineage_event' })
export class LineageEvent extends BaseEntity<'legalDocument' | 'note'> {
  /** The province that recorded it (the successors' province; the predecessors' for ABOLISH). */
  @Index()
  @ManyToOne(() => Province, { deleteRule: 'restrict' })
  province!: Rel<Province>;

  @Enum({ items: () => LineageKind })
  kind!: LineageKind;

  /** First day the successors exist (the day after the predecessors' last day). */
  @Property({ type: 'date' })
  effectiveOn!: string;

  @ManyToOne(() => LegalDocument, { nullable: true, deleteRule: 'restrict' })
  legalDocument?: Rel<LegalDocument> | null;

  @Property({ type: 'text', nullable: true })
  note?: string | null;
}

export enum LineageRole {
  PREDECESSOR = 'PREDECESSOR',
  SUCCESSOR = 'SUCCESSOR',
}

/** One unit's part in a lineage event. Carries the unit's province (every tenant table does). */
@Entity({ tableName: 'lineage_link' })
@Unique({ properties: ['event', 'unit', 'role'] })
@Index({ properties: ['unit', 'role'] })
export class LineageLink extends BaseEntity {
  @ManyToOne(() => LineageEvent, { deleteRule: 'cascade' })
  event!: Rel<LineageEvent>;

  @ManyToOne(() => Unit, { deleteRule: 'restrict' })
  unit!: Rel<Unit>;

  @Enum({ items: () => LineageRole })
  role!: LineageRole;

  @ManyToOne(() => Province, { deleteRule: 'restrict' })
  province!: Rel<Province>;
}
