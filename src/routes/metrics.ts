// GET /metrics: the metrics in Prometheus' text format, on the main port behind an API key (or
// open with the API), and on METRICS_PORT's listener without credentials.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../config.js';
import { apiKeyCheck, bearerCredential } from '../credentials.js';
import { jsonError } from '../errors.js';
import type { Metrics } from '../telemetry/metrics.js';
import { send } from './send.js';

/** The metrics in Prometheus' text format. */
export async function sendMetrics({ registry }: Metrics, res: ServerResponse) {
  send(res, 200, await registry.metrics(), registry.contentType);
}

/**
 * Who may read /metrics on the main port: anyone when the API is open (no API_KEYS, no JWT);
 * otherwise only a caller presenting one of API_KEYS as a bearer token (a scraper holds a static
 * secret, not a token from the identity provider). Null when allowed, else the refusal.
 */
function metricsAccess(config: Config): (req: IncomingMessage) => string | null {
  if (config.apiKeys.length === 0 && !config.jwt) return () => null;
  const isApiKey = apiKeyCheck(config.apiKeys);
  return (req) => {
    const given = bearerCredential(req.headers.authorization);
    if (given && isApiKey(given)) return null;
    return config.apiKeys.length > 0
      ? '/metrics needs one of API_KEYS as "Authorization: Bearer <key>".'
      : '/metrics on this port needs an API key, and none is configured (API_KEYS); serve it on METRICS_PORT instead.';
  };
}

/** /metrics on the main port: the metrics, or 401 to a caller without an API key when one is needed. */
export function guardedMetrics(config: Config, metrics: Metrics): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const refusalOf = metricsAccess(config);
  return async (req, res) => {
    const refusal = refusalOf(req);
    if (refusal) {
      res.setHeader('www-authenticate', 'Bearer');
      return send(res, 401, jsonError(refusal, 'UNAUTHENTICATED'));
    }
    return sendMetrics(metrics, res);
  };
}
