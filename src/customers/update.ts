// One update of one customer: read when needed, check, plan, write, verify; a write whose outcome
// is unknown is resolved by reading the customer back.
import { BackendError, type Backend } from './backend.js';
import type { ChangeNotices } from './changes.js';
import { CoordinationError } from './coordination.js';
import type { Customer, CustomerStatus } from './model.js';
import { changeInputField, fieldLabel, inputPath } from './input-path.js';
import {
  inputReadReasons,
  planUpdate,
  planWithoutRead,
  type CustomerPatch,
  type FieldChange,
  type FieldWrite,
  type InputReadReason,
  type WritePlan,
} from './plan.js';
import type { WriteSettlement } from './settlement.js';
import { inSpan } from './tracing.js';
import { userError, type UserError } from './user-error.js';

export interface UpdateOptions {
  expectedUpdatedAt: Date | null;
  dryRun: boolean;
  /** The caller wants `changes`: what each field held before, which only a read tells. */
  reportChanges: boolean;
  /** When the request must be answered (epoch ms): every wait and backend call of the update shares it. */
  deadlineAt: number;
  /**
   * An earlier request with this update's idempotency key may have written (its outcome was
   * unknown): the customer is read first, so that what it stored is not written again.
   */
  afterUnknown?: boolean;
}

export interface UpdateResult {
  customer: Customer | null;
  /** Empty when the update wrote without reading (nothing was asked to be reported). */
  changes: FieldChange[];
  userErrors: UserError[];
}

/** Why an update reads the customer before writing; none: it writes directly. */
export type ReadReason = InputReadReason | 'reportChanges' | 'expectedUpdatedAt' | 'dryRun' | 'afterUnknown';

/**
 * What an update runs under: its write attempts, each sent only while its customer's lock is
 * confirmed held, its deadline (epoch ms), and the live updates told what it read and wrote.
 */
export interface UpdateGuard {
  settlement: WriteSettlement;
  deadlineAt: number;
  changes: ChangeNotices;
}

/** One backend call of an update and the fields it sets. */
interface WriteStep<Change extends FieldWrite> {
  /** Which call: the fields, or the status (named in its span). */
  kind: 'fields' | 'status';
  changes: Change[];
  /** The status the step sets (null: it writes fields). */
  status: CustomerStatus | null;
  send(): Promise<Customer>;
  /** Whether the customer as read back holds what this step wrote (null: the backend does not show it). */
  storedIn(readBack: Customer | null): boolean;
}

const failed = (userErrors: UserError[], customer: Customer | null = null): UpdateResult => ({
  customer,
  changes: [],
  userErrors,
});

/** Why this update must read the customer before writing; empty: it writes directly. */
export function readReasons(patch: CustomerPatch, backend: Backend, options: UpdateOptions): ReadReason[] {
  const reasons: ReadReason[] = [];
  if (options.reportChanges) reasons.push('reportChanges');
  if (options.expectedUpdatedAt) reasons.push('expectedUpdatedAt');
  if (options.dryRun) reasons.push('dryRun');
  if (options.afterUnknown) reasons.push('afterUnknown');
  return [...reasons, ...inputReadReasons(patch, backend.capabilities)];
}

/**
 * Applies a patch that passed `checkPatch`. Callers hold the customer's lock. The customer is
 * read first only when `readReasons` names a reason.
 */
export async function applyUpdate(
  backend: Backend,
  externalId: string,
  patch: CustomerPatch,
  options: UpdateOptions,
  guard: UpdateGuard,
): Promise<UpdateResult> {
  if (readReasons(patch, backend, options).length > 0) return readThenWrite(backend, externalId, patch, options, guard);
  // Every given value is sent and its answer verified. What the fields held before is unknown,
  // so nothing is reported as changed.
  const written = await write(backend, externalId, planWithoutRead(patch, backend.capabilities), null, guard);
  return { ...written, changes: [] };
}

