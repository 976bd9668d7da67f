import { DateTimeISOResolver, JSONObjectResolver } from 'graphql-scalars';
import { Arg, Ctx, Field, FieldResolver, ObjectType, Resolver, Root } from 'type-graphql';
import { Inherit } from '../auth/access.js';
import { User } from '../auth/user.entity.js';
import type { RequestContext } from '../common/context.js';
import { dec, DecimalScalar, type Decimal } from '../common/decimal.js';
import { notFound } from '../common/errors.js';
import { CriterionSnapshot } from '../criteria/criteria.entity.js';
import { indicatorsForUnits } from '../indicator/indicator.service.js';
import { EvidenceLink } from '../scorecard/evidence.entity.js';
import { Scorecard, ScorecardEntry, ScorecardResult, Stage } from '../scorecard/scorecard.entity.js';
import { EvidenceType, ScorecardType } from '../scorecard/scorecard.type.js';

@Inherit()
@ObjectType('BreakdownStage', { description: 'Giá trị và điểm của tiêu chí ở một vòng, ai nhập, khi nào, vì sao.' })
export class BreakdownStageType {
  @Field()
  stage!: string;

  @Field(() => String, { nullable: true })
  value!: string | null;

  @Field(() => JSONObjectResolver, { description: 'Các biến đã nhập.' })
  variables!: Record<string, string>;

  @Field()
  notApplicable!: boolean;

  @Field(() => DecimalScalar, { nullable: true, description: 'Điểm tính được ở vòng này.' })
  points!: Decimal | null;

  @Field(() => String, { nullable: true, description: 'Lý do tính điểm của plugin.' })
  reason!: string | null;

  @Field(() => String, { nullable: true, description: 'Ghi chú, lý do điều chỉnh hoặc giải trình.' })
  comment!: string | null;

  @Field(() => String, { nullable: true })
  author!: string | null;

  @Field(() => DateTimeISOResolver, { nullable: true })
  at!: Date | null;
}

@Inherit()
@ObjectType('CriterionBreakdown', { description: 'Vì sao tiêu chí được số điểm này: đầu vào, từng vòng, plugin, tài liệu, điều chỉnh.' })
export class CriterionBreakdownType {
  @Field()
  code!: string;

  @Field()
  title!: string;

  @Field(() => DecimalScalar)
  max!: Decimal;

  @Field(() => JSONObjectResolver, { nullable: true, description: 'Phương pháp chấm và tham số.' })
  method!: Record<string, unknown> | null;

  @Field({ description: 'Plugin hoặc bộ tiêu chí và phiên bản, ví dụ khanh-hoa/area-procedures@2025.1.0.' })
  source!: string;

  @Field(() => JSONObjectResolver, { description: 'Chỉ số bên ngoài mà tiêu chí dùng, với giá trị của năm đánh giá.' })
  indicators!: Record<string, string>;

  @Field(() => [BreakdownStageType], { description: 'Tự chấm, thẩm định 1, 2 và giá trị cuối cùng.' })
  stages!: BreakdownStageType[];

  @Field(() => [EvidenceType])
  evidence!: unknown[];
}

@Resolver(() => ScorecardType)
export class BreakdownResolver {
  @FieldResolver(() => CriterionBreakdownType, { description: 'Giải thích điểm của một tiêu chí (đầu vào, các vòng, plugin, tài liệu, điều chỉnh).' })
  async breakdown(@Root() card: Scorecard, @Arg('code') code: string, @Ctx() ctx: RequestContext): Promise<CriterionBreakdownType> {
    const row = await ctx.em.findOne(CriterionSnapshot, { round: card.round, group: card.group, code });
    if (!row) throw notFound(`Không có tiêu chí "${code}" trong phiếu.`);
    const [entries, results, links, round] = await Promise.all([
      ctx.em.find(ScorecardEntry, { scorecard: card, code }),
      ctx.em.find(ScorecardResult, { scorecard: card }),
      ctx.em.find(EvidenceLink, { scorecard: card, code }, { populate: ['evidence'] }),
      ctx.loaders.round.load(card.round.id),
    ]);
    const authors = new Map((await ctx.em.find(User, { id: { $in: entries.map((e) => e.authorId) } })).map((u) => [u.id, u.displayName]));
    const m = row.method as Record<string, unknown> | null;
    const used = new Set<string>();
    const source = (m?.source ?? null) as { indicator?: string } | null;
    if (source?.indicator) used.add(source.indicator);
    if (typeof m?.indicator === 'string') used.add(m.indicator);
    const indicatorValues = used.size && round ? ((await indicatorsForUnits(ctx.em, [card.unit.id], round.year)).get(card.unit.id) ?? {}) : {};
    const stages: BreakdownStageType[] = [Stage.SELF, Stage.APPRAISAL_1, Stage.APPRAISAL_2, Stage.FINAL].flatMap((stage) => {
      const e = entries.find((x) => x.stage === stage);
      const scored = results.find((r) => r.stage === stage)?.criteria.find((c) => c.code === code);
      if (!e && !scored) return [];
      if (stage !== Stage.FINAL && !e) return [];
      return [
        {
          stage,
          value: e?.value ?? null,
          variables: e?.variables ?? {},
          notApplicable: e?.notApplicable ?? false,
          points: scored ? dec(scored.points) : null,
          reason: scored?.reason ?? null,
          comment: e?.comment ?? e?.explanation ?? null,
          author: e ? (authors.get(e.authorId) ?? null) : null,
          at: e?.updatedAt ?? null,
        },
      ];
    });
    return {
      code,
      title: row.title,
      max: row.max,
      method: m,
      source: `${row.sourceId}@${row.sourceVersion}`,
      indicators: Object.fromEntries([...used].map((k) => [k, indicatorValues[k] ? dec(indicatorValues[k]!.value as string).toFixed() : 'chưa có'])),
      stages,
      evidence: [...new Map(links.map((l) => [l.evidence.id, l.evidence])).values()],
    };
  }
}
