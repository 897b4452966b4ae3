import {
  encodeEvent,
  type FinishReason,
  type TokenwireEvent,
  type Usage,
} from '@tokenwire/protocol';
import { createSseByteParser } from '@tokenwire/protocol/internal';
import type { SseFrame } from '../sse-frame.js';
import { StreamError } from '../stream-error.js';
import { ContentChunkTemplate } from './content-chunk-template.js';
import { encodeDeltaFrame } from './encode-delta-frame.js';
import { mapFinishReason } from './map-finish-reason.js';
import { normalizeUsage } from './normalize-usage.js';
import { type ContentSpan, scanContentChunk } from './scan-content-chunk.js';

/** Options for {@link createChunkTranslator}. */
export interface ChunkTranslatorOptions {
  /** Receives every frame, with its seq, in order. */
  onFrame: (seq: number, frame: SseFrame) => void;
  /**
   * Plain content chunks go from upstream bytes to frame bytes without decoding or `JSON.parse`
   * (see `scanContentChunk`). Default `true`; `false` parses every chunk. Both give the same bytes.
   */
  fastPath?: boolean;
  /** Keep the answer's text in {@link ChunkTranslator.text} (for content logs). Default `false`. */
  collectText?: boolean;
  /**
   * On the fast path, take each content chunk whole by the head and tail of the stream's last
   * one, as the SSE parser reaches it (`ContentChunkTemplate`), before scanning it. Default
   * `true`; `false` scans every chunk (for tests comparing the two).
   */
  contentTemplates?: boolean;
}

/** The translation of one upstream body into protocol frames. */
export interface ChunkTranslator {
  /** Takes the next bytes of the upstream's SSE body, cut anywhere. Throws a {@link StreamError} on malformed or failing upstream data. */
  feed(bytes: Uint8Array): void;
  /** The upstream body ended. */
  end(): void;
  /** Encodes a lifecycle event (`start`, `finish`, `error`) at the next seq. */
  emit(event: TokenwireEvent): void;
  /** The seq the next frame gets (= frames produced so far). */
  readonly nextSeq: number;
  /** `data: [DONE]` arrived. */
  readonly hasDone: boolean;
  /** The upstream's last `finish_reason`, mapped to the protocol's. */
  readonly finishReason: FinishReason | undefined;
  readonly usage: Usage | undefined;
  /** `text-delta` frames produced. */
  readonly deltaCount: number;
  /** `performance.now()` of the first `text-delta`. */
  readonly firstDeltaAt: number | undefined;
  /** The answer so far, only with `collectText`. */
  readonly text: string;
  /**
   * Lets go of the parser and tool-call state once the answer is over, keeping the figures above
   * (an ended generation is kept for the registry's TTL). After it, `feed` and `end` do nothing
   * and `emit` throws.
   */
  release(): void;
}

/** One piece of a streamed tool call, as OpenAI-compatible servers send it. */
interface UpstreamToolCallPiece {
  index?: unknown;
  id?: unknown;
  function?: { name?: unknown; arguments?: unknown } | null;
}

/** The subset of an OpenAI chat-completions chunk the translation reads. */
interface UpstreamChunk {
  choices?: Array<{
    delta?: {
      content?: unknown;
      /** DeepSeek, llama.cpp. */
      reasoning_content?: unknown;
      /** vLLM 0.11+, Ollama, OpenRouter. */
      reasoning?: unknown;
      tool_calls?: unknown;
    } | null;
    finish_reason?: string | null;
  }>;
  usage?: unknown;
  error?: unknown;
}

/** A tool call under way, by the upstream's index. */
interface OpenToolCall {
  id: string;
  isEnded: boolean;
}

// Decodes whole content literals only: stateless, so one serves every stream.
const CONTENT_LITERAL = new TextDecoder();

const malformed = (cause: unknown) =>
  new StreamError(502, 'upstream_unavailable', 'The model provider sent malformed data.', {
    retryable: true,
    cause,
  });

