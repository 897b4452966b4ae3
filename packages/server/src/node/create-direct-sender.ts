import OpenAI from 'openai';
import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import { type AbortSource, abortSourceOf } from '../upstream/abort-link.js';
import {
  type SendAttemptOptions,
  type SendCompletionRequest,
  sendThroughSdk,
} from '../upstream/send-completion-request.js';

/** Sends one request with a flat, lower-case header list (appended to) and the given deadline. */
export type SendFlatRequest = (
  href: string,
  method: string,
  headers: string[],
  body: string,
  signal: AbortSource,
  timeoutMs: number,
) => Promise<Response>;

/** What {@link createDirectSender} sends through. */
export interface DirectSenderTransport {
  /** The `fetch` a client must have been given for its requests to be sent directly. */
  fetch: typeof globalThis.fetch;
  send: SendFlatRequest;
}

/** The request the SDK builds for a client, less what changes per request. */
interface RequestTemplate {
  href: string;
  /** Name, value, name, value…, lower-case names, in the order the SDK's `Headers` give them. */
  headers: readonly string[];
  /** Where `x-stainless-timeout`'s value is in `headers`, or -1. */
  timeoutIndex: number;
  /** The public fields the template was built from: a change builds it again. */
  apiKey: string;
  baseURL: string;
  organization: string | null;
  project: string | null;
}

const PATH = '/chat/completions';
const PROBE: ChatCompletionCreateParamsStreaming = {
  model: 'tokenwire-probe',
  messages: [],
  stream: true,
};
// The SDK logs every request at these levels: such a client keeps going through it.
const QUIET_LOG_LEVELS = new Set<string | undefined>(['off', 'error', 'warn']);
const INIT_KEYS = new Set(['method', 'headers', 'body', 'signal']);

/**
 * The fast path of `createNodeFetch().sendRequest`: for a plain `OpenAI` client that sends
 * through `transport.fetch`, the request the SDK would send — its URL and headers, built by the
 * SDK's own `buildRequest` once per client, and the params as JSON — goes straight to
 * `transport.send`. The SDK's per-request work (its option copies, header merging, request
 * logging, promise chain, abort controller, timer and `Response` wrapping) cost about as much CPU
 * per chat as the rest of tokenwire. Failures are thrown as the SDK's own error classes, built as
 * the SDK builds them, so retries and error answers are the same either way.
 *
 * Any other client goes through the SDK ({@link sendThroughSdk}): a subclass (`AzureOpenAI`
 * builds its URL from each request's model), a client with another `fetch` (a proxy, a spy), an
 * `apiKey` function (the SDK calls it per request), `fetchOptions`, a log level that logs requests
 * (`info`, `debug`), or headers that change from one build to the next.
 *
 * @example
 * const sendRequest = createDirectSender({ fetch: nodeFetch.fetch, send });
 * const response = await sendRequest(client, params, { signal, timeout: 60_000 });
 */
export function createDirectSender(transport: DirectSenderTransport): SendCompletionRequest {
  const templates = new WeakMap<OpenAI, Promise<RequestTemplate | undefined>>();
  // The templates built so far, to send without waiting on a settled promise (its microtasks,
  // and this function's own, are a few of each chat's dozens).
  const built = new WeakMap<OpenAI, RequestTemplate>();

  const templateFor = (client: OpenAI): Promise<RequestTemplate | undefined> => {
    let template = templates.get(client);
    if (template === undefined) {
      template = buildTemplate(client, transport.fetch).then(
        (made) => {
          if (made !== undefined && templates.get(client) === template) built.set(client, made);
          return made;
        },
        () => undefined,
      );
      templates.set(client, template);
    }
    return template;
  };

  const sendWith = async (
    client: OpenAI,
    params: ChatCompletionCreateParamsStreaming,
    options: SendAttemptOptions,
  ): Promise<Response> => {
    let template = await templateFor(client);
    if (template !== undefined && !isCurrent(template, client)) {
      forget(client);
      template = await templateFor(client);
    }
    if (template === undefined) return sendThroughSdk(client, params, options);
    return sendDirect(transport.send, template, params, abortSourceOf(options), options.timeout);
  };

  const forget = (client: OpenAI) => {
    templates.delete(client);
    built.delete(client);
  };

  return (client, params, options) => {
    if (!isEligible(client, transport.fetch)) return sendThroughSdk(client, params, options);
    const template = built.get(client);
    if (template === undefined || !isCurrent(template, client)) {
      return sendWith(client, params, options);
    }
    return sendDirect(transport.send, template, params, abortSourceOf(options), options.timeout);
  };
}

