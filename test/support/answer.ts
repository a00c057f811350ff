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
