// How Yoga reads requests and answers them here, apart from the schema and plugins: one object, so
// that the bench's Yoga floor (bench/peers/yoga-floor.ts) runs with exactly the service's options.
import type { YogaServerOptions } from 'graphql-yoga';

export const YOGA_TRANSPORT_OPTIONS = {
  graphqlEndpoint: '/graphql',
  landingPage: false,
  // server.ts already refuses bodies over MAX_BODY_BYTES and without a Content-Length, so
  // Yoga's own byte-counting stream (a TransformStream per request) is not needed.
  maxRequestBodySize: false,
  // server.ts only lets JSON bodies through.
  multipart: false,
  // Yoga's CORS grants every origin, with credentials; useCors grants CORS_ORIGINS only.
  cors: false,
} as const satisfies Partial<YogaServerOptions<object, object>>;
