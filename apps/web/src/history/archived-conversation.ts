import type { ChatMessage } from '../chat/chat-message.js';
import type { SavedTree } from '../versions/index.js';

/** A conversation put aside by New chat (or by opening another one), kept in this browser. */
export interface ArchivedConversation {
  id: string;
  /** The first question, shortened: what the list shows. */
  title: string;
  /** When it was put aside (`Date.now()` ms). */
  updatedAt: number;
  /** The path that was on screen. */
  messages: ChatMessage[];
  /** Its other versions. */
  tree?: SavedTree | undefined;
}
