// Starts both emulators; used by `npm run emulators`, by `npm start` on the embedded default, and by tests.
import { startEmulator, type RunningEmulator } from './control.js';
import { createFlexPortalEmulator, FLEXPORTAL_KEY, FLEXPORTAL_TENANT } from './flexportal.js';
import { createFlowgladEmulator, FLOWGLAD_KEY } from './flowglad.js';

export { FLEXPORTAL_KEY, FLEXPORTAL_TENANT, FLOWGLAD_KEY };

export interface EmulatorOptions {
  flowgladPort: number;
  flexportalPort: number;
  host?: string;
  /** FlexPortal's requests per rate window before 429 (default 100). */
  flexportalRateLimit?: number;
  /** FlexPortal's sliding rate window in milliseconds (default 60000). */
  flexportalRateWindowMs?: number;
}

export interface Emulators {
  flowglad: RunningEmulator;
  flexportal: RunningEmulator;
  close(): Promise<void>;
}

/** Emulators that could not listen (e.g. their port is in use), each with its error. */
export class EmulatorStartError extends Error {
  constructor(readonly failures: { emulator: 'flowglad' | 'flexportal'; port: number; error: unknown }[]) {
    super(`emulators failed to start: ${failures.map((f) => f.emulator).join(', ')}`);
    this.name = 'EmulatorStartError';
  }
}

/** Starts both; if either cannot listen, closes the other and reports every failure at once. */
export async function startEmulators(options: EmulatorOptions): Promise<Emulators> {
  const [flowglad, flexportal] = await Promise.allSettled([
    startEmulator(createFlowgladEmulator(), options.flowgladPort, options.host),
    startEmulator(
      createFlexPortalEmulator({ rateLimit: options.flexportalRateLimit, rateWindowMs: options.flexportalRateWindowMs }),
      options.flexportalPort,
      options.host,
    ),
  ]);
  if (flowglad.status === 'fulfilled' && flexportal.status === 'fulfilled') {
    const [a, b] = [flowglad.value, flexportal.value];
    return { flowglad: a, flexportal: b, close: async () => void (await Promise.all([a.close(), b.close()])) };
  }
  await Promise.all([flowglad, flexportal].flatMap((started) => (started.status === 'fulfilled' ? [started.value.close()] : [])));
  const failures: EmulatorStartError['failures'] = [];
  if (flowglad.status === 'rejected') failures.push({ emulator: 'flowglad', port: options.flowgladPort, error: flowglad.reason });
  if (flexportal.status === 'rejected') failures.push({ emulator: 'flexportal', port: options.flexportalPort, error: flexportal.reason });
  throw new EmulatorStartError(failures);
}
