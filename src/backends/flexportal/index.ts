import { z } from 'zod';
import type { BackendFactory } from '../factory.js';
import { sourceUrl } from '../wire.js';
import { FlexPortalBackend } from './client.js';
import { capabilities } from './mapping.js';

export const flexportal: BackendFactory<{ url: string; apiKey: string; tenantId: string }> = {
  capabilities,
  settings: z.object({ url: sourceUrl, apiKey: z.string().min(1), tenantId: z.string().min(1) }),
  // The documented plan limit (Starter): 100 requests a minute per key, over it 429.
  defaultRateLimit: { count: 100, durationMs: 60_000 },
  create: (name, { url, apiKey, tenantId }, policy, budget, observers) =>
    new FlexPortalBackend({ name, baseUrl: url, apiKey, tenantId }, policy, budget, observers),
};
