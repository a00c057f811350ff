// The service's own logger (createLogger: its redaction, its request-id mixin) writing into an array.
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger.js';
import { LogLine } from '../../support/answer.js';

export function capturingLogger(level = 'info') {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({ write: (chunk: Buffer, _encoding, done) => done(void lines.push(LogLine.parse(JSON.parse(chunk.toString())))) });
  return { logger: createLogger(level, stream), lines };
}
