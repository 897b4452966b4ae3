import { useEffect, useRef } from 'react';
import type { ChatMessage } from '../chat/chat-message.js';
import type { SavedTree } from '../versions/index.js';
import { saveConversation } from './save-conversation.js';

/** While an answer streams, save at most this often (ms): a reload mid-answer keeps most of it. */
const STREAMING_SAVE_INTERVAL = 1000;

/**
 * Saves the conversation whenever it settles (a message sent, an answer finished, stopped or
 * failed), at most once a second while an answer streams, and once more when the page is
 * hidden or unloaded. Serializing the whole conversation on every frame would cost more than the
 * frame itself on long chats.
 */
export function useConversationPersistence(
  storage: Storage | undefined,
  messages: readonly ChatMessage[],
  isStreaming: boolean,
  /** The earlier versions to save with `messages`, read at the time of saving. */
  getVersions?: (messages: readonly ChatMessage[]) => SavedTree | undefined,
): void {
  const latest = useRef(messages);
  latest.current = messages;
  const versions = useRef(getVersions);
  versions.current = getVersions;
  const lastSave = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // After `pagehide` the page is going away: its requests are being torn down, and the failure
  // that produces must not overwrite the snapshot taken while the answer was still streaming.
  const isLeaving = useRef(false);

  useEffect(() => {
    const save = () => {
      clearTimeout(pending.current);
      pending.current = undefined;
      if (isLeaving.current) return;
      lastSave.current = Date.now();
      saveConversation(storage, latest.current, versions.current?.(latest.current));
    };
    if (!isStreaming) {
      save();
      return;
    }
    if (pending.current !== undefined) return;
    const wait = Math.max(0, lastSave.current + STREAMING_SAVE_INTERVAL - Date.now());
    pending.current = setTimeout(save, wait);
  }, [storage, messages, isStreaming]);

  useEffect(() => {
    const flush = () => {
      saveConversation(storage, latest.current, versions.current?.(latest.current));
      isLeaving.current = true;
    };
    // Back from the back/forward cache: the page lives on.
    const onShow = () => {
      isLeaving.current = false;
    };
    window.addEventListener('pagehide', flush);
    window.addEventListener('pageshow', onShow);
    return () => {
      window.removeEventListener('pagehide', flush);
      window.removeEventListener('pageshow', onShow);
      clearTimeout(pending.current);
    };
  }, [storage]);
}
