import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerChatCompletion, type ChatCompletionState } from './answer-chat-completion.js';
import { sendOpenAIError } from './send-openai-error.js';
import type { MockOpenAIHandler, MockOpenAIOptions } from './types.js';

const DEFAULT_MODELS = ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1-mini', 'gpt-4.1'] as const;
// A fixed date keeps `GET /v1/models` byte-identical between runs.
const MODELS_CREATED = 1_715_367_049;

/**
 * Creates the mock's request listener, to mount on any `node:http` server (or a framework's
 * Node adapter). It serves `POST /v1/chat/completions`, `GET /v1/models` and
 * `GET /v1/models/:id`; everything else is OpenAI's 404. `once` faults are remembered per
 * handler. `port` and `host` options are ignored here.
 *
 * @example
 * import { createServer } from 'node:http';
 * const server = createServer(createMockOpenAIHandler({ tokensPerSecond: 0 }));
 * server.listen(0);
 */
export function createMockOpenAIHandler(options: MockOpenAIOptions = {}): MockOpenAIHandler {
  const state: ChatCompletionState = { seenOnce: new Set(), tokenizedAnswers: new Map() };
  const models = options.models ?? DEFAULT_MODELS;

  return (request: IncomingMessage, response: ServerResponse): void => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const method = request.method ?? 'GET';

    if (method === 'POST' && path === '/v1/chat/completions') {
      answerChatCompletion(request, response, options, state).catch((error: unknown) => {
        // A throwing `tokens` option must not crash the host process; tell the client instead.
        if (response.headersSent) response.destroy();
        else sendOpenAIError(response, 500, { message: `Mock failure: ${String(error)}` });
      });
      return;
    }

    request.resume();
    if (
      options.apiKey !== undefined &&
      request.headers.authorization !== `Bearer ${options.apiKey}`
    ) {
      sendOpenAIError(response, 401);
      return;
    }
    if (method === 'GET' && path === '/v1/models') {
      sendJson(response, {
        object: 'list',
        data: models.map((id) => describeModel(id)),
      });
      return;
    }
    if (method === 'GET' && path.startsWith('/v1/models/')) {
      const id = decodeURIComponent(path.slice('/v1/models/'.length));
      if (models.includes(id)) {
        sendJson(response, describeModel(id));
        return;
      }
      sendOpenAIError(response, 404, {
        message: `The model '${id}' does not exist`,
        param: 'model',
        code: 'model_not_found',
      });
      return;
    }
    sendOpenAIError(response, 404, { message: `Invalid URL (${method} ${path})` });
  };
}

function describeModel(id: string) {
  return { id, object: 'model', created: MODELS_CREATED, owned_by: 'tokenwire' };
}

function sendJson(response: ServerResponse, value: unknown): void {
  const body = JSON.stringify(value);
  response.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}
