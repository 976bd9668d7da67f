import type { EntityManager } from '@mikro-orm/postgresql';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, InputType } from 'type-graphql';
import type { Viewer } from '../auth/viewer.js';
import { assertDate, viDate } from '../common/dates.js';
import { badInput, notFound } from '../common/errors.js';
import { idOf, optionalIdOf } from '../common/global-id.js';
import { Evidence, EvidenceFile } from './evidence.entity.js';

/** An official document (and/or an uploaded file) offered as evidence. */
@InputType()
export class EvidenceDocumentInput {
  @Field()
  title!: string;

  @Field(() => String, { nullable: true })
  documentNumber?: string | null;

  @Field(() => LocalDateResolver, { nullable: true })
  issuedOn?: string | null;

  @Field(() => String, { nullable: true })
  issuer?: string | null;

  @Field(() => String, { nullable: true })
  excerpt?: string | null;

  @Field(() => String, { nullable: true })
  section?: string | null;

  @Field(() => LocalDateResolver, { description: 'Ngày có hiệu lực; phải thuộc năm được đánh giá.' })
  effectiveOn!: string;

  @Field(() => ID, { nullable: true, description: 'Tệp đã tải lên.' })
  fileId?: string | null;
}

/**
 * Checks an evidence document (dates, a number or a file the caller uploaded, the year) before
 * anything is written; returns the file, if any. `field` prefixes problem fields (e.g. `documents.0`);
 * `yearName` names the year in the message ("năm đánh giá", "năm hoàn thành").
 */
export async function checkEvidenceDocument(
  em: EntityManager,
  viewer: Viewer,
  input: EvidenceDocumentInput,
  year: number,
  field = '',
  yearName = 'năm đánh giá',
): Promise<EvidenceFile | null> {
  const f = (name: string) => (field ? `${field}.${name}` : name);
  assertDate(input.effectiveOn, f('effectiveOn'));
  if (input.issuedOn) assertDate(input.issuedOn, f('issuedOn'));
  if (!input.title.trim()) throw badInput('Thiếu tên tài liệu.', { field: f('title') });
  if (Number(input.effectiveOn.slice(0, 4)) !== year)
    throw badInput(`Tài liệu có hiệu lực ngày ${viDate(input.effectiveOn)} không thuộc ${yearName} ${year}.`, { field: f('effectiveOn') });
  const fileId = optionalIdOf(input.fileId, 'EvidenceFile', f('fileId'));
  let file: EvidenceFile | null = null;
  if (fileId) {
    file = await em.findOne(EvidenceFile, { id: fileId });
    if (!file || file.uploadedBy !== viewer.userId) throw notFound('Không tìm thấy tệp đã tải lên.');
  }
  if (!file && !input.documentNumber?.trim()) throw badInput('Tài liệu cần số/ký hiệu văn bản hoặc một tệp.', { field: f('documentNumber') });
  return file;
}

/** Creates a checked evidence document of a unit (call checkEvidenceDocument first; flushes). */
export async function createEvidence(tx: EntityManager, viewer: Viewer, owner: { provinceId: string; unitId: string }, input: EvidenceDocumentInput, file: EvidenceFile | null): Promise<Evidence> {
  const evidence = tx.create(Evidence, {
    province: owner.provinceId,
    unit: owner.unitId,
    title: input.title.trim(),
    documentNumber: input.documentNumber?.trim() || null,
    issuedOn: input.issuedOn ?? null,
    issuer: input.issuer?.trim() || null,
    excerpt: input.excerpt?.trim() || null,
    section: input.section?.trim() || null,
    effectiveOn: input.effectiveOn,
    file,
    addedBy: viewer.userId,
  });
  await tx.flush();
  return evidence;
}

export interface CheckedEvidence {
  existing: Evidence[];
  documents: EvidenceDocumentInput[];
  files: (EvidenceFile | null)[];
}

/**
 * Evidence offered with an action: existing documents by global id, which must belong to
 * `unitId`, and new documents, all checked before anything is written (see `attachEvidence`).
 */
export async function checkEvidenceSet(
  em: EntityManager,
  viewer: Viewer,
  spec: { unitId: string; ids: readonly string[]; documents: readonly EvidenceDocumentInput[]; year: number; yearName: string; notOwned: string },
): Promise<CheckedEvidence> {
  const ids = spec.ids.map((id, i) => idOf(id, 'Evidence', `evidenceIds.${i}`));
  const existing = ids.length ? await em.find(Evidence, { id: { $in: ids } }) : [];
  if (existing.length !== new Set(ids).size || existing.some((e) => e.unit.id !== spec.unitId)) throw badInput(spec.notOwned, { field: 'evidenceIds' });
  const files: (EvidenceFile | null)[] = [];
  for (const [i, d] of spec.documents.entries()) files.push(await checkEvidenceDocument(em, viewer, d, spec.year, `documents.${i}`, spec.yearName));
  return { existing, documents: [...spec.documents], files };
}

/** Creates the new documents of a checked set (owned by `owner`) and returns all its evidence. */
export async function attachEvidence(tx: EntityManager, viewer: Viewer, owner: { provinceId: string; unitId: string }, checked: CheckedEvidence): Promise<Evidence[]> {
  const all = [...checked.existing];
  for (const [i, d] of checked.documents.entries()) all.push(await createEvidence(tx, viewer, owner, d, checked.files[i] ?? null));
  return all;
}