/** Reads the customer, checks expectedUpdatedAt, plans from what is stored, and writes what differs. */
async function readThenWrite(backend: Backend, externalId: string, patch: CustomerPatch, options: UpdateOptions, guard: UpdateGuard): Promise<UpdateResult> {
  const current = await inSpan('customer.update.read', {}, () => backend.get(externalId, guard.deadlineAt)).catch((error: unknown) => {
    throw error instanceof BackendError ? notWritten(error) : error;
  });
  if (!current) {
    // After an unknown outcome, a customer hidden by the status asked for is that status stored.
    const hiddenAsAsked = options.afterUnknown && patch.status && backend.capabilities.hiddenStatuses.includes(patch.status);
    return hiddenAsAsked ? { customer: null, changes: [], userErrors: [] } : failed([notFound(backend, externalId)]);
  }
  guard.changes.seen(current);
  const planned = planUpdate(current, patch, backend.capabilities);
  // After an unknown outcome, a customer that holds every value asked for is that update stored:
  // its own write moved updatedAt past expectedUpdatedAt.
  const storedAlready = options.afterUnknown && !('errors' in planned) && planned.plan.changes.length === 0;
  if (options.expectedUpdatedAt && !storedAlready && current.updatedAt?.getTime() !== options.expectedUpdatedAt.getTime()) {
    return failed(
      [
        userError(
          ['expectedUpdatedAt'],
          'CONFLICT',
          `The customer was changed at ${current.updatedAt?.toISOString() ?? 'an unknown time'}, after ${options.expectedUpdatedAt.toISOString()}; read it again and retry.`,
        ),
      ],
      current,
    );
  }
  if ('errors' in planned) return failed(planned.errors, current);
  const { plan } = planned;
  if (options.dryRun || plan.changes.length === 0) return { customer: current, changes: plan.changes, userErrors: [] };
  return write(backend, externalId, plan, current, guard);
}

/** Sends a plan's steps in order and verifies each answer; `before` is the customer as read (null: not read). */
async function write<Change extends FieldWrite>(
  backend: Backend,
  externalId: string,
  plan: WritePlan<Change>,
  before: Customer | null,
  guard: UpdateGuard,
): Promise<{ customer: Customer | null; changes: Change[]; userErrors: UserError[] }> {
  let after = before;
  const changes: Change[] = [];
  const userErrors: UserError[] = [];
  let stepsDone = 0;
  for (const step of writeSteps(backend, externalId, plan, guard)) {
    let answered: Customer | null;
    try {
      // Field names only, never values.
      const attributes = { 'customer_graph.update.step': step.kind, 'customer_graph.update.fields': step.changes.map((change) => change.field.join('.')) };
      answered = await inSpan('customer.update.write', attributes, () => step.send());
    } catch (error) {
      const resolved = await resolveFailure(backend, externalId, step, error, guard);
      if ('refusal' in resolved) {
        const customer = resolved.customerGone && stepsDone === 0 ? null : after;
        return { customer, changes, userErrors: [...userErrors, ...resolved.refusal] };
      }
      if ('failure' in resolved) {
        // Nothing written yet: the update failed as a whole, outside the payload. Otherwise the
        // payload says what was written, and which part failed.
        if (stepsDone === 0) throw resolved.failure;
        return { customer: after, changes, userErrors: [...userErrors, ...partFailed(step, resolved.failure.message)] };
      }
      // Stored after all; a customer the backend no longer shows has the status it was given.
      answered = resolved.stored ?? (after && step.status ? { ...after, status: step.status } : null);
    }
    stepsDone++;
    if (!answered) {
      // Stored, but the backend no longer shows the customer and it was not read: no record to
      // show. (An update setting such a status always reads first: see inputReadReasons.)
      changes.push(...step.changes);
      continue;
    }
    after = answered;
    const verified = await inSpan('customer.update.verify', {}, async (span) => {
      const outcome = verify(backend, step.changes, answered);
      span.setAttribute('customer_graph.update.not_applied', outcome.userErrors.length);
      return outcome;
    });
    changes.push(...verified.changes);
    userErrors.push(...verified.userErrors);
    // Only a value found stored is a change; a write the backend ignored is still a read of it.
    if (verified.changes.length > 0) guard.changes.written(answered);
    else guard.changes.seen(answered);
  }
  return { customer: after, changes, userErrors };
}

function writeSteps<Change extends FieldWrite>(backend: Backend, externalId: string, plan: WritePlan<Change>, guard: UpdateGuard): WriteStep<Change>[] {
  const steps: WriteStep<Change>[] = [];
  const isStatus = (change: Change) => change.field[0] === 'status';
  if (Object.keys(plan.write).length > 0) {
    const changes = plan.changes.filter((change) => !isStatus(change));
    steps.push({
      kind: 'fields',
      changes,
      status: null,
      send: () => backend.update(externalId, plan.write, guard.settlement, guard.deadlineAt),
      storedIn: (readBack) => readBack !== null && changes.every((change) => valueAt(readBack, change.field) === change.to),
    });
  }
  const status = plan.status;
  if (status) {
    steps.push({
      kind: 'status',
      changes: plan.changes.filter(isStatus),
      status,
      send: () => backend.setStatus(externalId, status, guard.settlement, guard.deadlineAt),
      storedIn: (readBack) => (readBack === null ? backend.capabilities.hiddenStatuses.includes(status) : readBack.status === status),
    });
  }
  return steps;
}

type Resolution =
  /** The step's values are stored after all: the customer as read back (null: the backend no longer shows it). */
  | { stored: Customer | null }
  /** The backend refused the step (or does not know the customer): user errors. */
  | { refusal: UserError[]; customerGone: boolean }
  /** The step failed. */
  | { failure: Error };

