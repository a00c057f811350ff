// Errors in the caller's input, reported in the mutation payload with their input path.
import type { $ZodIssue } from 'zod/v4/core';
import { fieldLabel, inputPath } from './input-path.js';

export const USER_ERROR_CODES = [
  'INVALID',
  'REQUIRED',
  'TOO_SHORT',
  'TOO_LONG',
  'UNSUPPORTED_FIELD',
  'NOT_FOUND',
  'CONFLICT',
  'NOT_APPLIED',
  'CANNOT_CLEAR',
  'REJECTED_BY_BACKEND',
  'BACKEND_FAILED',
  'IDEMPOTENCY_KEY_REUSED',
] as const;
export type UserErrorCode = (typeof USER_ERROR_CODES)[number];

export interface UserError {
  field: string[] | null;
  message: string;
  code: UserErrorCode;
}

/** A user error at an input field (a path below `input`). */
export function userError(field: readonly (string | number)[], code: UserErrorCode, message: string): UserError {
  return { field: inputPath(field), code, message };
}

/** Turns zod issues (paths from the resolver's args, e.g. ["input","email"]) into user errors. */
export function fromZodIssues(issues: readonly $ZodIssue[]): UserError[] {
  return issues.map((issue) => {
    const field = issue.path.map(String);
    const label = fieldLabel(field);
    if ((issue.code === 'too_small' || issue.code === 'too_big') && issue.origin !== 'string') {
      const bound = issue.code === 'too_small' ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
      return { field, code: 'INVALID', message: `${label} must be ${bound}.` };
    }
    switch (issue.code) {
      case 'too_small':
        return {
          field,
          code: 'TOO_SHORT',
          message: Number(issue.minimum) <= 1 ? `${label} must not be empty.` : `${label} must be at least ${issue.minimum} characters long.`,
        };
      case 'too_big':
        return { field, code: 'TOO_LONG', message: `${label} must be at most ${issue.maximum} characters long.` };
      default: {
        // Checks that know their code (the text cleaning step) pass it as a parameter of their custom issue.
        const given: unknown = issue.code === 'custom' ? issue.params?.code : undefined;
        const code = USER_ERROR_CODES.find((known) => known === given) ?? 'INVALID';
        return { field, code, message: `${label} ${issue.message}` };
      }
    }
  });
}
