// The service as in-process specs run it: over their backends, with in-process coordination and
// metrics of its own.
import { MemoryCoordination } from '../coordination/memory.js';
import type { Backend } from '../customers/backend.js';
import { CustomerService } from '../customers/service.js';
import { Metrics } from '../telemetry/metrics.js';

/** `lockWaitMs`: how long an update waits for its customer's lock (short where a spec waits for CUSTOMER_BUSY). */
export function serviceOver(backends: Backend[], lockWaitMs = 1000): CustomerService {
  const coordination = new MemoryCoordination({ waitMs: lockWaitMs, metrics: new Metrics() });
  return new CustomerService(backends, coordination, { maxConcurrentReadsPerRequest: 4, maxReadsPerRequest: 100, keys: coordination.keys(60_000) });
}
