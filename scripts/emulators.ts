// `npm run emulators`: both emulators alone, e.g. to point a separately started server at them.
import { loadEmulatorOptions } from '../src/config.js';
import { startEmulators } from '../src/emulators/index.js';
import { exitCannotStart, startupProblems } from '../src/startup-errors.js';

// A bad variable is told like a port in use: by name, without a stack.
const emulators = await Promise.resolve()
  .then(() => startEmulators(loadEmulatorOptions(process.env)))
  .catch((error: unknown) => exitCannotStart(startupProblems(error)));
console.log(JSON.stringify({ msg: 'emulators listening', flowglad: emulators.flowglad.url, flexportal: emulators.flexportal.url }));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void emulators.close().then(() => process.exit(0)));
}