/**
 * The pure half of a generation: bytes of an OpenAI-compatible SSE body in, protocol frames out,
 * with no server, socket or timer. The upstream body goes into the protocol's SSE parser; with
 * the fast path a whole `data:` message that is a plain content chunk has its content literal
 * copied into the frame (`encodeDeltaFrame`) — no decoding, no `JSON.parse`, no string per token.
 * Any other chunk (role, finish, usage, errors, anything unusual) is decoded and parsed, and gives
 * the same event and the same bytes the fast path would.
 *
 * @example
 * const frames: string[] = [];
 * const translator = createChunkTranslator({ onFrame: (_seq, frame) => frames.push(String(frame)) });
 * translator.feed(new TextEncoder().encode('data: {"choices":[{"delta":{"content":"Hi"}}]}\n\n'));
 * translator.deltaCount; // 1
 */
export function createChunkTranslator(options: ChunkTranslatorOptions): ChunkTranslator {
  return new Translator(options);
}

// A class, not an object of closures and getters: one is made per chat, thousands live at once,
// and a class shares its methods (the closures, their contexts and accessor pairs were ~1.5 KB
// per stream in the S6 heap snapshot).
class Translator implements ChunkTranslator {
  nextSeq = 0;
  hasDone = false;
  finishReason: FinishReason | undefined;
  usage: Usage | undefined;
  deltaCount = 0;
  firstDeltaAt: number | undefined;
  text = '';
  readonly #onFrame: (seq: number, frame: SseFrame) => void;
  readonly #collectText: boolean;
  readonly #span: ContentSpan = { start: 0, end: 0 };
  #template: ContentChunkTemplate | undefined;
  /** Made at the first tool call: most answers have none. */
  #toolCalls: Map<number, OpenToolCall> | undefined;
  // The parser holds the only references to the callbacks below: `release` lets all of it go.
  #parser: ReturnType<typeof createSseByteParser> | undefined;

