import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { Province } from '../province/province.entity.js';
import { Unit } from '../unit/unit.entity.js';

/** Vietnamese ordering (Da, Dâ, Đà, E, Ê) independent of the database's collations. */
export const viCollator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

/** Batches look-ups within one request; one SQL statement per loader per tick, whatever the list size. */
export function createLoaders(em: EntityManager) {
  const byId = <T extends { id: string }>(load: (ids: string[]) => Promise<T[]>) =>
    new DataLoader<string, T | null>(async (ids) => {
      const rows = await load([...ids]);
      const map = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => map.get(id) ?? null);
    });
  return {
    province: byId((ids) => em.find(Province, { id: { $in: ids } })),
    unit: byId((ids) => em.find(Unit, { id: { $in: ids } })),
    unitsByProvince: new DataLoader<string, Unit[]>(async (provinceIds) => {
      const rows = await em.find(Unit, { province: { $in: [...provinceIds] } });
      const groups = new Map<string, Unit[]>(provinceIds.map((p) => [p, []]));
      for (const u of rows) groups.get(u.province.id)?.push(u);
      for (const list of groups.values()) list.sort((a, b) => viCollator.compare(a.name, b.name));
      return provinceIds.map((p) => groups.get(p) ?? []);
    }),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;
