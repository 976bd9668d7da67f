import type { EntityManager } from '@mikro-orm/postgresql';
import { LocalDateResolver } from 'graphql-scalars';
import { Arg, Ctx, Field, FieldResolver, InputType, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Allow, Authenticated } from '../auth/access.js';
import { Role } from '../auth/role.js';
import type { RequestContext } from '../common/context.js';
import { viewerOf } from '../common/context.js';
import { decodeCursor, pageSize, toConnection } from '../common/connection.js';
import { assertDate } from '../common/dates.js';
import { badInput, conflict } from '../common/errors.js';
import { ProvinceType } from '../province/province.type.js';
import { LegalDocument } from './legal-document.entity.js';
import { LegalDocumentConnection, LegalDocumentType } from './legal-document.type.js';

@InputType()
export class CreateLegalDocumentInput {
  @Field({ description: 'Số/ký hiệu, ví dụ "3487/QĐ-UBND".' })
  number!: string;

  @Field(() => LocalDateResolver)
  issuedOn!: string;

  @Field({ description: 'Cơ quan ban hành, ví dụ "UBND tỉnh Khánh Hòa".' })
  issuer!: string;

  @Field({ description: 'Trích yếu.' })
  title!: string;
}

export async function createLegalDocument(em: EntityManager, provinceId: string, input: CreateLegalDocumentInput) {
  const number = input.number.trim();
  if (!number) throw badInput('Số/ký hiệu văn bản không được để trống.', { field: 'number' });
  if (!input.issuer.trim()) throw badInput('Cơ quan ban hành không được để trống.', { field: 'issuer' });
  if (!input.title.trim()) throw badInput('Trích yếu không được để trống.', { field: 'title' });
  assertDate(input.issuedOn, 'issuedOn');
  if (await em.count(LegalDocument, { number, issuedOn: input.issuedOn, issuer: input.issuer.trim() }))
    throw conflict(`Văn bản ${number} đã có.`, { field: 'number' });
  const doc = em.create(LegalDocument, {
    province: provinceId,
    number,
    issuedOn: input.issuedOn,
    issuer: input.issuer.trim(),
    title: input.title.trim(),
  });
  await em.flush();
  return doc;
}

@Resolver(() => LegalDocumentType)
export class LegalDocumentResolver {
  @Authenticated()
  @Query(() => LegalDocumentConnection, { description: 'Văn bản pháp lý của các tỉnh được xem và văn bản Trung ương, mới nhất trước.' })
  async legalDocuments(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    const size = pageSize(first);
    const cursor = decodeCursor(after, 2) as [string, string] | null;
    const provinces = [...(await ctx.scope.readableProvinceIds())];
    const where = { $or: [{ province: { $in: provinces } }, { province: null }] };
    const qb = ctx.em.createQueryBuilder(LegalDocument, 'd').select('d.*').where(where);
    const count = qb.clone();
    if (cursor) qb.andWhere('(d.issued_on, d.id) < (?::date, ?::uuid)', cursor);
    qb.orderBy([{ issuedOn: 'desc' }, { id: 'desc' }]).limit(size + 1);
    const [rows, total] = await Promise.all([qb.getResultList(), count.getCount()]);
    return toConnection(rows, size, total, (d) => [d.issuedOn, d.id], cursor != null);
  }

  @Allow([Role.ADMIN], 'province')
  @Mutation(() => LegalDocumentType, { description: 'Ghi nhận một văn bản pháp lý của tỉnh.' })
  createLegalDocument(@Arg('input') input: CreateLegalDocumentInput, @Ctx() ctx: RequestContext) {
    return createLegalDocument(ctx.em, viewerOf(ctx).provinceId, input);
  }

  @FieldResolver(() => ProvinceType, { nullable: true, description: 'Null với văn bản Trung ương.' })
  province(@Root() d: LegalDocument, @Ctx() ctx: RequestContext) {
    return d.province ? ctx.loaders.province.load(d.province.id) : null;
  }
}
