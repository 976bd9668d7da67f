import { ErrorCode } from '@par/core';
import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

/**
 * Validation rules that bound an operation's shape before anything runs. Both expand fragments
 * (each fragment is measured once and memoized, so a document cannot make them work exponentially)
 * and tolerate fragment cycles (reported by graphql's own NoFragmentCyclesRule).
 */

const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

function fragmentWalker<T>(
  context: ValidationContext,
  measure: (set: SelectionSetNode, spread: (name: string) => T) => T,
  zero: T,
) {
  const memo = new Map<string, T>();
  const active = new Set<string>();
  const spread = (name: string): T => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    const fragment: FragmentDefinitionNode | null | undefined = context.getFragment(name);
    if (!fragment || active.has(name)) return zero;
    active.add(name);
    const value = measure(fragment.selectionSet, spread);
    active.delete(name);
    memo.set(name, value);
    return value;
  };
  return (set: SelectionSetNode) => measure(set, spread);
}

/**
 * Depth = the number of fields on the longest path (`{ me { province { name } } }` is 3). Inline
 * fragments and fragment spreads add no level of their own. With `skipIntrospection`, `__schema` and
 * `__type` count as one level whatever is nested in them (GraphiQL's introspection query is deep).
 */
export function depthLimitRule(maxDepth: number, skipIntrospection: boolean): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const measure = (set: SelectionSetNode, spread: (name: string) => number): number => {
      let max = 0;
      for (const sel of set.selections) {
        let d = 0;
        if (sel.kind === Kind.FIELD) {
          const inner = sel.selectionSet && !(skipIntrospection && INTROSPECTION_ROOTS.has(sel.name.value));
          d = 1 + (inner ? measure(sel.selectionSet!, spread) : 0);
        } else if (sel.kind === Kind.INLINE_FRAGMENT) d = measure(sel.selectionSet, spread);
        else d = spread(sel.name.value);
        if (d > max) max = d;
      }
      return max;
    };
    const depthOf = fragmentWalker(context, measure, 0);
    return {
      OperationDefinition(node) {
        const depth = depthOf(node.selectionSet);
        if (depth > maxDepth)
          context.reportError(
            new GraphQLError(
              `Truy vấn lồng quá sâu: ${depth} cấp, tối đa ${maxDepth} cấp. Hãy tách thành các truy vấn nông hơn.`,
              { nodes: [node], extensions: { code: ErrorCode.QUERY_TOO_DEEP, depth, maxDepth } },
            ),
          );
        return false;
      },
    };
  };
}

/** Counts every alias of an operation, a fragment's aliases once per spread of it. */
export function aliasLimitRule(maxAliases: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const measure = (set: SelectionSetNode, spread: (name: string) => number): number => {
      let n = 0;
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) n += (sel.alias ? 1 : 0) + (sel.selectionSet ? measure(sel.selectionSet, spread) : 0);
        else if (sel.kind === Kind.INLINE_FRAGMENT) n += measure(sel.selectionSet, spread);
        else n += spread(sel.name.value);
      }
      return n;
    };
    const aliasesOf = fragmentWalker(context, measure, 0);
    return {
      OperationDefinition(node) {
        const aliases = aliasesOf(node.selectionSet);
        if (aliases > maxAliases)
          context.reportError(
            new GraphQLError(
              `Truy vấn dùng quá nhiều bí danh (alias): ${aliases}, tối đa ${maxAliases} trong một thao tác.`,
              { nodes: [node], extensions: { code: ErrorCode.TOO_MANY_ALIASES, aliases, maxAliases } },
            ),
          );
        return false;
      },
    };
  };
}
