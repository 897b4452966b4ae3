/**
 * @module Internal to tokenwire's own packages, outside semver: may change in any release.
 */
import { createSseParser, type SseParser } from './create-sse-parser.js';
import type { SseByteParserOptions } from './sse-byte-parser-options.js';

export type { SseByteParserOptions } from './sse-byte-parser-options.js';

/**
 * {@link createSseParser} with the byte fast path ({@link SseByteParserOptions.onDataBytes}).
 *
 * @example
 * const parser = createSseByteParser({ onMessage: () => {}, onDataBytes: () => false });
 * parser.feed(new TextEncoder().encode('data: {}\n\n'));
 */
export const createSseByteParser: (options: SseByteParserOptions) => SseParser = createSseParser;
