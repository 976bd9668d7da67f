import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Allow, findAccessViolations, Public, Role } from '@par/core';
import { Field, ObjectType, Query, Resolver, buildSchemaSync } from 'type-graphql';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './config.js';
import { buildPlatformSchema, printPlatformSchema } from './schema.js';

describe('public contract', () => {
  it('schema/schema.graphql matches the code (run `pnpm schema:print` after a deliberate change)', async () => {
    const checkedIn = await readFile(path.join(PROJECT_ROOT, 'schema', 'schema.graphql'), 'utf8');
    expect(printPlatformSchema()).toBe(checkedIn);
  });
});

describe('field-rule coverage (default deny)', () => {
  it('every field of the platform schema has an access rule', () => {
    const schema = buildPlatformSchema();
    expect(findAccessViolations(schema)).toEqual([]);
    // And the walk really visits the schema: it saw every root field.
    const roots = [schema.getQueryType()!, schema.getMutationType()!].flatMap((t) => Object.keys(t.getFields()));
    expect(roots).toEqual(expect.arrayContaining(['health', 'me', 'login', 'logout', 'users', 'createUser']));
  });

  it('reports a root field without a rule and an object field with neither field nor type rule', () => {
    @ObjectType('Unruled')
    class Unruled {
      @Field()
      secret!: string;
    }
    @Resolver()
    class Leaky {
      @Query(() => Unruled)
      leaky(): Unruled {
        return { secret: 'x' };
      }
      @Allow([Role.ADMIN], 'province')
      @Query(() => String)
      guarded(): string {
        return 'ok';
      }
      @Public()
      @Query(() => String)
      open(): string {
        return 'ok';
      }
    }
    const schema = buildSchemaSync({ resolvers: [Leaky] as [Function], validate: false });
    expect(findAccessViolations(schema)).toEqual([
      { type: 'Query', field: 'leaky', problem: 'root field without rule' },
      { type: 'Unruled', field: 'secret', problem: 'no field rule and no type rule' },
    ]);
  });
});
