// Answers and log lines read through zod instead of a cast: the shape a test relies on is checked,
// and every other key is kept for its assertions.
import { z } from 'zod';

/** A GraphQL answer whose `data` has the given shape; each error has a message and a code. */
export const graphqlAnswer = <Data extends z.ZodType>(data: Data) =>
  z.looseObject({
    data: data.nullish(),
    errors: z.array(z.looseObject({ message: z.string(), extensions: z.looseObject({ code: z.string() }) })).optional(),
  });

/** Any GraphQL answer, its `data` unread. */
export const GraphQLAnswer = graphqlAnswer(z.unknown());

/** One JSON log line (pino). */
export const LogLine = z.record(z.string(), z.unknown());

/** The JSON log lines among a process's output lines (a stack trace or a banner is skipped). */
export const logLines = (output: readonly string[]) => output.flatMap((line) => (line.startsWith('{') ? [LogLine.parse(JSON.parse(line))] : []));

/** An emulator's JSON error body that says what is wrong in one message. */
export const ErrorBody = z.looseObject({ error: z.string() });

/** FlexPortal's JSON error body: a code and a message. */
export const FlexPortalError = z.looseObject({ error: z.looseObject({ code: z.string(), message: z.string() }) });

/** An address as an emulator stores it: every part a string. */
export const StoredAddress = z.record(z.string(), z.string().nullable());

/** An emulator's REST answer carrying one customer record. */
export const CustomerBody = z.looseObject({ customer: z.record(z.string(), z.unknown()) });

/** The `data` of a GraphQL answer: there, and of the given shape. */
export const dataOf = <Data extends z.ZodType>(data: Data, answer: unknown): z.output<Data> => data.parse(z.object({ data: z.unknown() }).parse(answer).data);
