import { Field, Int, ObjectType } from 'type-graphql';
import { badInput } from './errors.js';
import { Inherit } from '../auth/access.js';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 50;

@Inherit()
@ObjectType('PageInfo', { description: 'Thông tin phân trang theo con trỏ.' })
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Truyền vào `after` để lấy trang tiếp theo.' })
  endCursor!: string | null;
}

/** Validates `first` (1…100) so no list can be asked for unbounded. */
export function pageSize(first: number | null | undefined): number {
  const n = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE)
    throw badInput(`Tham số "first" phải từ 1 đến ${MAX_PAGE_SIZE}.`, { field: 'first' });
  return n;
}

export const encodeCursor = (value: string) => Buffer.from(value, 'utf8').toString('base64url');
export function decodeCursor(cursor: string | null | undefined): string | null {
  if (cursor == null) return null;
  const v = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!v || encodeCursor(v) !== cursor) throw badInput('Con trỏ phân trang "after" không hợp lệ.', { field: 'after' });
  return v;
}
