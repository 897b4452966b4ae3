import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../chat/chat-message.js';
import { ConversationTree } from './conversation-tree.js';

const user = (id: string, content = id): ChatMessage => ({ id, role: 'user', content });
const answer = (id: string, content = id, status: ChatMessage['status'] = 'done'): ChatMessage => ({
  id,
  role: 'assistant',
  content,
  status,
});

describe('ConversationTree', () => {
  it('keeps a regenerated answer as a second version and switches between them', () => {
    const first = [user('u1'), answer('a1')];
    const tree = ConversationTree.restore(first);
    const second = [user('u1'), answer('a2')];
    tree.record(second);
    expect(tree.versionsOf('a2')).toEqual({ index: 2, count: 2 });
    expect(tree.versionsOf('u1')).toEqual({ index: 1, count: 1 });
    expect(tree.switchTo(second, 'a2', -1)).toEqual(first);
    expect(tree.switchTo(second, 'a2', +1)).toBeUndefined();
    expect(tree.switchTo(first, 'a1', -1)).toBeUndefined();
  });

  it('an edited message keeps the conversation that followed each version', () => {
    const original = [user('u1'), answer('a1'), user('u2'), answer('a2')];
    const tree = ConversationTree.restore(original);
    const edited = [user('u1'), answer('a1'), user('u3', 'u2, edited'), answer('a3')];
    tree.record(edited);
    expect(tree.versionsOf('u3')).toEqual({ index: 2, count: 2 });
    expect(tree.switchTo(edited, 'u3', -1)).toEqual(original);
    // A deeper branch under the first version is remembered when switching back and forth.
    const deeper = [...original, user('u4'), answer('a4')];
    tree.record(deeper);
    expect(tree.switchTo(deeper, 'u2', +1)).toEqual(edited);
    expect(tree.switchTo(edited, 'u3', -1)).toEqual(deeper);
  });

  it('follows the latest content of a message while it streams', () => {
    const tree = ConversationTree.restore([user('u1')]);
    tree.record([user('u1'), answer('a1', 'Hel', 'streaming')]);
    tree.record([user('u1'), answer('a1', 'Hello', 'done')]);
    tree.record([user('u1'), answer('a2', '', 'streaming')]);
    expect(tree.switchTo([user('u1'), answer('a2')], 'a2', -1)?.at(-1)).toEqual(
      answer('a1', 'Hello', 'done'),
    );
  });

  it('does not keep an answer that ended before any text as a version', () => {
    const tree = ConversationTree.restore([user('u1'), answer('a1', '', 'stopped')]);
    tree.record([user('u1'), answer('a2')]);
    expect(tree.versionsOf('a2')).toEqual({ index: 1, count: 1 });
  });

  it('saves every version and restores the same tree from the path and the saved versions', () => {
    const tree = ConversationTree.restore([user('u1'), answer('a1')]);
    tree.record([user('u1'), answer('a2')]);
    tree.record([user('u1'), answer('a2'), user('u2'), answer('a3')]);
    const path = [user('u1'), answer('a2'), user('u2'), answer('a3')];
    const saved = JSON.parse(JSON.stringify(tree.save(path)));
    expect(saved.versions).toEqual([answer('a1')]);
    const restored = ConversationTree.restore(path, saved);
    expect(restored.versionsOf('a2')).toEqual({ index: 2, count: 2 });
    expect(restored.switchTo(path, 'a2', -1)).toEqual([user('u1'), answer('a1')]);
  });
});
