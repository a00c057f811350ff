// Structured logs (pino). Credentials are redacted wherever they could appear.
import { pino } from 'pino';

export function createLogger(level: string) {
  return pino({
    level,
    base: { service: 'customer-graph' },
    redact: { paths: ['*.authorization', '*.apiKey', '*.headers.authorization', '*.headers["tenant-id"]', 'settings.apiKey'], censor: '[redacted]' },
  });
}
