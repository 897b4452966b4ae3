import type { ChatMessage } from '../chat/chat-message.js';

/**
 * A short label for an answer that did not end normally (shown as a badge), or undefined when
 * it finished on its own or is still streaming.
 */
export function describeEnding(
  message: Pick<ChatMessage, 'status' | 'finishReason'>,
): string | undefined {
  if (message.status === 'stopped' || message.finishReason === 'abort') return 'Stopped';
  if (message.status === 'error') return 'Interrupted';
  if (message.status === 'streaming') return undefined;
  switch (message.finishReason) {
    case 'length':
      return 'Cut off at the length limit';
    case 'content_filter':
      return 'Stopped by the content filter';
    default:
      return undefined;
  }
}