/**
 * What a failed write did. A refusal of the values (or of the customer) stays one. A write that
 * provably was not applied (never sent, or refused by a 4xx: `maybeApplied` false) is
 * NOT_WRITTEN. Otherwise it may have been applied: its attempts still in flight are waited for,
 * then the customer is read back, and the values are either there (success) or the outcome is
 * UNKNOWN.
 */
async function resolveFailure(backend: Backend, externalId: string, step: WriteStep<FieldWrite>, error: unknown, guard: UpdateGuard): Promise<Resolution> {
  if (error instanceof CoordinationError) return { failure: error };
  if (!(error instanceof BackendError)) throw error;
  if (error.code === 'NOT_FOUND') return { refusal: [notFound(backend, externalId)], customerGone: true };
  if (error.code === 'REJECTED') return { refusal: rejected(error), customerGone: false };
  if (!error.maybeApplied) return { failure: notWritten(error) };
  // Its attempts still in flight are waited for first: a read before they settle could miss the
  // write. But only for half the time left before the deadline, so that the read still fits: a
  // value found stored then is stored all the same.
  const { settled, readBack } = await inSpan('customer.update.read_back', {}, async () => {
    const settled = await guard.settlement.settledBy(Date.now() + (guard.deadlineAt - Date.now()) / 2);
    return { settled, readBack: await backend.get(externalId, guard.deadlineAt).catch(() => undefined) };
  });
  if (readBack !== undefined && step.storedIn(readBack)) return { stored: readBack };
  const why =
    readBack === undefined
      ? Date.now() >= guard.deadlineAt
        ? "the request's deadline came before it could be read back"
        : 'reading it back failed too'
      : settled
        ? 'it was not found stored when read back'
        : "it was not found stored when read back, and an attempt was still unanswered at the request's deadline";
  return {
    failure: error.with(
      { outcome: 'UNKNOWN' },
      `${error.message} The write may or may not have been applied (${why}); retrying the same update is safe, since it sends absolute values.`,
    ),
  };
}

function notWritten(error: BackendError): BackendError {
  return error.with({ outcome: 'NOT_WRITTEN' }, `${error.message} Nothing was written to ${error.source}.`);
}

/** BACKEND_FAILED on each input field of a step that failed after earlier steps were written. */
function partFailed(step: WriteStep<FieldWrite>, reason: string): UserError[] {
  const fields = new Map(step.changes.map((change) => [fieldLabel(changeInputField(change.field)), changeInputField(change.field)]));
  return [...fields.values()].map((field) =>
    userError(field, 'BACKEND_FAILED', `${fieldLabel(field)} failed after the changes listed were written: ${reason}`),
  );
}

/** Compares what the backend returned with what was asked: nothing silently dropped is reported as done. */
function verify<Change extends FieldWrite>(backend: Backend, planned: Change[], after: Customer): { changes: Change[]; userErrors: UserError[] } {
  const changes: Change[] = [];
  const userErrors: UserError[] = [];
  for (const change of planned) {
    const stored = valueAt(after, change.field);
    if (stored === change.to) {
      changes.push(change);
      continue;
    }
    const field = changeInputField(change.field);
    userErrors.push(
      userError(
        field,
        'NOT_APPLIED',
        `${fieldLabel(field)} was answered as saved by ${backend.source}, but the stored value is ${JSON.stringify(stored)}, not ${JSON.stringify(change.to)}.`,
      ),
    );
  }
  return { changes, userErrors };
}

/** The value at a change's path: a field, or a part of an address. */
function valueAt(customer: Customer, field: string[]): unknown {
  const [head, part] = field;
  const value = head === undefined ? undefined : fieldOf(customer, head);
  if (part === undefined) return value ?? null;
  return isRecord(value) ? (value[part] ?? null) : null;
}

function fieldOf(customer: Customer, name: string): unknown {
  return Object.entries(customer).find(([key]) => key === name)?.[1];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function notFound(backend: Backend, externalId: string): UserError {
  return userError(['id'], 'NOT_FOUND', `No customer "${externalId}" exists in source "${backend.source}" (or it is archived).`);
}

/** The backend refused the values: each refusal goes back to the input field it names. */
function rejected(error: BackendError): UserError[] {
  const refusals = error.rejected.length > 0 ? error.rejected : [{ field: null, message: error.message }];
  return refusals.map(
    ({ field, message }): UserError => ({
      field: inputPath(field ? changeInputField(field) : []),
      code: 'REJECTED_BY_BACKEND',
      message: `${error.source} refused the value${field ? ` of ${fieldLabel(changeInputField(field))}` : ''}: ${message}`,
    }),
  );
}
