import { type UseChatOptions, useChat } from '@tokenwire/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { AppHeader } from './chat/app-header.js';
import type { ChatMessage } from './chat/chat-message.js';
import { EmptyState } from './chat/empty-state.js';
import { ErrorAlert } from './chat/error-alert.js';
import { Composer } from './composer/composer.js';
import { ConversationLog, type ConversationLogHandle } from './conversation/conversation-log.js';
import { loadConversation, useConversationPersistence } from './persistence/index.js';

export interface AppProps {
  /** The chat endpoint (see `resolveApiUrl`). */
  api: string;
  /** Where the conversation survives reloads; undefined keeps it in memory only. */
  storage?: Storage | undefined;
  /** Replaces `fetch` (tests). */
  fetch?: UseChatOptions['fetch'];
  /** Called after every commit with the messages on screen (the render-cost probe reads them). */
  onMessages?: ((messages: readonly ChatMessage[]) => void) | undefined;
}

/** The chat page: header, conversation, error alert and message box, on `useChat`. */
export function App({ api, storage, fetch, onMessages }: AppProps) {
  const [initialMessages] = useState(() => loadConversation(storage));
  const chat = useChat({ api, initialMessages, fetch });
  const { messages, status, error } = chat;
  const isBusy = status === 'submitted' || status === 'streaming';
  const last = messages.at(-1);
  const log = useRef<ConversationLogHandle>(null);

  useConversationPersistence(storage, messages, isBusy);
  useEffect(() => onMessages?.(messages), [onMessages, messages]);

  const send = useCallback(
    (text: string) => {
      log.current?.jumpToLatest();
      void chat.send(text);
      return true;
    },
    [chat.send],
  );

  const newChat = () => {
    chat.stop();
    chat.reset();
    document.querySelector<HTMLTextAreaElement>('.composer-input')?.focus();
  };

  return (
    <div className="app">
      <AppHeader onNewChat={newChat} />
      <main className="app-main">
        <ConversationLog
          ref={log}
          messages={messages}
          isBusy={isBusy}
          isWaiting={status === 'submitted' && last?.role !== 'assistant'}
          emptyState={<EmptyState onPick={send} />}
          footer={
            status === 'error' && <ErrorAlert error={error} onRetry={() => void chat.retry()} />
          }
        />
        <div className="composer-dock">
          <Composer onSend={send} onStop={chat.stop} isBusy={isBusy} />
        </div>
      </main>
    </div>
  );
}
