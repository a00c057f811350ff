import { z } from 'zod';
import type { BackendFactory } from '../factory.js';
import { sourceUrl } from '../wire.js';
import { FlowgladBackend } from './client.js';
import { capabilities } from './mapping.js';

export const flowglad: BackendFactory<{ url: string; apiKey: string }> = {
  capabilities,
  settings: z.object({ url: sourceUrl, apiKey: z.string().min(1) }),
  // No documented rate limit.
  defaultRateLimit: null,
  create: (name, { url, apiKey }, policy, budget, observers) => new FlowgladBackend({ name, baseUrl: url, apiKey }, policy, budget, observers),
};
