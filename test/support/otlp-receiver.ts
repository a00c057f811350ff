// An OTLP/HTTP trace receiver for tests: collects what exporters POST to /v1/traces, in either
// encoding (http/json, or http/protobuf read by a small wire-format decoder of the fields used).
import { createServer, type Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { portOf } from '../../support/net.js';

export type AttributeValue = string | number | boolean | AttributeValue[] | null;

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  /** Empty for a root span. */
  parentSpanId: string;
  name: string;
  /** OTLP's SpanKind: 1 internal, 2 server, 3 client. */
  kind: number;
  attributes: Record<string, AttributeValue>;
  /** OTLP's StatusCode: 0 unset, 1 ok, 2 error. */
  status: number;
  /** The resource's attributes (service.name…). */
  resource: Record<string, AttributeValue>;
}

export const SPAN_KIND = { INTERNAL: 1, SERVER: 2, CLIENT: 3 } as const;
export const STATUS_ERROR = 2;

export interface ReceivedExport {
  contentType: string;
  body: Buffer;
}

export class OtlpReceiver {
  readonly exports: ReceivedExport[] = [];
  url = '';
  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const traces = req.method === 'POST' && req.url === '/v1/traces';
      if (traces) this.exports.push({ contentType: req.headers['content-type'] ?? '', body: Buffer.concat(chunks) });
      // An empty ExportTraceServiceResponse: everything accepted.
      const json = req.headers['content-type'] === 'application/json';
      res.writeHead(traces ? 200 : 404, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
      res.end(json ? '{}' : '');
    });
  });

  static async start(): Promise<OtlpReceiver> {
    const receiver = new OtlpReceiver();
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    receiver.url = `http://127.0.0.1:${portOf(receiver.server)}`;
    return receiver;
  }

  spans(): ReceivedSpan[] {
    return this.exports.flatMap(decodeExport);
  }

  /** The spans received once `done` holds for them (or the test fails after `timeoutMs`). */
  async waitFor(done: (spans: ReceivedSpan[]) => boolean, timeoutMs = 10_000): Promise<ReceivedSpan[]> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const spans = this.spans();
      if (done(spans)) return spans;
      if (Date.now() > until) throw new Error(`spans not received in ${timeoutMs} ms; got: ${spans.map((span) => span.name).join(', ')}`);
      await sleep(50);
    }
  }

  clear(): void {
    this.exports.length = 0;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export function decodeExport({ contentType, body }: ReceivedExport): ReceivedSpan[] {
  if (contentType === 'application/json') return fromJson(JsonRequest.parse(JSON.parse(body.toString('utf8'))));
  if (contentType === 'application/x-protobuf') return fromProtobuf(body);
  throw new Error(`unexpected content-type ${contentType}`);
}

// --- http/json -------------------------------------------------------------------------------

// Recursive through arrayValue: zod needs the type spelled out.
interface JsonValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
  arrayValue?: { values?: JsonValue[] };
}
const JsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.object({
    stringValue: z.string().optional(),
    boolValue: z.boolean().optional(),
    intValue: z.union([z.number(), z.string()]).optional(),
    doubleValue: z.number().optional(),
    arrayValue: z.object({ values: z.array(JsonValue).optional() }).optional(),
  }),
);
const JsonKeyValue = z.object({ key: z.string(), value: JsonValue });
type JsonKeyValue = z.infer<typeof JsonKeyValue>;
const JsonSpan = z.object({
  traceId: z.string(),
  spanId: z.string(),
  parentSpanId: z.string().optional(),
  name: z.string(),
  kind: z.number(),
  attributes: z.array(JsonKeyValue).optional(),
  status: z.object({ code: z.number().optional() }).optional(),
});
const JsonRequest = z.object({
  resourceSpans: z.array(
    z.object({
      resource: z.object({ attributes: z.array(JsonKeyValue).optional() }).optional(),
      scopeSpans: z.array(z.object({ spans: z.array(JsonSpan) })),
    }),
  ),
});

function jsonValue(value: JsonValue): AttributeValue {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(jsonValue);
  return null;
}

const jsonAttributes = (list: JsonKeyValue[] = []) => Object.fromEntries(list.map(({ key, value }) => [key, jsonValue(value)]));

