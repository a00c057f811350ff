// The committed schema artifacts match the code, and the schema documents itself.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const check =
  (dir = 'schema') =>
  () =>
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/print-schema.ts', '--check', '--dir', dir], { stdio: 'pipe' });

describe('schema artifacts', () => {
  it('schema/schema.graphql and schema/subgraph.graphql are current', () => {
    expect(check()).not.toThrow();
  });

  it('the check fails when a committed file drifts from the code', () => {
    // A drifted copy, so the committed files stay untouched for tests running alongside.
    const dir = mkdtempSync(join(tmpdir(), 'schema-'));
    cpSync('schema', dir, { recursive: true });
    const path = join(dir, 'subgraph.graphql');
    writeFileSync(path, readFileSync(path, 'utf8').replace('type Customer', 'type Client'));
    expect(check(dir)).toThrow(/subgraph.graphql is stale/);
  });

  it('describes every type and field', () => {
    const lines = readFileSync('schema/schema.graphql', 'utf8').split('\n');
    const undocumented = lines
      .map((line, index) => ({ line, previous: lines[index - 1]?.trim() ?? '' }))
      .filter(({ line }) => /^(type|input|enum|interface|scalar) (?!_)/.test(line) || /^ {2}[a-zA-Z]\w*[(:]/.test(line))
      .filter(({ previous }) => !previous.endsWith('"""'));
    expect(undocumented.map(({ line }) => line.trim())).toEqual([]);
  });
});
