import { SCORE_LEAVES_SQL } from './baseline-server.js';

/**
 * The re-scoring baseline: ONE set-based statement that scores every leaf of every open card of a
 * round from its self-assessment entries and the round's snapshot (yes/no and level leaves, as the
 * generated set uses), and writes the area results and the totals and index of the stored
 * results. $1 = round. Returns the rows written.
 */
export const RESCORE_SQL = `
  with leaf as (
    select c.id as scorecard_id, c.province_id, x.area, x.max, x.source_id, x.source_version, x.points
      from scorecard c
      cross join lateral (${SCORE_LEAVES_SQL}
          from criterion_snapshot s
          left join scorecard_entry e on e.scorecard_id = c.id and e.stage = 'SELF' and e.code = s.code
         where s.round_id = c.round_id and s.group_id = c.group_id and s.method is not null) x
     where c.round_id = $1 and c.status <> 'PUBLISHED'
       and not exists (select 1 from publication p where p.round_id = c.round_id and p.group_id = c.group_id)),
  area as (
    select scorecard_id, province_id, area, min(source_id) as source_id, min(source_version) as source_version, sum(points) as points, sum(max) as max
      from leaf group by scorecard_id, province_id, area),
  a as (
    insert into scorecard_area (id, province_id, scorecard_id, stage, area, points, max, source_id, source_version)
    select gen_random_uuid(), province_id, scorecard_id, 'SELF', area, points, max, source_id, source_version from area
    on conflict (scorecard_id, stage, area) do update set points = excluded.points, max = excluded.max, source_id = excluded.source_id, source_version = excluded.source_version
    returning 1),
  r as (
    update scorecard_result x set total = t.total, max = t.max, index = t.idx, computed_at = now()
      from (select scorecard_id, sum(points) as total, sum(max) as max, round(sum(points) * 100 / nullif(sum(max), 0), 2) as idx from area group by scorecard_id) t
     where x.scorecard_id = t.scorecard_id and x.stage = 'SELF'
    returning 1)
  select (select count(*) from a)::int as areas, (select count(*) from r)::int as results`;

/**
 * Before each pair of timed re-scores (not timed): the inputs change for every open card — the
 * yes/no criterion 1.1.2 flips and the level of 1.1.1 moves on — so both sides must compute and
 * write new results, and they are compared with each other.
 */
export const CHANGE_INPUTS_SQL = `
  update scorecard_entry e
     set value = case e.code when '1.1.2' then case e.value when 'yes' then 'no' else 'yes' end
                             else case e.value when 'tot' then 'day-du' when 'day-du' then 'chua-day-du' when 'chua-day-du' then 'khong' else 'tot' end end,
         version = e.version + 1, updated_at = now()
    from scorecard c
   where c.id = e.scorecard_id and c.round_id = $1 and c.status <> 'PUBLISHED' and e.stage = 'SELF' and e.code in ('1.1.1', '1.1.2')`;

/** Before each timed re-score (not timed): the stored area points and totals of the round's self-assessments are zeroed, so both sides really rewrite them. */
export const ZERO_RESULTS_SQL = `
  with a as (
    update scorecard_area a set points = 0 from scorecard c where c.id = a.scorecard_id and c.round_id = $1 and a.stage = 'SELF' returning 1)
  update scorecard_result r set total = 0, index = 0 from scorecard c where c.id = r.scorecard_id and c.round_id = $1 and r.stage = 'SELF'`;

/** A digest of the round's stored self-assessment area results and totals, to compare both sides with the seeded values. */
export const RESCORE_DIGEST_SQL = `
  select md5(coalesce((select string_agg(a.scorecard_id::text || a.area || '=' || trim_scale(a.points)::text || '/' || trim_scale(a.max)::text, ',' order by a.scorecard_id, a.area)
                          from scorecard_area a join scorecard c on c.id = a.scorecard_id where c.round_id = $1 and a.stage = 'SELF'), '') ||
             coalesce((select string_agg(r.scorecard_id::text || '=' || trim_scale(r.total)::text || '/' || trim_scale(r.max)::text || '/' || r.index::text, ',' order by r.scorecard_id)
                          from scorecard_result r join scorecard c on c.id = r.scorecard_id where c.round_id = $1 and r.stage = 'SELF'), '')) as d`;
