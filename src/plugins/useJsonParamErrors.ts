// GET's JSON parameters that are not JSON: the caller's error, not ours.
import { createGraphQLError, type Plugin } from 'graphql-yoga';

const JSON_PARAMS = ['variables', 'extensions'] as const;

const isJson = (text: string | null) => {
  if (!text) return true;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/**
 * Answers a GET whose `variables` or `extensions` parameter is not JSON with 400 BAD_REQUEST
 * naming the parameter. Yoga lets JSON.parse's SyntaxError through, and error masking would
 * make it an unexpected error (logged as one, for any caller to set off). No options.
 */
export function useJsonParamErrors(): Plugin {
  return {
    onRequestParse({ request, url, requestParser, setRequestParser }) {
      // Only a GET carries them: a POST (every request under load) skips the wrapper and its promise.
      if (!requestParser || request.method !== 'GET') return;
      setRequestParser(async (request) => {
        try {
          return await requestParser(request);
        } catch (error) {
          const param = error instanceof SyntaxError ? JSON_PARAMS.find((name) => !isJson(url.searchParams.get(name))) : undefined;
          if (!param) throw error;
          throw createGraphQLError(`The "${param}" parameter is not valid JSON.`, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
        }
      });
    },
  };
}
