import type { MikroORM } from '@mikro-orm/postgresql';
import { AssessmentRound, Province, rankingExport, type PresetRegistry, type RankingService, UnitGroup, UserError } from '@par/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequestHandler } from 'express';
import { createHmac, timingSafeEqual } from 'node:crypto';

const FORMATS = new Set(['json', 'csv', 'xlsx', 'docx']);

const mac = (secret: string, fields: string[]) => createHmac('sha256', secret).update(fields.map(encodeURIComponent).join('|')).digest('hex');

/** A signed, 5-minute link to a ranking export; issued by GraphQL only to someone allowed to read the ranking. */
export function signRankingExport(secret: string, p: { roundId: string; group: string; provisional: boolean; format: string; userId: string }, now: Date): string {
  const exp = String(Math.floor(now.getTime() / 1000) + 300);
  const fields = [p.roundId, p.group, p.provisional ? '1' : '0', p.format, p.userId, exp];
  const q = new URLSearchParams({ r: p.roundId, g: p.group, p: fields[2]!, f: p.format, u: p.userId, exp, sig: mac(secret, fields) });
  return `/exports/ranking?${q.toString()}`;
}

/** Verifies the link and regenerates the export from stored results (nothing is kept on disk). */
export function createRankingExportHandler(options: { orm: MikroORM; presets: PresetRegistry; ranking: RankingService; secret: string; now: () => Date }): RequestHandler {
  return async (req, res, next) => {
    const q = req.query as Record<string, string | undefined>;
    const fields = [q.r ?? '', q.g ?? '', q.p ?? '', q.f ?? '', q.u ?? '', q.exp ?? ''];
    const want = Buffer.from(mac(options.secret, fields), 'hex');
    const got = Buffer.from(/^[0-9a-f]{64}$/.test(q.sig ?? '') ? q.sig! : '', 'hex');
    const error = (status: number, code: string, message: string) => res.status(status).json({ errors: [{ message, extensions: { code } }] });
    if (got.length !== want.length || !timingSafeEqual(got, want) || !FORMATS.has(q.f ?? '')) return error(403, 'FORBIDDEN', 'Đường dẫn tải không hợp lệ.');
    if (Number(q.exp) * 1000 < options.now().getTime()) return error(410, 'LINK_EXPIRED', 'Đường dẫn tải đã hết hạn; hãy lấy đường dẫn mới.');
    try {
      const em = options.orm.em.fork() as unknown as EntityManager;
      const round = await em.findOne(AssessmentRound, { id: q.r! });
      const group = round ? await em.findOne(UnitGroup, { province: round.province, code: q.g! }) : null;
      const preset = round ? options.presets.get(round.presetId) : undefined;
      if (!round || !group || !preset) return error(404, 'NOT_FOUND', 'Không tìm thấy bảng xếp hạng.');
      const province = await em.findOneOrFail(Province, { id: round.province.id });
      const ranking = await options.ranking.ranking(em, preset, round, group, q.p === '1');
      const file = await rankingExport(ranking, { province: province.name, year: round.year, group: group.code, groupName: group.name }, q.f as 'json');
      res.setHeader('Content-Type', file.mediaType);
      res.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
      res.setHeader('Cache-Control', 'private, no-store');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.send(file.data);
    } catch (e) {
      if (e instanceof UserError) return error(404, String(e.extensions.code), e.message);
      next(e);
    }
  };
}
