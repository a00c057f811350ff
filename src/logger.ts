// Structured logs (pino). Credentials are redacted wherever they could appear; every line
// written while a request is handled carries its request id.
import { pino, type DestinationStream } from 'pino';
import { requestLogFields } from './telemetry/request-scope.js';

export function createLogger(level: string, destination?: DestinationStream) {
  const options = {
    level,
    base: { service: 'customer-graph' },
    mixin: requestLogFields,
    redact: { paths: ['*.authorization', '*.apiKey', '*.headers.authorization', '*.headers["tenant-id"]', 'settings.apiKey'], censor: '[redacted]' },
  };
  // Standard output written asynchronously: lines logged while a write is in flight go out
  // together in the next one, instead of one blocking write per line (pino flushes on exit).
  return pino(options, destination ?? pino.destination({ dest: 1, sync: false }));
}
