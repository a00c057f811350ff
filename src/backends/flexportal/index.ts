import { z } from 'zod';
import type { BackendFactory } from '../registry.js';
import { FlexPortalBackend } from './client.js';

export const flexportal: BackendFactory<{ url: string; apiKey: string; tenantId: string }> = {
  kind: 'FLEXPORTAL',
  settings: z.object({ url: z.url(), apiKey: z.string().min(1), tenantId: z.string().min(1) }),
  create: (name, { url, apiKey, tenantId }, policy) => new FlexPortalBackend({ name, baseUrl: url, apiKey, tenantId }, policy),
};
