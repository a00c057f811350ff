// Starts both emulators; used by `npm run emulators`, by `npm start` on the embedded default, and by tests.
import { startEmulator, type RunningEmulator } from './control.js';
import { createFlexPortalEmulator, FLEXPORTAL_KEY, FLEXPORTAL_TENANT } from './flexportal.js';
import { createFlowgladEmulator, FLOWGLAD_KEY } from './flowglad.js';

export { FLEXPORTAL_KEY, FLEXPORTAL_TENANT, FLOWGLAD_KEY };

export interface EmulatorOptions {
  flowgladPort: number;
  flexportalPort: number;
  host?: string;
  /** FlexPortal's requests per minute before 429. */
  flexportalRateLimit?: number;
}

export interface Emulators {
  flowglad: RunningEmulator;
  flexportal: RunningEmulator;
  close(): Promise<void>;
}

export async function startEmulators(options: EmulatorOptions): Promise<Emulators> {
  const flowglad = await startEmulator(createFlowgladEmulator(), options.flowgladPort, options.host);
  const flexportal = await startEmulator(
    createFlexPortalEmulator({ rateLimitPerMinute: options.flexportalRateLimit }),
    options.flexportalPort,
    options.host,
  ).catch(async (error: unknown) => {
    await flowglad.close();
    throw error;
  });
  return { flowglad, flexportal, close: async () => void (await Promise.all([flowglad.close(), flexportal.close()])) };
}

/** Emulator settings from the environment (the defaults match the contract's embedded default). */
export function emulatorOptionsFromEnv(env: NodeJS.ProcessEnv): EmulatorOptions {
  const int = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got "${raw}".`);
    return value;
  };
  return {
    flowgladPort: int('FLOWGLAD_EMULATOR_PORT', 4010),
    flexportalPort: int('FLEXPORTAL_EMULATOR_PORT', 4020),
    flexportalRateLimit: int('FLEXPORTAL_EMULATOR_RATE_LIMIT', 100),
  };
}
