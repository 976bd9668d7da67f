import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * Whether the operation selects the field at `path` below the field being resolved (fragments
 * and inline fragments followed; directives not evaluated, so a `@skip`ped field counts as
 * selected). Lets a resolver skip loading what nobody asked for.
 */
export function selects(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  const walk = (set: SelectionSetNode | undefined, depth: number): boolean => {
    if (!set) return false;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        if (s.name.value === path[depth] && (depth === path.length - 1 || walk(s.selectionSet, depth + 1))) return true;
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        if (walk(s.selectionSet, depth)) return true;
      } else if (walk(info.fragments[s.name.value]?.selectionSet, depth)) return true;
    }
    return false;
  };
  return info.fieldNodes.some((n) => walk(n.selectionSet, 0));
}
