export { CONVERSATION_KEY } from './conversation-key.js';
export { loadConversation, parseMessages } from './load-conversation.js';
export { loadVersions, parseSavedTree } from './load-versions.js';
export { saveConversation } from './save-conversation.js';
export { useConversationPersistence } from './use-conversation-persistence.js';
