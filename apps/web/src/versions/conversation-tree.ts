import type { ChatMessage } from '../chat/chat-message.js';

/** Where a message stands among its versions: `index` counts from 1. */
export interface MessageVersions {
  index: number;
  count: number;
}

/** What {@link ConversationTree.save} writes next to the path shown. */
export interface SavedTree {
  /** Every message id with the id of the message before it (`''` for a first turn), oldest first. */
  order: Array<[id: string, parentId: string]>;
  /** The messages that are not on the path shown. */
  versions: ChatMessage[];
}

/** The parent id of a conversation's first turns. */
const ROOT = '';

/**
 * Every version of a conversation, as a tree of turns: a regenerated answer or an edited message
 * becomes a sibling of the one it replaced, and each keeps the turns that followed it. `useChat`
 * holds only the path on screen; {@link record} learns every path it shows, so nothing is lost,
 * and {@link switchTo} builds the path through another version for `setMessages`.
 *
 * @example
 * const tree = ConversationTree.restore(messages);
 * tree.record(nextMessages); // from onMessagesChange
 * const path = tree.switchTo(nextMessages, 'a1', -1); // the previous version of answer a1
 */
export class ConversationTree {
  private readonly parents = new Map<string, string>();
  private readonly children = new Map<string, string[]>();
  private readonly messages = new Map<string, ChatMessage>();
  /** The child last shown after each message: switching back returns to it. */
  private readonly shown = new Map<string, string>();

  /** A tree holding `path`, plus the versions saved by {@link save} (validated loosely). */
  static restore(path: readonly ChatMessage[], saved?: SavedTree): ConversationTree {
    const tree = new ConversationTree();
    if (saved) {
      const byId = new Map<string, ChatMessage>();
      for (const message of [...saved.versions, ...path]) byId.set(message.id, message);
      for (const [id, parentId] of saved.order) {
        const message = byId.get(id);
        if (message && !tree.parents.has(id)) tree.add(message, parentId);
      }
    }
    tree.record(path);
    return tree;
  }

  /** Learns the path on screen: new messages join the tree, changed ones are updated. */
  record(path: readonly ChatMessage[]): void {
    let parentId = ROOT;
    for (const message of path) {
      if (this.parents.has(message.id)) this.messages.set(message.id, message);
      else this.add(message, parentId);
      this.shown.set(parentId, message.id);
      parentId = message.id;
    }
  }

  /** The version counter of a message: `{ index: 2, count: 2 }` reads "2 / 2". */
  versionsOf(messageId: string): MessageVersions {
    const siblings = this.children.get(this.parents.get(messageId) ?? ROOT) ?? [];
    const index = siblings.indexOf(messageId);
    return index < 0 ? { index: 1, count: 1 } : { index: index + 1, count: siblings.length };
  }

  /**
   * The path through the version `step` away from `messageId` (−1 previous, +1 next): the turns
   * before it as on screen, that version, then the turns last shown after it. Undefined when
   * there is no such version.
   */
  switchTo(
    path: readonly ChatMessage[],
    messageId: string,
    step: number,
  ): ChatMessage[] | undefined {
    const position = path.findIndex((message) => message.id === messageId);
    if (position < 0) return undefined;
    const siblings = this.children.get(this.parents.get(messageId) ?? ROOT) ?? [];
    const targetId = siblings[siblings.indexOf(messageId) + step];
    const target = targetId === undefined ? undefined : this.messages.get(targetId);
    if (!target) return undefined;
    const next = [...path.slice(0, position), target];
    for (let id = target.id; ; ) {
      const childId = this.shown.get(id) ?? this.children.get(id)?.at(-1);
      const child = childId === undefined ? undefined : this.messages.get(childId);
      if (!child) break;
      next.push(child);
      id = child.id;
    }
    return next;
  }

  /** What to store next to `path` so {@link restore} rebuilds every version. */
  save(path: readonly ChatMessage[]): SavedTree {
    const onPath = new Set(path.map((message) => message.id));
    const order: Array<[string, string]> = [];
    const versions: ChatMessage[] = [];
    for (const [id, parentId] of this.parents) {
      order.push([id, parentId]);
      const message = this.messages.get(id);
      if (message && !onPath.has(id)) versions.push(message);
    }
    return { order, versions };
  }

  private add(message: ChatMessage, parentId: string): void {
    const siblings = this.children.get(parentId) ?? [];
    // An answer that ended before any text (stopped at once, failed before the first token) is
    // not a version worth paging through: the one replacing it takes its place.
    const kept = siblings.filter((id) => !this.isEmptyAnswer(id));
    for (const id of siblings) if (!kept.includes(id)) this.forget(id);
    kept.push(message.id);
    this.children.set(parentId, kept);
    this.parents.set(message.id, parentId);
    this.messages.set(message.id, message);
  }

  private isEmptyAnswer(id: string): boolean {
    const message = this.messages.get(id);
    return (
      message?.role === 'assistant' &&
      message.content === '' &&
      message.status !== 'streaming' &&
      !this.children.has(id)
    );
  }

  private forget(id: string): void {
    this.parents.delete(id);
    this.messages.delete(id);
  }
}
