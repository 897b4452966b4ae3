import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ChunkEncoder, createChunkEncoder } from './create-chunk-encoder.js';
import { createMessageAccumulator } from './create-message-accumulator.js';
import { defaultAnswers } from './default-answers.js';
import { encodePiece, type StreamProgress } from './encode-piece.js';
import { fillerTokens } from './filler-tokens.js';
import { FAULT_DIRECTIVE, parseFaultDirective } from './parse-fault-directive.js';
import { pickAnswer } from './pick-answer.js';
import { readHeaderFault } from './read-header-fault.js';
import { readLastUserText } from './read-last-user-text.js';
import { reasoningTokens } from './reasoning-tokens.js';
import { sendOpenAIError } from './send-openai-error.js';
import { streamCompletion } from './stream-completion.js';
import { tokenize } from './tokenize.js';
import { toolCallDeltas } from './tool-call-deltas.js';
import type {
  MockChatCompletionRequest,
  MockChunkDelta,
  MockFault,
  MockFinishReason,
  MockOpenAIOptions,
} from './types.js';
import { usageOf } from './usage-of.js';
import { watchResponse } from './watch-response.js';

// Only counts: a non-streaming answer encodes no frames.
const countingEncoder: ChunkEncoder = {
  role: () => '',
  content: () => '',
  delta: () => '',
  finish: () => '',
  usage: () => '',
};

const MAX_BODY_BYTES = 4 * 1024 * 1024;
const SYSTEM_FINGERPRINT = 'fp_7f3c0b9e2d';
const DEFAULT_TOKENS_PER_SECOND = 40;

// OpenAI's own wording, so a client's error handling meets the texts it will see in production.
const INVALID_JSON_MESSAGE =
  "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)";

/** State one handler keeps across requests. */
export interface ChatCompletionState {
  /** Texts of `once` faults already applied. */
  seenOnce: Set<string>;
  /** Tokenized answers, so the per-request cost is a lookup. */
  tokenizedAnswers: Map<string, readonly string[]>;
}

/**
 * Serves one `POST /v1/chat/completions`: reads the body, reports it, checks auth, resolves
 * faults (options < `x-mock-*` headers < `[mock …]` directive), then streams or answers JSON.
 * Reports the end through `options.onClose`, exactly once per reported request.
 *
 * @example
 * answerChatCompletion(request, response, options, { seenOnce: new Set(), tokenizedAnswers: new Map() });
 */