async function sendDirect(
  send: SendFlatRequest,
  template: RequestTemplate,
  params: ChatCompletionCreateParamsStreaming,
  signal: AbortSource,
  timeout: number,
): Promise<Response> {
  if (signal.aborted) throw new OpenAI.APIUserAbortError();
  const headers = template.headers.slice();
  if (template.timeoutIndex >= 0) headers[template.timeoutIndex] = timeoutHeader(timeout);
  let response: Response;
  try {
    response = await send(template.href, 'POST', headers, JSON.stringify(params), signal, timeout);
  } catch (error) {
    throw connectionError(error, signal);
  }
  if (response.ok) return response;
  // As the SDK reads an error answer: JSON when it parses, else the text as the message.
  const text = await response
    .text()
    .catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
  const json = parseJson(text);
  throw OpenAI.APIError.generate(
    response.status,
    json as object,
    json ? undefined : text,
    response.headers,
  );
}

/** The SDK's classes for a request that got no answer. */
function connectionError(error: unknown, signal: AbortSource): Error {
  if (signal.aborted) return new OpenAI.APIUserAbortError();
  if (error instanceof DOMException && error.name === 'TimeoutError') {
    return new OpenAI.APIConnectionTimeoutError();
  }
  // The SDK takes a connection error that says it timed out (ETIMEDOUT) for a timeout too.
  const cause = error instanceof Error && 'cause' in error ? String(error.cause) : '';
  if (/timed? ?out/i.test(String(error) + cause)) return new OpenAI.APIConnectionTimeoutError();
  return new OpenAI.APIConnectionError({
    cause: error instanceof Error ? error : new Error(String(error)),
  });
}

function isEligible(client: OpenAI, fetch: typeof globalThis.fetch): boolean {
  // `fetch` and `_options` are the client's runtime fields (TypeScript-private): read as unknown,
  // so a renamed field makes the client ineligible rather than wrongly eligible.
  const options: unknown = Reflect.get(client, '_options');
  return (
    Object.getPrototypeOf(client) === OpenAI.prototype &&
    Reflect.get(client, 'fetch') === fetch &&
    typeof options === 'object' &&
    options !== null &&
    typeof Reflect.get(options, 'apiKey') === 'string' &&
    Reflect.get(options, 'fetchOptions') === undefined &&
    QUIET_LOG_LEVELS.has(client.logLevel)
  );
}

function isCurrent(template: RequestTemplate, client: OpenAI): boolean {
  return (
    template.apiKey === client.apiKey &&
    template.baseURL === client.baseURL &&
    template.organization === client.organization &&
    template.project === client.project
  );
}

async function buildTemplate(
  client: OpenAI,
  fetch: typeof globalThis.fetch,
): Promise<RequestTemplate | undefined> {
  const fields = {
    apiKey: client.apiKey,
    baseURL: client.baseURL,
    organization: client.organization,
    project: client.project,
  };
  // Twice, with different deadlines: what differs besides the timeout header (a per-request key)
  // cannot be a template.
  const first = await buildProbe(client, 7_000);
  const second = await buildProbe(client, 13_000);
  if (first === undefined || second === undefined || first.href !== second.href) return undefined;
  if (first.headers.length !== second.headers.length) return undefined;
  let timeoutIndex = -1;
  for (let index = 0; index < first.headers.length; index++) {
    if (first.headers[index] === second.headers[index]) continue;
    if (first.headers[index - 1] !== 'x-stainless-timeout' || index % 2 === 0) return undefined;
    if (first.headers[index] !== timeoutHeader(7_000)) return undefined;
    timeoutIndex = index;
  }
  if (!isEligible(client, fetch)) return undefined;
  return { href: first.href, headers: first.headers, timeoutIndex, ...fields };
}

async function buildProbe(
  client: OpenAI,
  timeout: number,
): Promise<{ href: string; headers: string[] } | undefined> {
  // As `chat.completions.create` asks for it, with the SDK's own retries off as ours turn them.
  const { req, url } = await client.buildRequest(
    { method: 'post', path: PATH, body: PROBE, stream: true, timeout, maxRetries: 0 },
    { retryCount: 0 },
  );
  if (Object.keys(req).some((key) => !INIT_KEYS.has(key))) return undefined;
  if (req.method !== 'post' || req.body !== JSON.stringify(PROBE)) return undefined;
  if (!(req.headers instanceof Headers)) return undefined;
  const headers: string[] = [];
  req.headers.forEach((value, name) => {
    headers.push(name, value);
  });
  return { href: url, headers };
}

function timeoutHeader(timeout: number): string {
  return String(Math.trunc(timeout / 1000));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
