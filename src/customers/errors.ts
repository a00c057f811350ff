// Errors in a request that are not about a customer's field values (reported outside the payload).

/** A reference that cannot name a customer: malformed ID, unknown source, unusable key. */
export class InvalidReferenceError extends Error {
  constructor(
    message: string,
    readonly argument: string,
  ) {
    super(message);
    this.name = 'InvalidReferenceError';
  }
}

/** A request that asks for more than a per-request limit allows; nothing past the limit reaches a backend. */
export class RequestLimitError extends Error {
  constructor(
    message: string,
    /** The limit's configuration variable, e.g. MAX_BACKEND_READS_PER_REQUEST. */
    readonly limit: string,
    readonly max: number,
    /** The argument that went over it, when one did. */
    readonly argument: string | null = null,
  ) {
    super(message);
    this.name = 'RequestLimitError';
  }
}

export type SubscriptionRefusal = 'TOO_MANY_SUBSCRIPTIONS' | 'SHUTTING_DOWN';

/** A subscription this replica does not take: MAX_SUBSCRIPTIONS are open, or it is shutting down. */
export class SubscriptionRefusedError extends Error {
  constructor(
    readonly code: SubscriptionRefusal,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = 'SubscriptionRefusedError';
  }
}