function fromJson(request: z.infer<typeof JsonRequest>): ReceivedSpan[] {
  return request.resourceSpans.flatMap(({ resource, scopeSpans }) =>
    scopeSpans.flatMap(({ spans }) =>
      spans.map((span) => ({
        traceId: span.traceId,
        spanId: span.spanId,
        parentSpanId: span.parentSpanId ?? '',
        name: span.name,
        kind: span.kind,
        attributes: jsonAttributes(span.attributes),
        status: span.status?.code ?? 0,
        resource: jsonAttributes(resource?.attributes),
      })),
    ),
  );
}

// --- http/protobuf: opentelemetry/proto/collector/trace/v1 ExportTraceServiceRequest ----------

interface Field {
  number: number;
  /** Varints and fixed64 as bigint; length-delimited as bytes. */
  value: bigint | Buffer;
}

/** The fields of one message, in order (wire types 0, 1, 2 and 5). */
function fields(buf: Buffer): Field[] {
  const out: Field[] = [];
  let at = 0;
  const varint = () => {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      const byte = buf[at]!;
      at++;
      result |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return result;
    }
  };
  while (at < buf.length) {
    const key = Number(varint());
    const wire = key & 7;
    const number = key >> 3;
    if (wire === 0) {
      out.push({ number, value: varint() });
      continue;
    }
    const length = wire === 1 ? 8 : wire === 5 ? 4 : wire === 2 ? Number(varint()) : -1;
    if (length < 0) throw new Error(`unexpected wire type ${wire}`);
    const slice = buf.subarray(at, at + length);
    at += length;
    if (wire === 1) out.push({ number, value: slice.readBigUInt64LE() });
    if (wire === 2) out.push({ number, value: slice });
  }
  return out;
}

/** A length-delimited field's bytes: a number there is a malformed export. */
function asBytes(value: bigint | Buffer): Buffer {
  if (typeof value === 'bigint') throw new Error(`expected bytes, got the number ${value}`);
  return value;
}
/** A varint or fixed64 field's number: bytes there are a malformed export. */
function asNumber(value: bigint | Buffer): bigint {
  if (typeof value !== 'bigint') throw new Error(`expected a number, got ${value.length} bytes`);
  return value;
}
const bytes = (list: Field[], number: number) => list.filter((f) => f.number === number).map((f) => asBytes(f.value));
const one = (list: Field[], number: number) => list.find((f) => f.number === number)?.value;
/** A bytes or message field, empty when absent (proto3's default). */
const oneBytes = (list: Field[], number: number) => bytes(list, number)[0] ?? Buffer.alloc(0);

function protoValue(buf: Buffer): AttributeValue {
  const [field] = fields(buf);
  if (!field) return null;
  const { number, value } = field;
  if (number === 1) return asBytes(value).toString('utf8');
  if (number === 2) return value === 1n;
  if (number === 3) return Number(BigInt.asIntN(64, asNumber(value)));
  if (number === 4) {
    const double = Buffer.alloc(8);
    double.writeBigUInt64LE(asNumber(value));
    return double.readDoubleLE();
  }
  if (number === 5) return bytes(fields(asBytes(value)), 1).map(protoValue);
  return null;
}

const protoAttributes = (list: Buffer[]) =>
  Object.fromEntries(
    list.map((kv) => {
      const f = fields(kv);
      return [oneBytes(f, 1).toString('utf8'), protoValue(oneBytes(f, 2))];
    }),
  );

function fromProtobuf(body: Buffer): ReceivedSpan[] {
  return bytes(fields(body), 1).flatMap((resourceSpans) => {
    const rs = fields(resourceSpans);
    const resource = protoAttributes(bytes(fields(oneBytes(rs, 1)), 1));
    return bytes(rs, 2).flatMap((scopeSpans) =>
      bytes(fields(scopeSpans), 2).map((spanBytes) => {
        const span = fields(spanBytes);
        return {
          traceId: oneBytes(span, 1).toString('hex'),
          spanId: oneBytes(span, 2).toString('hex'),
          parentSpanId: oneBytes(span, 4).toString('hex'),
          name: oneBytes(span, 5).toString('utf8'),
          kind: Number(asNumber(one(span, 6) ?? 0n)),
          attributes: protoAttributes(bytes(span, 9)),
          status: Number(asNumber(one(fields(oneBytes(span, 15)), 3) ?? 0n)),
          resource,
        };
      }),
    );
  });
}
