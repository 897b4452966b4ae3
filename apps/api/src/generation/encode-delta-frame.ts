const TAIL = '}\n\n';

/**
 * The `text-delta` frame of `seq` built from a delta that is already a JSON string literal —
 * `source[start, end)`, quotes included, as `scanContentChunk` finds it in an OpenAI chunk — by
 * copying its bytes: the same bytes `encodeEvent` gives for the decoded text when the literal is
 * what `JSON.stringify` would write (the scanner accepts no other), without a string per token.
 * The frame is a slice of Node's shared buffer pool, like any small `Buffer`.
 *
 * @example
 * const chunk = Buffer.from('"Hi"');
 * encodeDeltaFrame(3, chunk, 0, chunk.length).toString();
 * // 'id: 3\ndata: {"type":"text-delta","delta":"Hi"}\n\n'
 */
export function encodeDeltaFrame(seq: number, source: Buffer, start: number, end: number): Buffer {
  const head = `id: ${seq}\ndata: {"type":"text-delta","delta":`;
  const frame = Buffer.allocUnsafe(head.length + (end - start) + TAIL.length);
  let offset = frame.write(head, 0, 'latin1');
  offset += source.copy(frame, offset, start, end);
  frame.write(TAIL, offset, 'latin1');
  return frame;
}
