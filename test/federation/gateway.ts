// Composes the customers and orders subgraphs and serves them with Hive Gateway (its runtime, in its own process: gateway-process.ts).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeSubgraphs, type Subgraph } from '../../scripts/composition.js';
import { startGatewayCommand } from '../../support/gateway.js';

/** Composes the subgraphs and serves them. */
export async function startGateway(subgraphs: Subgraph[]) {
  const file = join(mkdtempSync(join(tmpdir(), 'supergraph-')), 'supergraph.graphql');
  writeFileSync(file, composeSubgraphs(subgraphs));
  return startGatewayWith(file);
}

/**
 * Serves a composed supergraph file, with a gateway config file when given (e.g. gateway.config.ts,
 * which forwards Authorization) and the environment it reads.
 */
export function startGatewayWith(file: string, configPath?: string, env: Record<string, string> = {}) {
  return startGatewayCommand((port) => ['--import', 'tsx', 'test/federation/gateway-process.ts', file, String(port), ...(configPath ? [configPath] : [])], env);
}
