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