export async function answerChatCompletion(
  request: IncomingMessage,
  response: ServerResponse,
  options: MockOpenAIOptions,
  state: ChatCompletionState,
): Promise<void> {
  // Listen for `close` before reading the body: a client that vanishes mid-upload must not leave
  // a request that never closes.
  const watch = watchResponse(response);
  const rawBody = await readBody(request).catch(() => undefined);
  if (watch.isClosed) return;
  if (rawBody === undefined) {
    sendOpenAIError(response, 413, {
      message: `Request body exceeds ${MAX_BODY_BYTES} bytes.`,
    });
    return;
  }

  const id = `chatcmpl-${randomUUID().replaceAll('-', '').slice(0, 29)}`;
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    body = undefined;
  }
  const progress: StreamProgress = { tokensSent: 0, reasoningTokensSent: 0, hasToolCalls: false };
  options.onRequest?.({ id, body, headers: request.headers });
  watch.onClose(() =>
    options.onClose?.({
      id,
      completed: response.writableFinished,
      tokensSent: progress.tokensSent,
      status: response.statusCode,
      at: performance.now(),
    }),
  );
  const idHeader = { 'x-request-id': id };

  if (!isAuthorized(request, options.apiKey)) {
    sendOpenAIError(response, 401, unauthorizedDetails(request), idHeader);
    return;
  }
  if (body === undefined) {
    sendOpenAIError(response, 400, { message: INVALID_JSON_MESSAGE }, idHeader);
    return;
  }
  const invalid = validateBody(body);
  if (invalid) {
    sendOpenAIError(response, 400, invalid, idHeader);
    return;
  }
  const chatRequest = body as MockChatCompletionRequest;
  const prompt = readLastUserText(chatRequest);

  let fault: MockFault;
  try {
    fault = resolveFault(options.fault, readHeaderFault(request.headers), prompt, state.seenOnce);
  } catch (error) {
    sendOpenAIError(
      response,
      400,
      { message: `Invalid mock fault: ${(error as Error).message}` },
      idHeader,
    );
    return;
  }
  if (fault.status !== undefined) {
    sendOpenAIError(response, fault.status, {}, idHeader);
    return;
  }

  const tokens = choosePieces(chatRequest, prompt, fault, options, state, id);
  const maxTokens = Math.min(
    positiveOrInfinity(chatRequest.max_completion_tokens ?? chatRequest.max_tokens),
    positiveOrInfinity(options.maxTokens),
  );
  const promptTokens = countPromptTokens(chatRequest);
  const created = Math.floor(Date.now() / 1000);

  if (chatRequest.stream === true) {
    const includeUsage = chatRequest.stream_options?.include_usage === true;
    await streamCompletion({
      response,
      watch,
      encoder: createChunkEncoder({
        id,
        created,
        model: chatRequest.model,
        systemFingerprint: SYSTEM_FINGERPRINT,
        includeUsage,
      }),
      tokens: tokens[Symbol.iterator](),
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        // No explicit `connection` header: Node would then keep the socket open even when the
        // client asked for `Connection: close`.
        'cache-control': 'no-cache',
        ...idHeader,
      },
      tokensPerSecond: options.tokensPerSecond ?? DEFAULT_TOKENS_PER_SECOND,
      maxTokens,
      fault,
      promptTokens,
      includeUsage,
      progress,
    });
    return;
  }

  if (fault.stall !== undefined && fault.stall > 0) {
    await watch.sleep(fault.stall);
    if (watch.isClosed) return;
  }
  if (fault.drop !== undefined) {
    response.destroy();
    return;
  }
  const message = createMessageAccumulator();
  let isTruncated = false;
  for (const piece of tokens) {
    if (progress.tokensSent >= maxTokens) {
      isTruncated = true;
      break;
    }
    message.add(piece);
    encodePiece(countingEncoder, piece, progress);
  }
  const finishReason: MockFinishReason =
    fault.finish ?? (isTruncated ? 'length' : progress.hasToolCalls ? 'tool_calls' : 'stop');
  const json = JSON.stringify({
    id,
    object: 'chat.completion',
    created,
    model: chatRequest.model,
    choices: [
      {
        index: 0,
        message: message.toMessage(),
        logprobs: null,
        finish_reason: finishReason,
      },
    ],
    usage: usageOf(promptTokens, progress),
    system_fingerprint: SYSTEM_FINGERPRINT,
  });
  response.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(json),
    ...idHeader,
  });
  response.end(json);
}

async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function isAuthorized(request: IncomingMessage, apiKey: string | undefined): boolean {
  return apiKey === undefined || request.headers.authorization === `Bearer ${apiKey}`;
}

function unauthorizedDetails(request: IncomingMessage) {
  const given = request.headers.authorization?.replace(/^Bearer\s+/i, '') ?? '';
  return given === ''
    ? {
        message:
          "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
        code: null,
      }
    : {
        message: `Incorrect API key provided: ${given.slice(0, 3)}***${given.slice(-4)}.`,
        code: 'invalid_api_key',
      };
}

function validateBody(body: unknown) {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { message: 'Invalid type for request body: expected an object.' };
  }
  const record = body as Record<string, unknown>;
  if (typeof record.model !== 'string' || record.model === '') {
    return { message: 'you must provide a model parameter' };
  }
  if (!Array.isArray(record.messages)) {
    return {
      message: "Missing required parameter: 'messages'.",
      param: 'messages',
      code: 'missing_required_parameter',
    };
  }
  if (record.messages.length === 0) {
    return {
      message:
        "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      param: 'messages',
      code: 'empty_array',
    };
  }
  const isMessage = (message: unknown) =>
    typeof message === 'object' &&
    message !== null &&
    typeof (message as { role?: unknown }).role === 'string';
  if (!record.messages.every(isMessage)) {
    return {
      message: "Invalid 'messages': every message needs a string 'role'.",
      param: 'messages',
      code: 'invalid_type',
    };
  }
  return undefined;
}

