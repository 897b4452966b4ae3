import type { SseFrame } from '../sse-frame.js';
import { encodeHttpChunk } from './encode-http-chunk.js';
import type { NodeResponseLike } from './pipe-to-node-response.js';

/** What a {@link createFrameWriter} writes SSE frames and heartbeats through, in order. */
export interface FrameWriter {
  /** Writes one SSE frame; `false` when the host is full, and `onDrain` runs once it has room. */
  write(sseFrame: SseFrame): boolean;
  /** Stops waiting for room (the response ended or closed; its socket may serve another request). */
  stop(): void;
}

/** Options for {@link createFrameWriter}. */
export interface FrameWriterOptions {
  /** Write a frame straight to the socket when the guard allows (see {@link createFrameWriter}). */
  directWrites: boolean;
  /** Runs once after a `write` returned `false`, when the bytes queued have gone. */
  onDrain: () => void;
}

/** The socket under Node's response, as far as a direct write needs it. */
interface SocketLike {
  write(chunk: Uint8Array): boolean;
  once(event: 'drain', listener: () => void): unknown;
  off(event: 'drain', listener: () => void): unknown;
  readonly writable: boolean;
  readonly writableLength: number;
}

/**
 * Fields of Node's `ServerResponse` (lib/_http_outgoing.js) the guard reads. Other hosts lack
 * them, so they are not part of {@link NodeResponseLike}; a missing one means "write through".
 */
interface NodeResponseFields {
  readonly socket?: SocketLike | null | undefined;
  readonly chunkedEncoding?: boolean | undefined;
  readonly _headerSent?: boolean | undefined;
  readonly _hasBody?: boolean | undefined;
  readonly writableLength?: number | undefined;
}

type Drainable = Pick<SocketLike, 'once' | 'off'>;

/**
 * Writes SSE frames to a Node response. Through `response.write`, Node corks the socket, defers
 * the uncork to a tick and queues four writes per frame (hex length, CRLF, frame, CRLF); when the
 * response is Node's own chunked HTTP/1.1 response whose header block is already out and which
 * holds no bytes of its own, this writes the same bytes as one chunk with one `socket.write`
 * instead. Anything else — `write` or `end` patched (compression middleware) or overridden, no
 * socket yet (a pipelined response waiting its turn), HTTP/1.0 or HTTP/2, a socket ending or gone —
 * goes through `response.write`, so the bytes on the wire are the same either way.
 *
 * The chunk is a `Uint8Array`, not a `Buffer`, to keep the core free of Node globals: Node wraps
 * it in a Buffer view without copying it.
 */
export function createFrameWriter(
  response: NodeResponseLike,
  options: FrameWriterOptions,
): FrameWriter {
  const node = response as NodeResponseLike & NodeResponseFields;
  // Decided once the header block is out: Node fixes chunked encoding and the body in writeHead,
  // and the prototype's write and end do not change under a running response.
  let isNodeChunked: boolean | undefined;
  // Checked on every write, as each can change while the response runs.
  const canWriteDirect = (socket: SocketLike): boolean => {
    if (
      // The header block went out with the first write (Node sends it with body bytes, or
      // flushHeaders), straight to the socket or into the response's own queue.
      node._headerSent !== true ||
      // False once the socket is ending, ended, errored or destroyed.
      !socket.writable ||
      // Bytes the response queued itself (a pipelined response before its turn) go first.
      node.writableLength !== socket.writableLength ||
      // A write patched after the first frames would be bypassed; a patched end is still
      // called, and one patched before the stream fails isNodesChunkedResponse.
      Object.hasOwn(response, 'write')
    ) {
      return false;
    }
    isNodeChunked ??= isNodesChunkedResponse(node);
    return isNodeChunked;
  };
  let drainSource: Drainable | undefined;
  const onDrain = () => {
    drainSource = undefined;
    options.onDrain();
  };
  const waitForDrain = (source: Drainable) => {
    if (drainSource !== undefined) return;
    drainSource = source;
    source.once('drain', onDrain);
  };

  return {
    write(sseFrame) {
      const { socket } = node;
      // Node writes nothing for an empty write, and an empty chunk would end the body.
      if (options.directWrites && sseFrame.length > 0 && socket != null && canWriteDirect(socket)) {
        // Node's response 'drain' follows only its own writes (kNeedDrain); the socket's, these.
        if (socket.write(encodeHttpChunk(sseFrame))) return true;
        waitForDrain(socket);
        return false;
      }
      if (response.write(sseFrame)) return true;
      waitForDrain(response);
      return false;
    },
    stop() {
      drainSource?.off('drain', onDrain);
      drainSource = undefined;
    },
  };
}

/**
 * Node's own `write` and `end` (both from `OutgoingMessage.prototype`, the one that owns
 * `_writeRaw`, not a subclass's or HTTP/2's), chunked, with a body (not HEAD, 204 or 304).
 */
function isNodesChunkedResponse(response: NodeResponseLike & NodeResponseFields): boolean {
  const writeOwner = ownerOf(response, 'write');
  return (
    response.chunkedEncoding === true &&
    response._hasBody === true &&
    writeOwner !== undefined &&
    writeOwner === ownerOf(response, 'end') &&
    Object.hasOwn(writeOwner, '_writeRaw')
  );
}

function ownerOf(object: object, key: string): object | undefined {
  for (let owner: object | null = object; owner !== null; owner = Object.getPrototypeOf(owner)) {
    if (Object.hasOwn(owner, key)) return owner;
  }
  return undefined;
}
