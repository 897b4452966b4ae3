import OpenAI from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { MockOpenAI } from '../types.js';

/** A real SDK client for the mock; retries off unless a test is about retries. */
export function createClient(
  mock: MockOpenAI,
  options: { apiKey?: string; maxRetries?: number } = {},
): OpenAI {
  return new OpenAI({
    baseURL: mock.url,
    apiKey: options.apiKey ?? 'test',
    maxRetries: options.maxRetries ?? 0,
  });
}

/** Every chunk of a stream, plus the concatenated content. */
export async function collectChunks(
  stream: AsyncIterable<ChatCompletionChunk>,
): Promise<{ chunks: ChatCompletionChunk[]; text: string; contentChunks: number }> {
  const chunks: ChatCompletionChunk[] = [];
  let text = '';
  let contentChunks = 0;
  for await (const chunk of stream) {
    chunks.push(chunk);
    const content = chunk.choices[0]?.delta.content;
    if (content) {
      text += content;
      contentChunks++;
    }
  }
  return { chunks, text, contentChunks };
}

/** Reads a stream until it errors, returning what arrived first and the error. */
export async function collectUntilError(
  stream: AsyncIterable<ChatCompletionChunk>,
): Promise<{ contents: string[]; error: unknown }> {
  const contents: string[] = [];
  try {
    for await (const chunk of stream) {
      const content = chunk.choices[0]?.delta.content;
      if (content) contents.push(content);
    }
  } catch (error) {
    return { contents, error };
  }
  return { contents, error: undefined };
}

/** A one-message request body. */
export function ask(content: string): {
  model: string;
  messages: Array<{ role: 'user'; content: string }>;
} {
  return { model: 'gpt-4o-mini', messages: [{ role: 'user', content }] };
}
