import { Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { badInput } from './errors.js';
import { Inherit } from '../auth/access.js';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 50;

@Inherit()
@ObjectType('PageInfo', { description: 'Thông tin phân trang theo con trỏ (Relay).' })
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field()
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Truyền vào `after` để lấy trang tiếp theo.' })
  endCursor!: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}
export interface Connection<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Builds `XConnection` and `XEdge` object types for a node type (Relay cursor connections). */
export function ConnectionOf<T extends object>(node: ClassType<T>, name: string) {
  @Inherit()
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field()
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  @Inherit()
  @ObjectType(`${name}Connection`)
  class ConnectionType {
    @Field(() => [EdgeType])
    edges!: EdgeType[];

    @Field(() => [node], { description: 'Lối tắt tới `edges.node`.' })
    nodes!: T[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'Tổng số bản ghi thỏa điều kiện lọc.' })
    totalCount!: number;
  }
  return ConnectionType;
}

/** Validates `first` (1…100) so no list can be asked for unbounded. */
export function pageSize(first: number | null | undefined): number {
  const n = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE)
    throw badInput(`Tham số "first" phải từ 1 đến ${MAX_PAGE_SIZE}.`, { field: 'first' });
  return n;
}

/** Cursors are opaque: base64url of a JSON array of the sort key. */
export const encodeCursor = (key: readonly unknown[]) => Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');

export function decodeCursor(cursor: string | null | undefined, arity: number): unknown[] | null {
  if (cursor == null) return null;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(key) && key.length === arity && encodeCursor(key) === cursor) return key;
  } catch {
    /* fall through */
  }
  throw badInput('Con trỏ phân trang "after" không hợp lệ.', { field: 'after' });
}

/** Turns `size + 1` fetched rows into a connection page. */
export function toConnection<T>(rows: T[], size: number, totalCount: number, key: (row: T) => unknown[], hasPrevious: boolean): Connection<T> {
  const nodes = rows.slice(0, size);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(key(node)), node }));
  return {
    edges,
    nodes,
    totalCount,
    pageInfo: {
      hasNextPage: rows.length > size,
      hasPreviousPage: hasPrevious,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
