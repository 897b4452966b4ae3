import type { ServerResponse } from 'node:http';

/** Error types and codes OpenAI sends for each status (as observed from the real API). */
const ERROR_KINDS: Readonly<
  Record<number, { type: string; code: string | null; message: string }>
> = {
  400: { type: 'invalid_request_error', code: null, message: 'Invalid request.' },
  401: {
    type: 'invalid_request_error',
    code: 'invalid_api_key',
    message: 'Incorrect API key provided.',
  },
  403: {
    type: 'invalid_request_error',
    code: 'unsupported_country_region_territory',
    message: 'Country, region, or territory not supported.',
  },
  404: { type: 'invalid_request_error', code: null, message: 'Not found.' },
  409: { type: 'invalid_request_error', code: null, message: 'Conflict.' },
  413: { type: 'invalid_request_error', code: null, message: 'Request body too large.' },
  422: { type: 'invalid_request_error', code: null, message: 'Unprocessable entity.' },
  429: {
    type: 'requests',
    code: 'rate_limit_exceeded',
    message: 'Rate limit reached for requests. Please try again in 1s.',
  },
  500: {
    type: 'server_error',
    code: null,
    message: 'The server had an error while processing your request. Sorry about that!',
  },
  502: { type: 'server_error', code: null, message: 'Bad gateway.' },
  503: {
    type: 'server_error',
    code: null,
    message: 'The engine is currently overloaded, please try again later.',
  },
  504: { type: 'server_error', code: null, message: 'Gateway timeout.' },
};

/** Overrides for one error response. */
export interface OpenAIErrorDetails {
  message?: string;
  type?: string;
  param?: string | null;
  code?: string | null;
}

/**
 * Answers with OpenAI's error shape `{"error":{"message","type","param","code"}}`; a 429 also
 * gets `retry-after: 1`, which the SDK honours before retrying.
 *
 * @example
 * sendOpenAIError(response, 404, { message: 'Invalid URL (GET /v1/nope)' });
 */
export function sendOpenAIError(
  response: ServerResponse,
  status: number,
  details: OpenAIErrorDetails = {},
  extraHeaders: Readonly<Record<string, string>> = {},
): void {
  const kind = ERROR_KINDS[status] ?? {
    type: status >= 500 ? 'server_error' : 'invalid_request_error',
    code: null,
    message: `Mock error ${status}.`,
  };
  const body = JSON.stringify({
    error: {
      message: details.message ?? kind.message,
      type: details.type ?? kind.type,
      param: details.param ?? null,
      code: details.code === undefined ? kind.code : details.code,
    },
  });
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    ...(status === 429 ? { 'retry-after': '1' } : {}),
    ...extraHeaders,
  });
  response.end(body);
}
