export { ConversationTree, type MessageVersions, type SavedTree } from './conversation-tree.js';
