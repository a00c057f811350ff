import { describe, expect, it } from 'vitest';
import { tracingConfig } from './tracing.js';

function parse(env: NodeJS.ProcessEnv) {
  const problems: string[] = [];
  return { config: tracingConfig(env, problems), problems };
}

const ENDPOINT = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };

describe('tracingConfig', () => {
  it('is off without an endpoint, whatever else is set (and then checks nothing)', () => {
    expect(parse({})).toEqual({ config: null, problems: [] });
    expect(parse({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_TRACES_SAMPLER: 'nope' })).toEqual({ config: null, problems: [] });
  });

  it('is off when the SDK is disabled or the exporter is none', () => {
    expect(parse({ ...ENDPOINT, OTEL_SDK_DISABLED: 'TRUE' }).config).toBeNull();
    expect(parse({ ...ENDPOINT, OTEL_TRACES_EXPORTER: 'none' }).config).toBeNull();
    expect(parse({ ...ENDPOINT, OTEL_SDK_DISABLED: 'false' }).config).not.toBeNull();
  });

  it('takes either endpoint variable, http/protobuf by default, the traces-specific protocol first', () => {
    expect(parse(ENDPOINT)).toEqual({ config: { endpoint: 'http://collector:4318', protocol: 'http/protobuf' }, problems: [] });
    expect(parse({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://c/v1/traces', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }).config).toEqual({
      endpoint: 'https://c/v1/traces',
      protocol: 'http/json',
    });
    expect(parse({ ...ENDPOINT, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf' }).config?.protocol).toBe(
      'http/protobuf',
    );
  });

  it.each([
    [{ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, /^OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" is not supported; use http\/protobuf \(the default\) or http\/json/],
    [{ OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'json' }, /^OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: "json" is not supported/],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, /^OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318" is not an http\(s\) URL/],
    [{ OTEL_TRACES_SAMPLER: 'ratio' }, /^OTEL_TRACES_SAMPLER: "ratio" is not one of always_on, /],
    [{ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '5' }, /^OTEL_TRACES_SAMPLER_ARG: "5" is not a ratio between 0 and 1/],
    [{ OTEL_TRACES_EXPORTER: 'zipkin' }, /^OTEL_TRACES_EXPORTER: "zipkin" is not supported/],
  ])('refuses %o, naming the variable', (env, problem) => {
    const { config, problems } = parse({ ...ENDPOINT, ...env });
    expect(config).toBeNull();
    expect(problems).toEqual([expect.stringMatching(problem)]);
  });
});
