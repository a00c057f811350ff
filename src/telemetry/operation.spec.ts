import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { OperationLabels, operationOf } from './operation.js';

describe('operationOf', () => {
  it('finds the operation selected by name, or the only one', () => {
    const document = parse('query A { a } mutation B { b }');
    expect(operationOf(document, 'B')).toEqual({ name: 'B', type: 'mutation' });
    expect(operationOf(parse('{ a }'), undefined)).toEqual({ name: null, type: 'query' });
    expect(operationOf(document, null)).toEqual({ name: null, type: null });
  });
});

describe('OperationLabels', () => {
  it('keeps plain names as their own label, anonymous as "anonymous"', () => {
    const labels = new OperationLabels(10);
    expect(labels.label('CustomerByExternalId')).toBe('CustomerByExternalId');
    expect(labels.label(null)).toBe('anonymous');
  });

  it('counts names past the limit, over 64 characters, or named like a label of its own as "other"', () => {
    const labels = new OperationLabels(2);
    expect(labels.label('A')).toBe('A');
    expect(labels.label('B')).toBe('B');
    expect(labels.label('C')).toBe('other');
    // Those seen keep their label.
    expect(labels.label('A')).toBe('A');
    const fresh = new OperationLabels(10);
    expect(fresh.label(`Q${'x'.repeat(64)}`)).toBe('other');
    expect(fresh.label('anonymous')).toBe('other');
    expect(fresh.label('other')).toBe('other');
  });
});
