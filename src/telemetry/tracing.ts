// OpenTelemetry traces, configured by the standard OTEL_* variables. Off unless an OTLP endpoint
// is set: the code everywhere calls @opentelemetry/api, whose tracer is a no-op until an SDK is
// registered, and the SDK's modules are imported only when tracing is on.
import { DiagLogLevel, diag } from '@opentelemetry/api';
import type { Logger } from 'pino';

export type OtlpProtocol = 'http/protobuf' | 'http/json';

export interface TracingConfig {
  /** Where spans go, as configured (the exporter reads the variables itself and adds /v1/traces to the generic one). */
  endpoint: string;
  protocol: OtlpProtocol;
}

const PROTOCOLS: readonly string[] = ['http/protobuf', 'http/json'] satisfies OtlpProtocol[];
/** The samplers the SDK builds from OTEL_TRACES_SAMPLER (it would fall back to the default on any other, silently but for a diag line). */
const SAMPLERS = ['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'];

/** The first of `names` that is set (non-empty), with its value. */
function firstSet(env: NodeJS.ProcessEnv, names: string[]): { name: string; value: string } | null {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return { name, value };
  }
  return null;
}

/**
 * Tracing's settings from the OTEL_* variables, or null when it is off (no endpoint, the SDK
 * disabled, or OTEL_TRACES_EXPORTER=none). Only checked when on: a variable that is never used
 * does not stop the start. Each problem goes into `problems`, naming its variable.
 */
export function tracingConfig(env: NodeJS.ProcessEnv, problems: string[]): TracingConfig | null {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return null;
  const endpoint = firstSet(env, ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'OTEL_EXPORTER_OTLP_ENDPOINT']);
  if (!endpoint) return null;
  const exporter = env.OTEL_TRACES_EXPORTER?.trim().toLowerCase();
  if (exporter === 'none') return null;
  const found = problems.length;
  if (exporter && exporter !== 'otlp') problems.push(`OTEL_TRACES_EXPORTER: "${exporter}" is not supported; use otlp (the default) or none.`);
  if (!/^https?:$/.test(URL.canParse(endpoint.value) ? new URL(endpoint.value).protocol : '')) {
    problems.push(`${endpoint.name}: "${endpoint.value}" is not an http(s) URL such as http://collector:4318.`);
  }
  const protocol = firstSet(env, ['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'OTEL_EXPORTER_OTLP_PROTOCOL']);
  if (protocol && !PROTOCOLS.includes(protocol.value)) {
    problems.push(`${protocol.name}: "${protocol.value}" is not supported; use http/protobuf (the default) or http/json (OTLP over HTTP).`);
  }
  const sampler = env.OTEL_TRACES_SAMPLER?.trim();
  if (sampler && !SAMPLERS.includes(sampler)) problems.push(`OTEL_TRACES_SAMPLER: "${sampler}" is not one of ${SAMPLERS.join(', ')}.`);
  const ratio = env.OTEL_TRACES_SAMPLER_ARG?.trim();
  if (sampler?.endsWith('traceidratio') && ratio && !(Number(ratio) >= 0 && Number(ratio) <= 1)) {
    problems.push(`OTEL_TRACES_SAMPLER_ARG: "${ratio}" is not a ratio between 0 and 1.`);
  }
  if (problems.length > found) return null;
  return { endpoint: endpoint.value, protocol: protocol?.value === 'http/json' ? 'http/json' : 'http/protobuf' };
}

export interface Tracing {
  /** Sends the spans still buffered and stops exporting. */
  shutdown(): Promise<void>;
}

/**
 * Registers the SDK: spans batched (OTEL_BSP_* tune it) to the OTLP exporter of the protocol,
 * the sampler from OTEL_TRACES_SAMPLER(_ARG) (parent-based always-on by default), the service
 * named by OTEL_SERVICE_NAME (default customer-graph) plus OTEL_RESOURCE_ATTRIBUTES, and the W3C
 * trace-context propagator alone: a caller's baggage is not passed on to the backends.
 */
export async function startTracing(config: TracingConfig, logger: Logger): Promise<Tracing> {
  const [{ NodeTracerProvider, BatchSpanProcessor }, { W3CTraceContextPropagator }, resources, exporters] = await Promise.all([
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/core'),
    import('@opentelemetry/resources'),
    config.protocol === 'http/json' ? import('@opentelemetry/exporter-trace-otlp-http') : import('@opentelemetry/exporter-trace-otlp-proto'),
  ]);
  const resource = resources
    .resourceFromAttributes({ 'service.name': 'customer-graph' })
    .merge(resources.detectResources({ detectors: [resources.envDetector] }));
  const provider = new NodeTracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor(new exporters.OTLPTraceExporter())],
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  // The SDK's own problems (an export the collector refused or never got) as warnings: unheard, spans would vanish silently.
  const warn = (message: string, ...args: unknown[]) => logger.warn({ detail: args.map(String) }, `tracing: ${message}`);
  const quiet = () => undefined;
  diag.setLogger({ error: warn, warn, info: quiet, debug: quiet, verbose: quiet }, DiagLogLevel.WARN);
  // The origin only: a URL's user info or path may carry a credential.
  logger.info({ endpoint: new URL(config.endpoint).origin, protocol: config.protocol }, 'tracing: exporting spans over OTLP');
  return {
    // A collector that is down costs the last spans, never a clean exit.
    shutdown: () => provider.shutdown().catch((error: unknown) => logger.warn({ err: error }, 'tracing: the last spans could not be sent')),
  };
}
