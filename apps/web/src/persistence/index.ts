export { CONVERSATION_KEY } from './conversation-key.js';
export { loadConversation } from './load-conversation.js';
export { saveConversation } from './save-conversation.js';
export { useConversationPersistence } from './use-conversation-persistence.js';
