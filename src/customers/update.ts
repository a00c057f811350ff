// One update of one customer: read, check, plan, write, verify.
import { BackendError, type Backend } from './backend.js';
import type { Customer } from './model.js';
import { changeInputField, planUpdate, type CustomerPatch, type FieldChange, type UpdatePlan } from './plan.js';
import { fieldLabel, userError, type UserError } from './user-error.js';

export interface UpdateOptions {
  expectedUpdatedAt: Date | null;
  dryRun: boolean;
}

export interface UpdateResult {
  customer: Customer | null;
  changes: FieldChange[];
  userErrors: UserError[];
}

const failed = (userErrors: UserError[], customer: Customer | null = null): UpdateResult => ({
  customer,
  changes: [],
  userErrors,
});

/** Applies a patch that passed `checkPatch`. Callers serialize calls per customer. */
export async function applyUpdate(
  backend: Backend,
  externalId: string,
  patch: CustomerPatch,
  options: UpdateOptions,
): Promise<UpdateResult> {
  const current = await backend.get(externalId);
  if (!current) return failed([notFound(backend, externalId)]);
  if (options.expectedUpdatedAt && current.updatedAt?.getTime() !== options.expectedUpdatedAt.getTime()) {
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
  const planned = planUpdate(current, patch, backend.capabilities);
  if ('errors' in planned) return failed(planned.errors, current);
  const { plan } = planned;
  if (options.dryRun || plan.changes.length === 0) return { customer: current, changes: plan.changes, userErrors: [] };

  let after = current;
  try {
    if (Object.keys(plan.write).length > 0) after = await backend.update(externalId, plan.write);
    if (plan.status) after = await backend.setStatus(externalId, plan.status);
  } catch (error) {
    if (error instanceof BackendError && error.code === 'NOT_FOUND') return failed([notFound(backend, externalId)]);
    if (error instanceof BackendError && error.code === 'REJECTED') return failed(rejected(error), current);
    throw error;
  }
  return verify(backend, plan, after);
}

/** Compares what the backend returned with what was asked: nothing silently dropped is reported as done. */
function verify(backend: Backend, plan: UpdatePlan, after: Customer): UpdateResult {
  const changes: FieldChange[] = [];
  const userErrors: UserError[] = [];
  for (const change of plan.changes) {
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
  return { customer: after, changes, userErrors };
}

function valueAt(customer: Customer, field: string[]): unknown {
  const [head, part] = field as [keyof Customer, string | undefined];
  const value = customer[head];
  if (part === undefined) return value ?? null;
  return (value as Record<string, unknown> | null)?.[part] ?? null;
}

function notFound(backend: Backend, externalId: string): UserError {
  return userError(['id'], 'NOT_FOUND', `No customer "${externalId}" exists in source "${backend.source}" (or it is archived).`);
}

/** The backend refused the values: each refusal goes back to the input field it names. */
function rejected(error: BackendError): UserError[] {
  const refusals = error.rejected.length > 0 ? error.rejected : [{ field: null, message: error.message }];
  return refusals.map(({ field, message }) => ({
    field: field ? ['input', ...changeInputField(field)] : null,
    code: 'REJECTED_BY_BACKEND' as const,
    message: `${error.source} refused the value${field ? ` of ${fieldLabel(changeInputField(field))}` : ''}: ${message}`,
  }));
}
