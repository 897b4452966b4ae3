export { ARCHIVE_KEY } from './archive-key.js';
export type { ArchivedConversation } from './archived-conversation.js';
export { loadArchive } from './load-archive.js';
export { PastConversations } from './past-conversations.js';
export { saveArchive } from './save-archive.js';
export { titleOf } from './title-of.js';