  constructor(options: ChunkTranslatorOptions) {
    this.#onFrame = options.onFrame;
    this.#collectText = options.collectText === true;
    if (options.contentTemplates !== false) this.#template = new ContentChunkTemplate();
    // The translator is its parser's options object: the parser calls `onMessage`,
    // `takeDataLine` and `onDataBytes` as its methods, so no closures per stream. Without the
    // fast path it must offer neither byte path, so a one-member object stands in.
    this.#parser = createSseByteParser(
      options.fastPath === false
        ? { onMessage: (message: { data: string }) => this.onMessage(message) }
        : this,
    );
  }

  feed(bytes: Uint8Array): void {
    // After `[DONE]` the body is read to its end (so the connection can be reused), unparsed.
    if (!this.hasDone) this.#parser?.feed(bytes);
  }

  end(): void {
    if (!this.hasDone) this.#parser?.end();
  }

  release(): void {
    this.#parser = undefined;
    this.#toolCalls = undefined;
    this.#template = undefined;
  }

  emit(event: TokenwireEvent): void {
    if (this.#parser === undefined) {
      throw new Error('The translator was released: it emits nothing more.');
    }
    const seq = this.nextSeq++;
    this.#onFrame(seq, encodeEvent(event, seq));
  }

  #readToolCallPiece(piece: UpstreamToolCallPiece, position: number): void {
    if (piece === null || typeof piece !== 'object') return;
    const index = typeof piece.index === 'number' ? piece.index : position;
    this.#toolCalls ??= new Map();
    let call = this.#toolCalls.get(index);
    if (call === undefined) {
      const name = piece.function?.name;
      // Some servers leave the id out; the index then names the call.
      const id = typeof piece.id === 'string' && piece.id !== '' ? piece.id : `call_${index}`;
      call = { id, isEnded: false };
      this.#toolCalls.set(index, call);
      this.emit({
        type: 'tool-call-start',
        toolCallId: id,
        name: typeof name === 'string' ? name : '',
        index,
      });
    }
    const pieceOfArguments = piece.function?.arguments;
    if (typeof pieceOfArguments === 'string' && pieceOfArguments.length > 0 && !call.isEnded) {
      this.emit({ type: 'tool-call-delta', toolCallId: call.id, delta: pieceOfArguments });
    }
  }

  // Calls end when the model says why it stopped (or the stream ends): pieces of parallel calls
  // interleave, so a call is not over when the next one starts.
  #endToolCalls(): void {
    if (this.#toolCalls === undefined) return;
    for (const call of this.#toolCalls.values()) {
      if (call.isEnded) continue;
      call.isEnded = true;
      this.emit({ type: 'tool-call-end', toolCallId: call.id });
    }
  }

  /**
   * The parser's first byte fast path (see `SseByteParserOptions.takeDataLine`): a content chunk
   * the stream's template takes whole; not for callers.
   */
  takeDataLine(bytes: Uint8Array, start: number, limit: number): number {
    // After `[DONE]`, `onDataBytes` swallows what follows.
    if (this.hasDone) return -1;
    const lineEnd = this.#template?.take(bytes, start, limit, this.#span) ?? -1;
    if (lineEnd !== -1) this.#emitDelta(bytes);
    return lineEnd;
  }

  /**
   * The parser's second byte fast path (see `SseByteParserOptions.onDataBytes`): a content chunk
   * the template did not take, scanned; not for callers.
   */
  onDataBytes(bytes: Uint8Array, start: number, end: number): boolean {
    if (this.hasDone) return true;
    const span = this.#span;
    if (!scanContentChunk(bytes, start, end, span)) return false;
    this.#template?.remember(bytes, start, end, span);
    this.#emitDelta(bytes);
    return true;
  }

  /** The `text-delta` of the content literal at `#span`. */
  #emitDelta(bytes: Uint8Array): void {
    const span = this.#span;
    if (this.deltaCount++ === 0) this.firstDeltaAt = performance.now();
    if (this.#collectText) {
      this.text += JSON.parse(
        CONTENT_LITERAL.decode(bytes.subarray(span.start, span.end)),
      ) as string;
    }
    const seq = this.nextSeq++;
    this.#onFrame(seq, encodeDeltaFrame(seq, bytes, span.start, span.end));
  }

  /** The parser's message callback; not for callers. */
  onMessage({ data }: { data: string }): void {
    if (this.hasDone) return;
    if (data === '[DONE]') {
      this.#endToolCalls();
      this.hasDone = true;
      return;
    }
    let chunk: UpstreamChunk;
    try {
      chunk = JSON.parse(data) as UpstreamChunk;
    } catch (error) {
      throw malformed(error);
    }
    if (chunk === null || typeof chunk !== 'object') throw malformed(undefined);
    if (chunk.error !== undefined && chunk.error !== null) {
      throw new StreamError(502, 'upstream_unavailable', 'The model provider failed mid-answer.', {
        retryable: true,
        cause: chunk.error,
      });
    }
    const choice = Array.isArray(chunk.choices) ? chunk.choices[0] : undefined;
    if (choice !== undefined && choice !== null) {
      const delta = choice.delta;
      if (delta !== null && typeof delta === 'object') {
        const reasoning =
          typeof delta.reasoning_content === 'string' && delta.reasoning_content !== ''
            ? delta.reasoning_content
            : delta.reasoning;
        if (typeof reasoning === 'string' && reasoning.length > 0) {
          this.emit({ type: 'reasoning-delta', delta: reasoning });
        }
        const content = delta.content;
        if (typeof content === 'string' && content.length > 0) {
          if (this.deltaCount++ === 0) this.firstDeltaAt = performance.now();
          if (this.#collectText) this.text += content;
          this.emit({ type: 'text-delta', delta: content });
        }
        if (Array.isArray(delta.tool_calls)) {
          for (const [position, piece] of delta.tool_calls.entries()) {
            this.#readToolCallPiece(piece as UpstreamToolCallPiece, position);
          }
        }
      }
      const reason = choice.finish_reason;
      if (typeof reason === 'string') {
        this.finishReason = mapFinishReason(reason);
        this.#endToolCalls();
      }
    }
    const chunkUsage = normalizeUsage(chunk.usage);
    if (chunkUsage !== undefined) this.usage = chunkUsage;
  }
}
