// The request id: taken from the caller's X-Request-Id (when it is a sane token) or made, and
// answered on every response. It lives in the request scope (src/telemetry/request-scope.ts),
// from where every log line of the request and every backend call take it.
import { ServerResponse } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import { currentRequestScope, requestIdFrom, runInRequestScope } from '../telemetry/request-scope.js';

/**
 * Runs each request in a request scope and answers `X-Request-Id` on every response (401s,
 * refused documents and limits included). No options.
 *
 * When server.ts has opened the scope already (it does for every request, so that its own
 * answers carry the id too), that scope is kept, and so is the header it set on the Node
 * response; otherwise (in-process, `yoga.fetch`) the id is taken from the request's
 * `X-Request-Id` when it is 1 to 128 of `A-Z a-z 0-9 . _ : -`, or made (a random UUID).
 */
export function useRequestId(): Plugin {
  return {
    instrumentation: {
      request({ request }, wrapped) {
        if (currentRequestScope()) return wrapped();
        return runInRequestScope(requestIdFrom(request.headers.get('x-request-id')), wrapped);
      },
    },
    onResponse({ response, serverContext }) {
      // server.ts has put it on the Node response already. Setting it here too would build the
      // answer's header map, and Yoga's Node adapter would then copy each header one by one
      // instead of handing its header object to writeHead whole.
      if (answeredByNode(serverContext)) return;
      const scope = currentRequestScope();
      if (scope) response.headers.set('x-request-id', scope.requestId);
    },
  };
}

/** Whether the request came through Yoga's Node adapter onto a response that carries the id already. */
function answeredByNode(serverContext: unknown): boolean {
  return (
    typeof serverContext === 'object' &&
    serverContext !== null &&
    'res' in serverContext &&
    serverContext.res instanceof ServerResponse &&
    serverContext.res.hasHeader('x-request-id')
  );
}
