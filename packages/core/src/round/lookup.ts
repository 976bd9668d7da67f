import type { RequestContext } from '../common/context.js';
import { viewerOf } from '../common/context.js';
import { notFound } from '../common/errors.js';
import type { Scorecard } from '../scorecard/scorecard.entity.js';
import { idOf } from '../common/global-id.js';
import { UnitGroup } from '../unit/unit-group.entity.js';
import { AssessmentRound } from './assessment-round.entity.js';

/** The round behind a global id, if the caller may read it (and write it, when asked). */
export async function roundOf(ctx: RequestContext, id: string, write = false): Promise<AssessmentRound> {
  const round = await ctx.em.findOne(AssessmentRound, { id: idOf(id, 'AssessmentRound', 'roundId') });
  if (!round || !(await ctx.scope.canRead(round.province.id))) throw notFound('Không tìm thấy đợt đánh giá.');
  if (write) ctx.scope.assertWrite(round.province.id);
  return round;
}

/** A ranking group of the round's province, by code. */
export async function groupOf(ctx: RequestContext, round: AssessmentRound, code: string): Promise<UnitGroup> {
  const g = await ctx.em.findOne(UnitGroup, { province: round.province, code });
  if (!g) throw notFound(`Không tìm thấy nhóm xếp hạng "${code}".`);
  return g;
}

/** A scorecard the caller may read (a unit account only its own), by database id. */
export async function readableScorecard(ctx: RequestContext, id: string): Promise<Scorecard> {
  return ctx.services.scorecards.readable(ctx.em, viewerOf(ctx), id, await ctx.scope.readableProvinceIds());
}

/** The same, by global id. */
export const scorecardOf = (ctx: RequestContext, globalId: string) => readableScorecard(ctx, idOf(globalId, 'Scorecard', 'scorecardId'));
