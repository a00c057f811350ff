// Limits on what one operation may ask for: graphql-armor's depth, alias, directive, cost and
// token limits, a cap on mutation fields (each updateCustomer costs backend calls, so one
// request with many aliased mutations would multiply them), and a cap on bracket nesting (the
// parser recurses once per level: 2,000 nested brackets, well under the token limit, overflow
// its stack). graphql-js's own validation budgets are named too. A refusal is a validation
// error that names the limit: HTTP 400 under GraphQL-over-HTTP, nothing executed.
import { EnvelopArmor } from '@escape.tech/graphql-armor';
import {
  GraphQLError,
  Kind,
  Lexer,
  Source,
  TokenKind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';
import { envelop, useEnvelop, type Plugin } from 'graphql-yoga';

export interface OperationLimitsOptions {
  /**
   * Deepest field nesting: each level can multiply the backend reads.
   * @default 10
   */
  maxDepth?: number;
  /**
   * Aliases in one operation.
   * @default 30
   */
  maxAliases?: number;
  /**
   * Directives in one operation.
   * @default 50
   */
  maxDirectives?: number;
  /**
   * graphql-armor's cost estimate, the bound on the work one document can ask for.
   * @default 20000
   */
  maxCost?: number;
  /**
   * Lexical tokens in the document.
   * @default 5000
   */
  maxTokens?: number;
  /**
   * Mutation fields in one operation (aliases and fragments included): each is a backend write.
   * @default 10
   */
  maxMutations?: number;
  /**
   * Brackets ({, [, () open at once anywhere in the document: the parser recurses on each.
   * @default 100
   */
  maxNesting?: number;
}

/** graphql-armor prefixes its refusals with "Syntax Error: ", which misleads: the syntax is fine. */
const ARMOR_PREFIX = /^Syntax Error: /;

/** The error a refusal becomes: the limit's name and value, as a validation failure. */
export function limitError(message: string, limit: string, max: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit, max } });
}

/** Mutation root fields an operation selects, following fragment spreads and inline fragments. */
export function countMutationFields(selectionSet: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>, seen = new Set<string>()): number {
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (!selection.name.value.startsWith('__')) count += 1;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      count += countMutationFields(selection.selectionSet, fragments, seen);
    } else {
      const name = selection.name.value;
      const fragment = fragments[name];
      // A fragment spread twice still runs its fields once.
      if (fragment && !seen.has(name)) {
        seen.add(name);
        count += countMutationFields(fragment.selectionSet, fragments, seen);
      }
    }
  }
  return count;
}

function maxMutationsRule(max: number) {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      if (operation.operation !== 'mutation') return;
      const fragments = Object.fromEntries(context.getDocument().definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d]] : [])));
      const found = countMutationFields(operation.selectionSet, fragments);
      if (found > max) {
        context.reportError(
          limitError(`Mutation limit of ${max} exceeded, found ${found}: send at most ${max} mutation fields in one request.`, 'maxMutations', max),
        );
      }
    },
  });
}

const OPENING = new Set<string>([TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L]);
const CLOSING = new Set<string>([TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R]);

/**
 * The deepest bracket nesting of a document, read with graphql-js's own lexer (brackets inside
 * strings and comments do not count), over at most `maxTokens` tokens: the token limit refuses
 * longer documents anyway. A document the lexer cannot read is left to the parser to refuse.
 */
export function nestingOf(query: string, maxTokens: number): number {
  const lexer = new Lexer(new Source(query));
  let depth = 0;
  let deepest = 0;
  try {
    for (let token = lexer.advance(), count = 0; token.kind !== TokenKind.EOF && count <= maxTokens; token = lexer.advance(), count++) {
      if (OPENING.has(token.kind)) deepest = Math.max(deepest, ++depth);
      else if (CLOSING.has(token.kind)) depth--;
    }
  } catch {
    // A syntax error: the parser reports it, with its position.
  }
  return deepest;
}

