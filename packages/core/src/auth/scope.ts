import type { EntityManager } from '@mikro-orm/postgresql';
import { forbidden, notFound } from '../common/errors.js';
import { Province } from '../province/province.entity.js';
import { Role } from './role.js';
import type { Viewer } from './viewer.js';

/**
 * What a caller may read and write, computed once per request. Reading covers the caller's
 * province and the provinces merged into it (Quảng Ngãi's people read Kon Tum's history);
 * writing only the caller's own province. A national reader (the ministry) reads every province
 * and writes none.
 */
export class Scope {
  private readable?: Promise<Set<string>>;

  constructor(
    private readonly em: EntityManager,
    readonly viewer: Viewer | null,
  ) {}

  readableProvinceIds(): Promise<Set<string>> {
    if (!this.viewer) return Promise.resolve(new Set());
    if (this.viewer.readableProvinceIds && this.viewer.role !== Role.NATIONAL_READER) this.readable ??= Promise.resolve(new Set(this.viewer.readableProvinceIds));
    if (this.viewer.role === Role.NATIONAL_READER)
      this.readable ??= this.em.execute<{ id: string }[]>('select id from province').then((rows) => new Set(rows.map((r) => r.id)));
    this.readable ??= this.em
      .execute<{ id: string }[]>(
        `with recursive p(id) as (select ?::uuid union select pr.id from province pr join p on pr.successor_id = p.id)
         select id from p`,
        [this.viewer.provinceId],
      )
      .then((rows) => new Set(rows.map((r) => r.id)));
    return this.readable;
  }

  async canRead(provinceId: string | null | undefined): Promise<boolean> {
    if (provinceId == null) return !!this.viewer; // national records (e.g. ministry documents)
    return (await this.readableProvinceIds()).has(provinceId);
  }

  async assertRead(provinceId: string | null | undefined): Promise<void> {
    if (!(await this.canRead(provinceId))) throw forbidden('Bạn không được xem dữ liệu của tỉnh này.');
  }

  /** The province a query is about: the one named by code (if readable), else the caller's own. */
  async provinceId(code: string | null | undefined): Promise<string> {
    if (!code) return this.viewer!.provinceId;
    const p = await this.em.findOne(Province, { code });
    if (!p) throw notFound(`Không tìm thấy tỉnh có mã "${code}".`);
    await this.assertRead(p.id);
    return p.id;
  }

  assertWrite(provinceId: string): void {
    if (this.viewer?.role === Role.NATIONAL_READER) throw forbidden('Tài khoản xem toàn quốc chỉ được đọc.');
    if (this.viewer?.provinceId !== provinceId) throw forbidden('Bạn chỉ được thay đổi dữ liệu của tỉnh mình.');
  }
}
