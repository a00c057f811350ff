// Start-up failures a person fixes by configuration, told as one "customer-graph cannot start"
// message that names the variable to change, every problem at once, never a stack trace.
import { createServer } from 'node:net';
import { ConfigError } from './config.js';
import { EmulatorStartError } from './emulators/index.js';

const EMULATOR_PORT_VARIABLE = { flowglad: 'FLOWGLAD_EMULATOR_PORT', flexportal: 'FLEXPORTAL_EMULATOR_PORT' } as const;

/** Why listening on a port chosen by `variable` (on the interface `hostVariable` names) failed, and what to change. */
export function listenProblem(variable: string, port: number, error: unknown, hostVariable = 'HOST'): string {
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  if (code === 'EADDRINUSE') return `${variable}: port ${port} is already in use; set ${variable} to a free port (0 picks any).`;
  if (code === 'EACCES') return `${variable}: no permission to listen on port ${port}; choose a port above 1023.`;
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
    return `${hostVariable}: this machine has no interface with that address; unset ${hostVariable} to listen on ${hostVariable === 'HOST' ? 'all' : 'the default'}.`;
  return `${variable}: cannot listen on port ${port} (${code || (error instanceof Error ? error.message : String(error))}).`;
}

/** The problems an error at start stands for; anything else is a bug and keeps its stack. */
export function startupProblems(error: unknown): string[] {
  if (error instanceof ConfigError) return error.message.split('\n');
  if (error instanceof EmulatorStartError) {
    return error.failures.map(({ emulator, port, error: cause }) => listenProblem(EMULATOR_PORT_VARIABLE[emulator], port, cause));
  }
  throw error;
}

/** Whether the service's own port is free, so a failed start can name it too. */
export function serverPortProblem(port: number, host: string | undefined): Promise<string | null> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (error) => resolve(listenProblem('PORT', port, error)));
    probe.listen(port, host, () => probe.close(() => resolve(null)));
  });
}

export function exitCannotStart(problems: string[]): never {
  console.error(`customer-graph cannot start:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
  process.exit(2);
}
