import { createChatStream } from './create-chat-stream.js';
import type { ChatStream, StreamChatOptions } from './stream-chat.js';
import type { PartialChatResult } from './types.js';

/**
 * Options for {@link resumeChat}: those of {@link streamChat}, plus where to pick up.
 *
 * @example
 * const options: ResumeChatOptions = { lastEventId: '41', onText: (delta) => output.append(delta) };
 */
export interface ResumeChatOptions extends StreamChatOptions {
  /**
   * The seq of the last event you already have (a stream's `lastEventId`, or an error's
   * `partial.lastEventId`): the server sends only what came after it. Omit it to replay the
   * generation from the start, `start` event included. Defaults to `partial.lastEventId`.
   *
   * @example
   * resumeChat('/api/chat', 'gen_1', { lastEventId: 41 });
   */
  lastEventId?: string | number | undefined;
  /**
   * What you already have of this generation (an error's `partial`, or a saved stream's fields):
   * its text, reasoning, tool calls and model, so that the new stream's `text` and `result`
   * continue from them instead of starting empty. Used only with a last event id (without one,
   * everything is replayed anyway).
   *
   * @example
   * resumeChat('/api/chat', 'gen_1', { partial: { text: 'Hello, wo', lastEventId: '3', model: 'demo' } });
   */
  partial?: PartialChatResult | undefined;
}

/**
 * Attaches to a generation that is already running (or recently ended) without POSTing: for a
 * page reload that kept only the generation id, a second tab, or a Retry after `streamChat` gave
 * up resuming. `GET <url>/<generationId>` with `Last-Event-ID`, resumed on interruptions like
 * {@link streamChat}, returning the same {@link ChatStream}. If the server no longer has the
 * generation, `result` rejects with an {@link HttpError}: 404 `generation_not_found`, or 410
 * `resume_gap` when it no longer has the events after `lastEventId`.
 *
 * @example
 * const generationId = sessionStorage.getItem('generation');
 * if (generationId !== null) {
 *   const stream = resumeChat('/api/chat', generationId, {
 *     onText: (_delta, text) => { answerElement.textContent = text; },
 *   });
 *   const { text } = await stream.result;
 *   console.log(text);
 * }
 */
export function resumeChat(
  url: string | URL,
  generationId: string,
  options: ResumeChatOptions = {},
): ChatStream {
  const { partial, lastEventId: _lastEventId, ...streamOptions } = options;
  const lastEventId =
    options.lastEventId === undefined ? partial?.lastEventId : String(options.lastEventId);
  // Without a last id the server replays everything, so what `partial` holds would come twice.
  const seed: PartialChatResult =
    lastEventId === undefined
      ? { text: '', generationId }
      : { ...partial, text: partial?.text ?? '', generationId, lastEventId };
  return createChatStream({ url, seed }, streamOptions);
}
