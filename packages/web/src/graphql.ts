import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env.d.ts';

/** Typed operations checked against schema/schema.graphql (the public contract) at build time. */
export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: { Decimal: string; LocalDate: string; DateTimeISO: string; JSONObject: Record<string, unknown> };
}>();
export type { FragmentOf, ResultOf, VariablesOf } from 'gql.tada';
