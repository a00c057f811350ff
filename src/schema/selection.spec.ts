import { Kind, parse, type FieldNode, type FragmentDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { selectsSubfield, type SelectionInfo } from './selection.js';

/** The info graphql-js hands the resolver of the operation's first root field (and of same-named siblings). */
function infoOf(document: string, variableValues: Record<string, unknown> = {}): SelectionInfo {
  const definitions = parse(document).definitions;
  const operation = definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  const fields = (operation?.selectionSet.selections ?? []).filter((node): node is FieldNode => node.kind === Kind.FIELD);
  const responseKey = (field: FieldNode) => field.alias?.value ?? field.name.value;
  const fragments = definitions.filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION);
  return {
    fieldNodes: fields.filter((field) => responseKey(field) === responseKey(fields[0]!)),
    fragments: Object.fromEntries(fragments.map((fragment) => [fragment.name.value, fragment])),
    variableValues,
  };
}

const update = (selection: string, rest = '') => `mutation ($on: Boolean!) { updateCustomer(input: { id: "x" }) { ${selection} } } ${rest}`;

describe('selectsSubfield(info, "changes")', () => {
  it.each([
    ['customer only', update('customer { id } userErrors { code }'), false],
    ['changes', update('changes { field }'), true],
    ['an alias of changes', update('diff: changes { field }'), true],
    ['a field aliased "changes" that is not changes', update('changes: userErrors { code }'), false],
    ['changes inside a customer selection (another level)', update('customer { changes: id }'), false],
    ['changes in an inline fragment', update('... on UpdateCustomerPayload { changes { field } }'), true],
    ['changes in an inline fragment without type condition', update('... { changes { field } }'), true],
    ['changes in a named fragment', update('...P', 'fragment P on UpdateCustomerPayload { changes { field } }'), true],
    [
      'changes in a fragment nested in a fragment',
      update('...P', 'fragment P on UpdateCustomerPayload { ...Q } fragment Q on UpdateCustomerPayload { changes { to } }'),
      true,
    ],
    ['a named fragment without changes', update('...P', 'fragment P on UpdateCustomerPayload { customer { id } }'), false],
    ['a named fragment the document lacks (unsure: yes)', update('...Missing'), true],
    ['changes @skip(if: true)', update('changes @skip(if: true) { field }'), false],
    ['changes @skip(if: false)', update('changes @skip(if: false) { field }'), true],
    ['changes @include(if: false)', update('changes @include(if: false) { field }'), false],
    ['changes @include(if: true)', update('changes @include(if: true) { field }'), true],
    ['changes @include(if: $on), $on false', update('changes @include(if: $on) { field }'), false],
    ['changes @skip(if: $on), $on false', update('changes @skip(if: $on) { field }'), true],
    ['a skipped inline fragment holding changes', update('... @skip(if: true) { changes { field } }'), false],
    ['a skipped spread holding changes', update('...P @include(if: false)', 'fragment P on UpdateCustomerPayload { changes { field } }'), false],
  ])('%s → %s', (_label, document, expected) => {
    expect(selectsSubfield(infoOf(document, { on: false }), 'changes')).toBe(expected);
  });

  it('judges a directive on a variable that was not given as selected (unsure: yes)', () => {
    expect(selectsSubfield(infoOf(update('changes @include(if: $on) { field }'), {}), 'changes')).toBe(true);
  });

  it('looks at every field node merged under one response key', () => {
    const document = 'mutation { u: updateCustomer(input: { id: "x" }) { customer { id } } u: updateCustomer(input: { id: "x" }) { changes { field } } }';
    expect(selectsSubfield(infoOf(document), 'changes')).toBe(true);
  });
});
