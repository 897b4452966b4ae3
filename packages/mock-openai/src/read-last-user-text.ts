import type { MockChatCompletionRequest } from './types.js';

/**
 * The text of the last `user` message: a string content, or its `text` parts joined.
 *
 * @example
 * readLastUserText({ model: 'm', messages: [{ role: 'user', content: 'Hi' }] }); // 'Hi'
 */
export function readLastUserText(request: MockChatCompletionRequest): string {
  for (let index = request.messages.length - 1; index >= 0; index--) {
    const message = request.messages[index];
    if (message?.role !== 'user') continue;
    const { content } = message;
    if (typeof content === 'string') return content;
    if (Array.isArray(content)) {
      return content.map((part) => (typeof part.text === 'string' ? part.text : '')).join('');
    }
    return '';
  }
  return '';
}
