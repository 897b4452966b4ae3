import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import OpenAI, { type APIError, AzureOpenAI, type ClientOptions } from 'openai';
import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { countAbortControllers } from '../test-support/count-abort-controllers.js';
import { AbortLink } from '../upstream/abort-link.js';
import { sendThroughSdk } from '../upstream/send-completion-request.js';
import { createDirectSender, type SendFlatRequest } from './create-direct-sender.js';
import { createNodeFetch } from './create-node-fetch.js';

/** A request as the server read it: every header, in order, as sent. */
interface Recorded {
  method: string | undefined;
  url: string | undefined;
  rawHeaders: string[];
  body: string;
}

type Answer = (request: IncomingMessage, response: ServerResponse) => void;

const streamAnswer: Answer = (_request, response) => {
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  response.end('data: [DONE]\n\n');
};

const token = fc.stringMatching(/^[A-Za-z0-9_-]{1,24}$/);
const params: fc.Arbitrary<ChatCompletionCreateParamsStreaming> = fc.record(
  {
    model: token,
    messages: fc.array(
      fc.record({
        role: fc.constantFrom('user' as const, 'system' as const, 'assistant' as const),
        content: fc.string({ unit: 'binary' }),
      }),
      { maxLength: 4 },
    ),
    stream: fc.constant(true as const),
    stream_options: fc.constant({ include_usage: true }),
    temperature: fc.double({ min: 0, max: 2, noNaN: true }),
    max_completion_tokens: fc.integer({ min: 1, max: 100_000 }),
    user: token,
    metadata: fc.dictionary(token, fc.string({ unit: 'grapheme', maxLength: 20 }), {
      maxKeys: 3,
    }),
  },
  { requiredKeys: ['model', 'messages', 'stream'] },
);

