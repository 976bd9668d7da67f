import type { EntityManager } from '@mikro-orm/postgresql';

/** The derived indicator fed to area-1 criteria: share of a unit's dated plan tasks completed on time. */
export const PLAN_ON_TIME_RATE = 'PLAN_ON_TIME_RATE';

export interface PlanShare {
  onTime: number;
  total: number;
}

/**
 * For each unit, its dated tasks (DATE/MONTH/QUARTER/YEAR deadlines, not cancelled) in the year's
 * plans where it is the lead, and how many were completed on or before their due date. One
 * statement for any number of units. Regular and conditional tasks have no date to be late against
 * and are not counted; a task not yet done counts as not on time.
 */
export async function planShares(em: EntityManager, unitIds: readonly string[], year: number): Promise<Map<string, PlanShare>> {
  const out = new Map<string, PlanShare>();
  if (!unitIds.length) return out;
  const rows = await em.getConnection().execute<{ lead_id: string; on_time: string; total: string }[]>(
    `select t.lead_id,
            count(*) filter (where t.status = 'DONE' and t.completed_on <= t.due_on) as on_time,
            count(*) as total
       from reform_plan_task t join reform_plan p on p.id = t.plan_id
      where p.year = ? and t.lead_id in (?) and t.due_on is not null and t.status <> 'CANCELLED'
      group by t.lead_id`,
    [year, [...unitIds]],
    'all',
    em.getTransactionContext(),
  );
  for (const r of rows) out.set(r.lead_id, { onTime: Number(r.on_time), total: Number(r.total) });
  return out;
}
