// Starts the real emulators and the real server as child processes on free ports.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { FLEXPORTAL_KEY, FLEXPORTAL_TENANT, FLOWGLAD_KEY } from '../src/emulators/index.js';
import { LogLine } from './answer.js';

export interface Spawned {
  child: ChildProcess;
  /** Every stdout/stderr line so far (for assertions and failure reports). */
  output: string[];
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** `npm run serve` exactly as package.json has it: the production build, flags and all. */
export const SERVE = 'npm run serve';

/** What `npm run build` compiles into dist/ (see tsconfig.build.json), and the marks of a build and of one under way. */
const BUILD_INPUTS = ['src', 'package.json', 'tsconfig.json', 'tsconfig.build.json'];
const BUILT = 'dist/.built';
const BUILDING = 'tmp/building';

const newestChange = (path: string): number => {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path, { recursive: true, encoding: 'utf8' }).map((name) => statSync(join(path, name)).mtimeMs));
};

/**
 * Runs `npm run build` for SERVE unless dist/ is newer than all it is built from. Test files run
 * two at a time, and one rebuilding dist/ while another's server loads it could break that
 * server: builds take turns (a directory made atomically is the token) and skip when fresh.
 */
export async function buildForServe(): Promise<void> {
  mkdirSync('tmp', { recursive: true });
  for (;;) {
    try {
      mkdirSync(BUILDING);
      break;
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
      // A token older than any build is left over from a run that was killed.
      if (Date.now() - statSync(BUILDING, { throwIfNoEntry: false })!.mtimeMs > 120_000) rmdirSync(BUILDING);
      await sleep(200);
    }
  }
  try {
    const built = statSync(BUILT, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    if (Math.max(...BUILD_INPUTS.map(newestChange)) > built) {
      execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'pipe' });
      writeFileSync(BUILT, '');
    }
  } finally {
    rmdirSync(BUILDING);
  }
}

/** The command line for an entry: TypeScript through tsx, compiled JavaScript with plain node, or SERVE. */
function commandFor(entry: string): [string, string[]] {
  if (entry === SERVE) {
    const { scripts } = z.looseObject({ scripts: z.record(z.string(), z.string()) }).parse(JSON.parse(readFileSync('package.json', 'utf8')));
    // The script execs node, so the child's pid is the server's own (for RSS readings).
    return ['sh', ['-c', scripts.serve!]];
  }
  return [process.execPath, entry.endsWith('.ts') ? ['--import', 'tsx', entry] : [entry]];
}

export interface SpawnOptions {
  /**
   * Keep reading stdout into `output` once the process is ready (default true). The bench turns
   * it off: its targets' log lines are then drained unread, as a log shipper on another machine
   * would take them, instead of being split and parsed on the two cores the targets share.
   */
  keepOutput?: boolean;
}

/** A `ready` test for a process that says `{ msg, url }` when it listens: answers the url. */
export const listeningAt =
  (msg: string) =>
  (line: Record<string, unknown>): string | undefined =>
    line.msg === msg && typeof line.url === 'string' ? line.url : undefined;

/** Runs an entry point (see `commandFor`) and waits for a stdout JSON line that `ready` accepts. */
export function spawnNode<T>(
  entry: string,
  env: Record<string, string>,
  ready: (line: Record<string, unknown>) => T | undefined,
  { keepOutput = true }: SpawnOptions = {},
): Promise<{ process: Spawned; ready: T }> {
  const [command, args] = commandFor(entry);
  const child = spawn(command, args, {
    env: { ...process.env, LOG_LEVEL: 'info', SHUTDOWN_DELAY_MS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const spawned: Spawned = {
    child,
    output,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  createInterface({ input: child.stderr! }).on('line', (line) => output.push(line));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} did not start:\n${output.join('\n')}`)), 60_000);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      output.push(line);
      let parsed: Record<string, unknown>;
      try {
        parsed = LogLine.parse(JSON.parse(line));
      } catch {
        return;
      }
      const value = ready(parsed);
      if (value !== undefined) {
        clearTimeout(timer);
        if (!keepOutput) {
          lines.close();
          child.stdout!.resume();
        }
        resolve({ process: spawned, ready: value });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with ${code}:\n${output.join('\n')}`));
    });
  });
}

/** VmRSS (now) or VmHWM (the peak so far) of a process, in MB (whole). */
export function memoryMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`))!;
  return Math.round(Number(line.split(/\s+/)[1]) / 1024);
}

export const EMULATOR_KEYS = { flowglad: FLOWGLAD_KEY, flexportal: FLEXPORTAL_KEY, tenant: FLEXPORTAL_TENANT };

export async function startEmulatorsProcess(env: Record<string, string> = {}) {
  const { process, ready } = await spawnNode('scripts/emulators.ts', { FLOWGLAD_EMULATOR_PORT: '0', FLEXPORTAL_EMULATOR_PORT: '0', ...env }, (line) => {
    const { flowglad, flexportal } = line;
    return line.msg === 'emulators listening' && typeof flowglad === 'string' && typeof flexportal === 'string' ? { flowglad, flexportal } : undefined;
  });
  return { process, ...ready };
}

/** Environment that points the server at given emulator URLs, as a deployment would configure real backends. */
export function sourcesEnv(urls: { flowglad: string; flexportal: string }): Record<string, string> {
  return {
    SOURCES: 'flowglad,flexportal',
    SOURCE_FLOWGLAD_URL: urls.flowglad,
    SOURCE_FLOWGLAD_API_KEY: EMULATOR_KEYS.flowglad,
    SOURCE_FLEXPORTAL_URL: urls.flexportal,
    SOURCE_FLEXPORTAL_API_KEY: EMULATOR_KEYS.flexportal,
    SOURCE_FLEXPORTAL_TENANT_ID: EMULATOR_KEYS.tenant,
    // The emulator enforces FlexPortal's limit itself (FLEXPORTAL_EMULATOR_RATE_LIMIT); a test of
    // the service's own budget sets one.
    SOURCE_FLEXPORTAL_RATE_LIMIT: 'none',
    // Tests of access set API_KEYS or AUTH_*, which then apply; the others call without credentials.
    ALLOW_UNAUTHENTICATED: 'true',
  };
}

/** Starts the server from its source, or (SERVE) from the build as production runs it. */
export async function startServerProcess(env: Record<string, string>, entry = 'src/main.ts', options: SpawnOptions = {}) {
  const { process, ready } = await spawnNode(entry, { PORT: '0', ...env }, listeningAt('customer-graph listening'), options);
  return { process, url: ready };
}
