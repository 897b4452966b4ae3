import { type UseChatOptions, useChat } from '@tokenwire/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { AppHeader } from './chat/app-header.js';
import type { ChatMessage } from './chat/chat-message.js';
import { EmptyState } from './chat/empty-state.js';
import { ErrorAlert } from './chat/error-alert.js';
import { demoSuggestions, modelSuggestions } from './chat/suggestions.js';
import { useUpstreamKind } from './chat/use-upstream-kind.js';
import { Composer } from './composer/composer.js';
import { focusMessageBox } from './composer/focus-message-box.js';
import { ConversationLog, type ConversationLogHandle } from './conversation/conversation-log.js';
import type { MessageActions } from './conversation/message-actions.js';
import { ReconnectingStatus } from './conversation/reconnecting-status.js';
import { demoTools } from './demo-tools/index.js';
import {
  type ArchivedConversation,
  loadArchive,
  PastConversations,
  saveArchive,
  titleOf,
} from './history/index.js';
import { loadConversation, loadVersions, useConversationPersistence } from './persistence/index.js';
import { ConversationTree } from './versions/index.js';

export interface AppProps {
  /** The chat endpoint (see `resolveApiUrl`). */
  api: string;
  /** Where the conversation survives reloads; undefined keeps it in memory only. */
  storage?: Storage | undefined;
  /** Replaces `fetch` (tests). */
  fetch?: UseChatOptions['fetch'];
  /** How long a connection may stay silent before it counts as dead; undefined: the client's default. */
  silenceTimeoutMs?: number | undefined;
  /** Called after every commit with the messages on screen (the render-cost probe reads them). */
  onMessages?: ((messages: readonly ChatMessage[]) => void) | undefined;
}

/** The chat page: header, conversation, error alert and message box, on `useChat`. */
export function App({ api, storage, fetch, silenceTimeoutMs, onMessages }: AppProps) {
  const [initialMessages] = useState(() => loadConversation(storage));
  // Every version of every turn; useChat holds only the path on screen.
  const [initialTree] = useState(() =>
    ConversationTree.restore(initialMessages, loadVersions(storage)),
  );
  const treeRef = useRef(initialTree);
  /** The path as the store has it, ahead of the render (a Stop just before New chat). */
  const pathRef = useRef<readonly ChatMessage[]>(initialMessages);
  const conversationId = useRef(createConversationId());
  const [archive, setArchive] = useState(() => loadArchive(storage));
  const isDemo = useUpstreamKind(api) === 'demo';
  const chat = useChat({
    api,
    initialMessages,
    fetch,
    silenceTimeoutMs,
    // The demo's get_weather runs in the browser; a real model is offered no made-up tools.
    tools: isDemo ? demoTools : undefined,
    // Reported for every change, before any render: a stopped answer is kept even when a switch
    // of version replaces it in the same event.
    onMessagesChange: (next) => {
      pathRef.current = next;
      treeRef.current.record(next);
    },
  });
  const { messages, status, error } = chat;
  const isBusy = status === 'submitted' || status === 'streaming' || status === 'reconnecting';
  const last = messages.at(-1);
  const log = useRef<ConversationLogHandle>(null);
  const latest = useRef(chat);
  latest.current = chat;

  useConversationPersistence(storage, messages, isBusy, (path) => treeRef.current.save(path));
  useEffect(() => {
    saveArchive(storage, archive);
  }, [storage, archive]);
  useEffect(() => onMessages?.(messages), [onMessages, messages]);

  const send = useCallback(
    (text: string) => {
      log.current?.jumpToLatest();
      void chat.send(text);
      focusMessageBox();
      return true;
    },
    [chat.send],
  );

  const stop = useCallback(() => {
    chat.stop();
    focusMessageBox();
  }, [chat.stop]);

  const retry = useCallback(() => {
    log.current?.jumpToLatest();
    void chat.retry();
    focusMessageBox();
  }, [chat.retry]);

  const actions = useMemo<MessageActions>(
    () => ({
      onRegenerate: retry,
      onEdit: (messageId, text) => {
        log.current?.jumpToLatest();
        void latest.current.edit(messageId, text);
        focusMessageBox();
      },
      onSwitchVersion: (messageId, step) => {
        const path = treeRef.current.switchTo(latest.current.messages, messageId, step);
        if (path) latest.current.setMessages(path);
      },
    }),
    [retry],
  );

  // Escape stops a streaming answer from anywhere on the page (an open edit box keeps its own).
  useEffect(() => {
    if (!isBusy) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      event.preventDefault();
      stop();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [isBusy, stop]);

  /** Stops any answer and puts the conversation on screen (if any) at the top of the list. */
  const putAside = (): void => {
    chat.stop();
    const path = pathRef.current;
    const id = conversationId.current;
    if (path.length === 0) return;
    const entry: ArchivedConversation = {
      id,
      title: titleOf(path),
      updatedAt: Date.now(),
      messages: [...path],
      tree: treeRef.current.save(path),
    };
    setArchive((list) => [entry, ...list.filter((item) => item.id !== id)].slice(0, MAX_ARCHIVED));
  };

  const newChat = () => {
    putAside();
    treeRef.current = ConversationTree.restore([]);
    conversationId.current = createConversationId();
    chat.reset();
    focusMessageBox();
  };

  const openPast = (id: string) => {
    const entry = archive.find((item) => item.id === id);
    if (!entry) return;
    putAside();
    setArchive((list) => list.filter((item) => item.id !== id));
    treeRef.current = ConversationTree.restore(entry.messages, entry.tree);
    conversationId.current = entry.id;
    chat.setMessages(entry.messages);
    focusMessageBox();
  };

  const deletePast = (id: string) => {
    setArchive((list) => list.filter((item) => item.id !== id));
  };

  return (
    <div className="app">
      <AppHeader onNewChat={newChat} isDemo={isDemo}>
        <PastConversations archive={archive} onOpen={openPast} onDelete={deletePast} />
      </AppHeader>
      <main className="app-main">
        <ConversationLog
          ref={log}
          messages={messages}
          isBusy={isBusy}
          isWaiting={status === 'submitted' && last?.role !== 'assistant'}
          emptyState={
            <EmptyState suggestions={isDemo ? demoSuggestions : modelSuggestions} onPick={send} />
          }
          footer={
            (status === 'error' && <ErrorAlert error={error} onRetry={retry} />) ||
            (status === 'reconnecting' && <ReconnectingStatus />)
          }
          versionsOf={(messageId) => treeRef.current.versionsOf(messageId)}
          actions={actions}
        />
        <div className="composer-dock">
          <Composer onSend={send} onStop={stop} isBusy={isBusy} />
        </div>
      </main>
    </div>
  );
}

/** How many past conversations the list keeps (the oldest go first). */
const MAX_ARCHIVED = 50;

function createConversationId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `c${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
}
