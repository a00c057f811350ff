// What bench/run.ts and bench/load.ts pass each other as JSON: the run asked for (argv), the figures
// answered (stdout). Schemas, so that each side reads the other's JSON checked.
import { z } from 'zod';

export const LoadRun = z.object({
  url: z.string(),
  path: z.string(),
  method: z.enum(['GET', 'POST', 'PUT']),
  /** `{{id}}` as a backend key or as this service's global ID. */
  ids: z.enum(['key', 'global']),
  body: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  connections: z.number(),
  seconds: z.number(),
});
export type LoadRun = z.infer<typeof LoadRun>;

export const LoadResult = z.object({
  requests: z.number(),
  requestsPerSec: z.number(),
  p50Ms: z.number(),
  p99Ms: z.number(),
  errors: z.number(),
  non2xx: z.number(),
});
export type LoadResult = z.infer<typeof LoadResult>;