/** Whether `query` holds more than `max` characters that open a bracket (in strings or not): if not, it cannot nest deeper. */
function openersOver(query: string, max: number): boolean {
  let found = 0;
  for (let i = 0; i < query.length; i++) {
    const c = query.charCodeAt(i);
    // { [ (
    if ((c === 123 || c === 91 || c === 40) && ++found > max) return true;
  }
  return false;
}

/** graphql-js gives up validating and answers "Validation aborted." past these budgets of its own. */
function namedAbort(error: Error): Error {
  if (error.message === 'Validation aborted.') {
    return limitError(
      'The document repeats fields too often to check that they can be merged (graphql-js compares fields of one response name pairwise, up to 500000 comparisons): send each field once.',
      'maxFieldComparisons',
      500_000,
    );
  }
  if (error.message.startsWith('Too many validation errors')) {
    return limitError('Validation stopped after 100 errors: fix these and send the document again.', 'maxValidationErrors', 100);
  }
  return error;
}

export function useOperationLimits(options: OperationLimitsOptions = {}): Plugin {
  const limits = {
    maxDepth: options.maxDepth ?? 10,
    maxAliases: options.maxAliases ?? 30,
    maxDirectives: options.maxDirectives ?? 50,
    maxCost: options.maxCost ?? 20_000,
    maxTokens: options.maxTokens ?? 5_000,
    maxMutations: options.maxMutations ?? 10,
    maxNesting: options.maxNesting ?? 100,
  };
  // Report instead of throwing: a throw from a validation rule escapes validation and is
  // answered as an execution error (HTTP 200); the token limit runs in the parser, where
  // throwing is the only way out and is answered as a request error.
  const reject = (limit: string, max: number) => ({
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) => {
        const refusal = limitError(error.message.replace(ARMOR_PREFIX, ''), limit, max);
        if (!context) throw refusal;
        context.reportError(refusal);
      },
    ],
  });
  const armor = new EnvelopArmor({
    maxDepth: { n: limits.maxDepth, ...reject('maxDepth', limits.maxDepth) },
    maxAliases: { n: limits.maxAliases, ...reject('maxAliases', limits.maxAliases) },
    maxDirectives: { n: limits.maxDirectives, ...reject('maxDirectives', limits.maxDirectives) },
    costLimit: { maxCost: limits.maxCost, ...reject('maxCost', limits.maxCost) },
    maxTokens: { n: limits.maxTokens, ...reject('maxTokens', limits.maxTokens) },
    // Suggestions help people exploring the (public, introspectable) schema.
    blockFieldSuggestion: { enabled: false },
  });
  return {
    onPluginInit({ addPlugin }) {
      addPlugin(useEnvelop(envelop({ plugins: armor.protect().plugins })));
      // After armor's, whose parser (it counts tokens) replaces any parse function set before it.
      addPlugin({
        onParse({ parseFn, setParseFn }) {
          // Inside the parse step, so the refusal is answered like a syntax error or the token limit.
          setParseFn((source, parseOptions) => {
            const query = typeof source === 'string' ? source : source.body;
            // Lexing costs: only a document with enough opening characters can be too deep.
            const found = openersOver(query, limits.maxNesting) ? nestingOf(query, limits.maxTokens) : 0;
            if (found > limits.maxNesting) {
              throw limitError(
                `Nesting limit of ${limits.maxNesting} exceeded, found ${found}: nest brackets at most ${limits.maxNesting} deep.`,
                'maxNesting',
                limits.maxNesting,
              );
            }
            return parseFn(source, parseOptions);
          });
        },
      });
    },
    onValidate({ addValidationRule }) {
      addValidationRule(maxMutationsRule(limits.maxMutations));
      return ({ result, setResult }) => {
        if (result.some((error) => namedAbort(error) !== error)) setResult(result.map(namedAbort));
      };
    },
  };
}
