// The committed schema artifacts match the code, and the schema documents itself.
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const check = () => execFileSync(process.execPath, ['--import', 'tsx', 'scripts/print-schema.ts', '--check'], { stdio: 'pipe' });

describe('schema artifacts', () => {
  it('schema/schema.graphql and schema/subgraph.graphql are current', () => {
    expect(check).not.toThrow();
  });

  it('the check fails when a committed file drifts from the code', () => {
    const path = 'schema/subgraph.graphql';
    copyFileSync(path, `${path}.bak`);
    try {
      writeFileSync(path, readFileSync(path, 'utf8').replace('type Customer', 'type Client'));
      expect(check).toThrow(/subgraph.graphql is stale/);
    } finally {
      copyFileSync(`${path}.bak`, path);
    }
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
