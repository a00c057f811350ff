// What an operation selects below the field being resolved, read from the resolver's info.
import {
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  getDirectiveValues,
  type GraphQLResolveInfo,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';

export type SelectionInfo = Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments' | 'variableValues'>;

/**
 * Whether the field being resolved selects the subfield `name`, under any alias, through inline
 * and named fragments, with `@skip`/`@include` evaluated as graphql-js does. When in doubt (an
 * unknown fragment, a directive that cannot be evaluated) the answer is yes.
 */
export function selectsSubfield(info: SelectionInfo, name: string): boolean {
  const visited = new Set<string>();
  const selects = (set: SelectionSetNode | undefined): boolean =>
    (set?.selections ?? []).some((node) => {
      if (!included(node, info.variableValues)) return false;
      if (node.kind === Kind.FIELD) return node.name.value === name;
      if (node.kind === Kind.INLINE_FRAGMENT) return selects(node.selectionSet);
      const fragment = info.fragments[node.name.value];
      if (!fragment) return true;
      // A fragment spread twice is judged once (cycles are invalid anyway).
      if (visited.has(node.name.value)) return false;
      visited.add(node.name.value);
      return selects(fragment.selectionSet);
    });
  return info.fieldNodes.some((field) => selects(field.selectionSet));
}

/** Whether `@skip`/`@include` keep a selection; true when they cannot be evaluated. */
function included(node: SelectionNode, variables: GraphQLResolveInfo['variableValues']): boolean {
  try {
    return getDirectiveValues(GraphQLSkipDirective, node, variables)?.if !== true && getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false;
  } catch {
    return true;
  }
}
