// Starts a GraphQL gateway process and waits for its readiness: the federation tests' Hive Gateway
// (test/federation/gateway.ts) and the bench's gateways (bench/run.ts) alike.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './net.js';

/** Runs a gateway (node with `args` for a free port, `env` added to ours) and waits until its /readiness answers. */
export async function startGatewayCommand(args: (port: number) => string[], env: Record<string, string> = {}) {
  const port = await freePort();
  const child = spawn(process.execPath, args(port), {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production', ...env },
  });
  const output: string[] = [];
  child.stdout.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr.on('data', (d: Buffer) => output.push(d.toString()));
  const url = `http://127.0.0.1:${port}/graphql`;
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`gateway exited:\n${output.join('')}`);
    const ready = await fetch(`http://127.0.0.1:${port}/readiness`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    await sleep(100);
    if (i === 199) throw new Error(`gateway did not become ready:\n${output.join('')}`);
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