/** Merges the fault sources key by key; a `once` source is dropped whole after its first use. */
function resolveFault(
  optionsFault: MockFault | undefined,
  headerFault: MockFault | undefined,
  prompt: string,
  seenOnce: Set<string>,
): MockFault {
  const directiveText = FAULT_DIRECTIVE.exec(prompt)?.[0];
  const directiveFault =
    directiveText === undefined ? undefined : parseFaultDirective(directiveText);
  const sources: Array<[key: string, fault: MockFault | undefined]> = [
    ['options', optionsFault],
    [`headers ${JSON.stringify(headerFault)}`, headerFault],
    [`directive ${directiveText}`, directiveFault],
  ];
  const fault: MockFault = {};
  for (const [key, source] of sources) {
    if (source === undefined) continue;
    if (source.once === true) {
      if (seenOnce.has(key)) continue;
      seenOnce.add(key);
    }
    Object.assign(fault, source);
  }
  return fault;
}

/**
 * What to stream, one chunk per item: a string is a content piece, an object a raw delta.
 * Fault keys (`tokens`, `reasoning`, `tools`) shape a generated answer and win over the `chunks`
 * option, which wins over `tokens`, which wins over the picked answer.
 */
function choosePieces(
  request: MockChatCompletionRequest,
  prompt: string,
  fault: MockFault,
  options: MockOpenAIOptions,
  state: ChatCompletionState,
  id: string,
): Iterable<string | MockChunkDelta> {
  const isShapedByFault =
    fault.tokens !== undefined || fault.reasoning !== undefined || fault.tools !== undefined;
  if (options.chunks && !isShapedByFault) return options.chunks(request);
  const answer = chooseTokens(request, prompt, fault, options, state);
  const reasoningCount = fault.reasoning ?? 0;
  const toolCount = fault.tools ?? 0;
  // After a tool result the model answers in text: that is what completes a tool round trip.
  const isToolTurn = toolCount > 0 && request.messages.at(-1)?.role !== 'tool';
  if (reasoningCount === 0 && !isToolTurn) return answer;
  const field = fault.reasoningField ?? 'reasoning_content';
  return (function* () {
    for (const piece of reasoningTokens(reasoningCount)) yield { [field]: piece };
    if (!isToolTurn) {
      yield* answer;
      return;
    }
    yield* toolCallDeltas({
      count: toolCount,
      names: toolNames(request),
      idPrefix: `call_${id.slice(-12)}_`,
    });
  })();
}

/** The function names the request offers, in order; `get_weather` when it offers none. */
function toolNames(request: MockChatCompletionRequest): string[] {
  const names = (Array.isArray(request.tools) ? request.tools : [])
    .map((tool) => tool?.function?.name)
    .filter((name): name is string => typeof name === 'string' && name !== '');
  return names.length > 0 ? names : ['get_weather'];
}

function chooseTokens(
  request: MockChatCompletionRequest,
  prompt: string,
  fault: MockFault,
  options: MockOpenAIOptions,
  state: ChatCompletionState,
): Iterable<string> {
  if (fault.tokens !== undefined) return fillerTokens(fault.tokens);
  if (options.tokens) return options.tokens(request);
  const answers = options.answers && options.answers.length > 0 ? options.answers : defaultAnswers;
  // The directive is stripped so a prompt gets the same answer with or without injected faults.
  const answer = pickAnswer(prompt.replace(FAULT_DIRECTIVE, '').trim(), answers);
  let pieces = state.tokenizedAnswers.get(answer);
  if (!pieces) {
    pieces = tokenize(answer);
    state.tokenizedAnswers.set(answer, pieces);
  }
  return pieces;
}

function positiveOrInfinity(value: number | null | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : Infinity;
}

function countPromptTokens(request: MockChatCompletionRequest): number {
  // Roughly OpenAI's accounting: the text's tokens plus a few per message for role markers.
  let count = 3;
  for (const message of request.messages) {
    const { content } = message;
    const text =
      typeof content === 'string'
        ? content
        : Array.isArray(content)
          ? content.map((part) => part.text ?? '').join('')
          : '';
    count += 4 + tokenize(text).length;
  }
  return count;
}
