// The backend-call policy of the end-to-end files that inject faults: attempts cut short (300 ms)
// and retried quickly, so that a fault costs a test well under a second, and a breaker that never
// opens, so that each test stands alone (the breaker has its own file).
export const FAST_FAULT_POLICY = {
  BACKEND_TIMEOUT_MS: '300',
  BACKEND_DEADLINE_MS: '3000',
  BACKEND_RETRIES: '2',
  BACKEND_RETRY_BASE_MS: '50',
  WRITE_SETTLE_LIMIT_MS: '4000',
  BREAKER_MIN_RPS: '10000',
};
