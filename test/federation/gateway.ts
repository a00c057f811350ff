// Composes the customers and orders subgraphs and serves them with Hive Gateway (its runtime, in its own process: gateway-process.ts).
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { composeSubgraphs, type Subgraph } from '../../scripts/composition.js';
import { freePort } from '../support/net.js';

/** Composes the subgraphs and serves them. */
export async function startGateway(subgraphs: Subgraph[]) {
  const file = join(mkdtempSync(join(tmpdir(), 'supergraph-')), 'supergraph.graphql');
  writeFileSync(file, composeSubgraphs(subgraphs));
  return startGatewayWith(file);
}

/** Serves a composed supergraph file, with a gateway config file when given (e.g. gateway.config.ts, which forwards Authorization). */
export function startGatewayWith(file: string, configPath?: string) {
  return startGatewayCommand((port) => ['--import', 'tsx', 'test/federation/gateway-process.ts', file, String(port), ...(configPath ? [configPath] : [])]);
}

/** Runs a gateway (node with `args` for a free port) and waits until its /readiness answers. */
export async function startGatewayCommand(args: (port: number) => string[]) {
  const port = await freePort();
  const child = spawn(process.execPath, args(port), {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const output: string[] = [];
  child.stdout.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr.on('data', (d: Buffer) => output.push(d.toString()));
  const url = `http://127.0.0.1:${port}/graphql`;
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`hive-gateway exited:\n${output.join('')}`);
    const ready = await fetch(`http://127.0.0.1:${port}/readiness`).then((r) => r.ok, () => false);
    if (ready) break;
    await sleep(100);
    if (i === 199) throw new Error(`hive-gateway did not become ready:\n${output.join('')}`);
  }
  return {
    url,
    pid: child.pid!,
    output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
