import { applyGlobalIds, enforceAccess, findAccessViolations, resolvers } from '@par/core';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchemaSync } from 'type-graphql';

/**
 * Builds the executable schema from the explicitly listed resolvers and installs the access
 * checks. Boot fails when a field has no access rule, so nothing reaches production unguarded.
 */
export function buildPlatformSchema(): GraphQLSchema {
  const schema = buildSchemaSync({
    resolvers: [...resolvers] as unknown as [Function, ...Function[]],
    validate: { forbidUnknownValues: false },
    emitSchemaFile: false,
  });
  const missing = findAccessViolations(schema);
  if (missing.length)
    throw new Error(
      `Fields without an access rule: ${missing.map((m) => `${m.type}.${m.field} (${m.problem})`).join(', ')}`,
    );
  return enforceAccess(applyGlobalIds(schema));
}

/** The public contract as checked into schema/schema.graphql. */
export function printPlatformSchema(schema: GraphQLSchema = buildPlatformSchema()): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
