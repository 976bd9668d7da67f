import { isObjectType, type GraphQLSchema } from 'graphql';
import { Field, ID, InterfaceType } from 'type-graphql';
import { badInput } from './errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Relay global id: base64url of "Type:uuid". Opaque to clients; stable for a record's life. */
export const toGlobalId = (type: string, id: string) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');

/**
 * Decodes a global id, checking its type; a malformed id or one of another type is a user error
 * (BAD_USER_INPUT naming the argument), never a database error.
 */
export function fromGlobalId(globalId: string, expected: string | readonly string[], field = 'id'): { type: string; id: string } {
  const types = typeof expected === 'string' ? [expected] : expected;
  const text = /^[A-Za-z0-9_-]{1,200}$/.test(globalId) ? Buffer.from(globalId, 'base64url').toString('utf8') : '';
  const sep = text.indexOf(':');
  const type = text.slice(0, sep);
  const id = text.slice(sep + 1);
  if (sep < 1 || !UUID.test(id) || toGlobalId(type, id) !== globalId)
    throw badInput(`Mã định danh "${globalId.slice(0, 64)}" không hợp lệ.`, { field });
  if (!types.includes(type))
    throw badInput(`Mã định danh "${globalId.slice(0, 64)}" không phải là ${types.join(' hoặc ')}.`, { field });
  return { type, id };
}

/** Shortcut: the UUID behind a global id of the given type. */
export const idOf = (globalId: string, type: string | readonly string[], field = 'id') =>
  fromGlobalId(globalId, type, field).id;

/** Same as idOf, but an absent value stays absent. */
export const optionalIdOf = (globalId: string | null | undefined, type: string, field = 'id') =>
  globalId == null ? globalId : idOf(globalId, type, field);

/**
 * Records reachable by `node(id)`. Entity class names equal GraphQL type names, so the type of a
 * returned entity is its constructor's name.
 */
@InterfaceType('Node', {
  description: 'Bản ghi có mã định danh toàn cục, lấy lại được bằng `node(id)`.',
  resolveType: (value: object) => value.constructor.name,
})
export abstract class NodeInterface {
  @Field(() => ID, { description: 'Mã định danh toàn cục (mờ, ổn định).' })
  id!: string;
}

/**
 * Makes the `id` of every type implementing Node a global id, in one place: resolvers keep
 * returning entities with their UUIDs.
 */
export function applyGlobalIds(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || !type.getInterfaces().some((i) => i.name === 'Node')) continue;
    const field = type.getFields().id;
    if (!field) continue;
    const name = type.name;
    field.resolve = (source: { id: string }) => toGlobalId(name, source.id);
  }
  return schema;
}
