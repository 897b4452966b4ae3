import { createEventDecoder, type TokenwireEvent } from '@tokenwire/protocol';

/** Every event of a protocol body, and how many heartbeats it carried. */
export async function readFrames(
  body: ReadableStream<Uint8Array> | null,
): Promise<{ events: TokenwireEvent[]; text: string; heartbeats: number }> {
  const events: TokenwireEvent[] = [];
  const decoder = createEventDecoder({ onEvent: (event) => events.push(event) });
  let raw = '';
  const utf8 = new TextDecoder();
  const reader = body?.getReader();
  for (let result = await reader?.read(); result && !result.done; result = await reader?.read()) {
    raw += utf8.decode(result.value, { stream: true });
    decoder.push(result.value);
  }
  decoder.end();
  const text = events.map((event) => (event.type === 'text-delta' ? event.delta : '')).join('');
  return { events, text, heartbeats: raw.split(': ping\n\n').length - 1 };
}