describe('createNodeFetch().sendRequest', () => {
  let origin: string;
  const recorded: Recorded[] = [];
  let answer: Answer = streamAnswer;
  const server = createServer((request, response) => {
    // A Date header would differ between the two answers compared.
    response.sendDate = false;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      recorded.push({
        method: request.method,
        url: request.url,
        rawHeaders: request.rawHeaders,
        body: Buffer.concat(chunks).toString(),
      });
      answer(request, response);
    });
  });
  const nodeFetch = createNodeFetch();

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    nodeFetch.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const clientWith = (options: ClientOptions = {}) =>
    new OpenAI({ apiKey: 'sk-test', baseURL: `${origin}/v1`, fetch: nodeFetch.fetch, ...options });
  const attempt = (timeout = 60_000) => ({ signal: new AbortController().signal, timeout });

  /** What the server read for one request sent by `send`, and the answer's body. */
  const recordOne = async (send: () => Promise<Response>) => {
    recorded.length = 0;
    const response = await send();
    const text = await response.text();
    expect(recorded).toHaveLength(1);
    return { request: recorded[0], status: response.status, text };
  };

  it('sends the request the SDK sends, byte for byte, without going through the SDK', async () => {
    const clientOptions = fc.record(
      {
        apiKey: token,
        organization: fc.option(token),
        project: fc.option(token),
        path: fc.constantFrom('/v1', '/v1/', '/api/openai/v1', ''),
        defaultQuery: fc.dictionary(token, token, { maxKeys: 2 }),
        // Overrides, additions and (null) removals of the SDK's own headers.
        defaultHeaders: fc.dictionary(
          fc.constantFrom('User-Agent', 'X-Stainless-OS', 'Accept', 'X-Team', 'x-trace'),
          fc.option(token),
          { maxKeys: 3 },
        ),
        logLevel: fc.constantFrom('off' as const, 'error' as const, 'warn' as const),
      },
      { requiredKeys: ['apiKey', 'path'] },
    );
    await fc.assert(
      fc.asyncProperty(
        clientOptions,
        params,
        fc.integer({ min: 1_000, max: 600_000 }),
        async ({ path, ...options }, body, timeout) => {
          const client = clientWith({ ...options, baseURL: `${origin}${path}` });
          const create = vi.spyOn(client.chat.completions, 'create');
          const plain = await recordOne(() => sendThroughSdk(client, body, attempt(timeout)));
          expect(create).toHaveBeenCalledTimes(1);
          const direct = await recordOne(() =>
            nodeFetch.sendRequest(client, body, attempt(timeout)),
          );
          expect(create).toHaveBeenCalledTimes(1);
          expect(direct).toEqual(plain);
          expect(direct.request?.body).toBe(JSON.stringify(body));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('throws the error the SDK throws for the same error answer', async () => {
    const errorAnswer = fc.record({
      status: fc.constantFrom(400, 401, 403, 404, 409, 418, 422, 429, 500, 502, 503),
      body: fc.oneof(
        fc
          .record(
            { message: fc.string(), type: token, code: fc.option(token), param: fc.option(token) },
            { requiredKeys: ['message'] },
          )
          .map((error) => JSON.stringify({ error })),
        fc.string(),
        fc.constant(''),
      ),
      headers: fc.dictionary(
        fc.constantFrom('retry-after', 'retry-after-ms', 'x-request-id', 'x-should-retry'),
        token,
        { maxKeys: 3 },
      ),
    });
    const client = clientWith();
    const failureOf = (send: () => Promise<Response>) =>
      send().then(
        () => undefined,
        (error: unknown) => error as APIError,
      );
    const describeError = (error: APIError | undefined) => ({
      type: error?.constructor.name,
      status: error?.status,
      message: error?.message,
      error: error?.error,
      code: error?.code,
      param: error?.param,
      requestID: error?.requestID,
      headers: [...(error?.headers ?? [])],
    });
    await fc.assert(
      fc.asyncProperty(errorAnswer, params, async ({ status, body, headers }, request) => {
        answer = (_request, response) => {
          response.writeHead(status, { 'content-type': 'application/json', ...headers });
          response.end(body);
        };
        const plain = await failureOf(() => sendThroughSdk(client, request, attempt()));
        const direct = await failureOf(() => nodeFetch.sendRequest(client, request, attempt()));
        expect(plain).toBeInstanceOf(OpenAI.APIError);
        expect(describeError(direct)).toEqual(describeError(plain));
      }),
      { numRuns: 40 },
    );
    answer = streamAnswer;
  });

  it('fails as the SDK does with no answer: refused, past the deadline, aborted', async () => {
    const body: ChatCompletionCreateParamsStreaming = { model: 'm', messages: [], stream: true };
    const classOf = (send: () => Promise<Response>) =>
      send().then(
        () => 'answered',
        (error: unknown) => (error as Error).constructor.name,
      );
    const both = async (
      client: OpenAI,
      options: () => { signal: AbortSignal; timeout: number },
    ) => [
      await classOf(() => sendThroughSdk(client, body, options())),
      await classOf(() => nodeFetch.sendRequest(client, body, options())),
    ];

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const refused = clientWith({ baseURL: `http://127.0.0.1:${closedPort}/v1` });
    expect(await both(refused, attempt)).toEqual(['APIConnectionError', 'APIConnectionError']);

    answer = () => {
      // Never answers.
    };
    try {
      const startedAt = performance.now();
      expect(await both(clientWith(), () => attempt(200))).toEqual([
        'APIConnectionTimeoutError',
        'APIConnectionTimeoutError',
      ]);
      // Two deadlines of 200 ms, not the SDK's default of 10 minutes.
      expect(performance.now() - startedAt).toBeLessThan(5_000);
      const aborted = () => ({ signal: AbortSignal.timeout(100), timeout: 60_000 });
      expect(await both(clientWith(), aborted)).toEqual(['APIUserAbortError', 'APIUserAbortError']);
      // A generation's AbortLink: the SDK reads its signal, the direct path watches the link.
      const linkAborted = () => {
        const link = new AbortLink();
        setTimeout(() => link.abort('stopped'), 100);
        return link.attemptOptions(60_000);
      };
      expect(await both(clientWith(), linkAborted)).toEqual([
        'APIUserAbortError',
        'APIUserAbortError',
      ]);
    } finally {
      answer = streamAnswer;
      server.closeAllConnections();
    }
  });

  it('builds the template once per client, and again when the client’s key changes', async () => {
    const client = clientWith({ apiKey: 'sk-first' });
    const build = vi.spyOn(client, 'buildRequest');
    const body: ChatCompletionCreateParamsStreaming = { model: 'm', messages: [], stream: true };
    const authorizationOf = async () => {
      const { request } = await recordOne(() => nodeFetch.sendRequest(client, body, attempt()));
      const raw = request?.rawHeaders ?? [];
      return raw[raw.findIndex((name) => name.toLowerCase() === 'authorization') + 1];
    };
    expect(await authorizationOf()).toBe('Bearer sk-first');
    const builds = build.mock.calls.length;
    expect(builds).toBeGreaterThan(0);
    await authorizationOf();
    await authorizationOf();
    expect(build).toHaveBeenCalledTimes(builds);
    client.apiKey = 'sk-second';
    expect(await authorizationOf()).toBe('Bearer sk-second');
  });

  it('sends at once, without waiting a turn, once the client’s template is built', async () => {
    const send = vi.fn<SendFlatRequest>(async () => new Response('data: [DONE]\n\n'));
    const sendRequest = createDirectSender({ fetch: nodeFetch.fetch, send });
    const client = clientWith();
    const body: ChatCompletionCreateParamsStreaming = { model: 'm', messages: [], stream: true };
    await sendRequest(client, body, attempt());
    expect(send).toHaveBeenCalledTimes(1);
    const second = sendRequest(client, body, attempt());
    expect(send).toHaveBeenCalledTimes(2);
    await second;
    // A changed key is not sent from the old template: that one waits for the new one.
    client.apiKey = 'sk-changed';
    const third = sendRequest(client, body, attempt());
    expect(send).toHaveBeenCalledTimes(2);
    await third;
    expect(send.mock.calls[2]?.[2]).toContain('Bearer sk-changed');
  });

  it('sends through the SDK any client it cannot send for', async () => {
    const body: ChatCompletionCreateParamsStreaming = {
      model: 'gpt-x',
      messages: [],
      stream: true,
    };
    const throughSdk = async (client: OpenAI) => {
      const create = vi.spyOn(client.chat.completions, 'create');
      const { request } = await recordOne(() => nodeFetch.sendRequest(client, body, attempt()));
      expect(create).toHaveBeenCalledTimes(1);
      create.mockRestore();
      return request;
    };

    // Another fetch (a proxy, a spy) must see its client's requests.
    const otherFetch = vi.fn(nodeFetch.fetch);
    await throughSdk(clientWith({ fetch: otherFetch }));
    expect(otherFetch).toHaveBeenCalledTimes(1);

    // A key function is asked for every request.
    let keys = 0;
    const rotating = clientWith({ apiKey: async () => `sk-rotated-${keys++}` });
    await throughSdk(rotating);
    await throughSdk(rotating);
    expect(keys).toBe(2);

    // A client that logs each request keeps logging them.
    const debug = vi.fn();
    const logger = { debug, info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    await throughSdk(clientWith({ logLevel: 'debug', logger }));
    expect(debug).toHaveBeenCalled();

    await throughSdk(clientWith({ fetchOptions: { keepalive: true } }));

    // Azure builds its URL from each request's model.
    const azure = new AzureOpenAI({
      endpoint: origin,
      apiKey: 'k',
      apiVersion: '2024-10-21',
      fetch: nodeFetch.fetch,
    });
    const request = await throughSdk(azure);
    expect(request?.url).toBe('/openai/deployments/gpt-x/chat/completions?api-version=2024-10-21');
  });

  it('keeps neither the Response nor the request while the answer streams', async () => {
    setFlagsFromString('--expose-gc');
    const collectGarbage = runInNewContext('gc') as () => void;
    const open: ServerResponse[] = [];
    answer = (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: {}\n\n');
      open.push(response);
    };
    try {
      const controller = new AbortController();
      let body: ChatCompletionCreateParamsStreaming | undefined = {
        model: 'm',
        messages: [{ role: 'user', content: 'the whole conversation' }],
        stream: true,
      };
      const bodyRef = new WeakRef(body);
      let response: Response | undefined = await nodeFetch.sendRequest(clientWith(), body, {
        signal: controller.signal,
        timeout: 60_000,
      });
      const responseRef = new WeakRef(response);
      const reading = nodeFetch.openBody(response).read(() => {});
      response = undefined;
      body = undefined;
      await new Promise((resolve) => setImmediate(resolve));
      collectGarbage();
      // Answers stream for minutes: the deadline's and the abort's wiring must hold neither.
      expect(responseRef.deref()).toBeUndefined();
      expect(bodyRef.deref()).toBeUndefined();
      // The abort still reaches the body.
      controller.abort();
      expect((await reading).isBodyDone).toBe(false);
    } finally {
      answer = streamAnswer;
      for (const response of open) response.destroy();
    }
  });

  it('sends and aborts through an AbortLink without making an AbortSignal', async () => {
    const open: ServerResponse[] = [];
    answer = (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: {}\n\n');
      open.push(response);
    };
    const made = countAbortControllers();
    try {
      const link = new AbortLink();
      const body: ChatCompletionCreateParamsStreaming = { model: 'm', messages: [], stream: true };
      const response = await nodeFetch.sendRequest(clientWith(), body, link.attemptOptions(60_000));
      const reading = nodeFetch.openBody(response).read(() => {});
      link.abort('stopped');
      expect((await reading).isBodyDone).toBe(false);
      expect(made()).toBe(0);
    } finally {
      vi.unstubAllGlobals();
      answer = streamAnswer;
      for (const response of open) response.destroy();
    }
  });

  it('is the SDK itself with directRequests: false', () => {
    const plain = createNodeFetch({ directRequests: false });
    expect(plain.sendRequest).toBe(sendThroughSdk);
    plain.destroy();
  });
});
