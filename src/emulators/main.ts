// `npm run emulators`: both emulators alone, e.g. to point a separately started server at them.
import { emulatorOptionsFromEnv, startEmulators } from './index.js';

const emulators = await startEmulators(emulatorOptionsFromEnv(process.env));
console.log(JSON.stringify({ msg: 'emulators listening', flowglad: emulators.flowglad.url, flexportal: emulators.flexportal.url }));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void emulators.close().then(() => process.exit(0)));
}
