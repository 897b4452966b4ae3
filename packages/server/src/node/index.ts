/**
 * @module Node speed-ups for @tokenwire/server: a keep-alive `fetch` on `node:http` for the
 * openai SDK, the reader that takes its bodies straight from the socket's stream, more
 * acceptors for a busy server's listening socket, and the flush of a turn's frame writes.
 */

export { flushFrameWrites } from '../sinks/create-frame-writer.js';
export { type AddAcceptorsOptions, addAcceptors } from './add-acceptors.js';
export { createNodeFetch, type NodeFetch, type NodeFetchOptions } from './create-node-fetch.js';
export { readNodeBody } from './read-node-body.js';
