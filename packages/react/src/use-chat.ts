import { useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { createChatStore } from './create-chat-store.js';
import type { UseChatOptions, UseChatResult } from './types.js';

// useLayoutEffect warns during server rendering in React 18; the options only matter in a browser.
const useIsomorphicLayoutEffect = typeof document === 'undefined' ? useEffect : useLayoutEffect;

/**
 * A chat conversation streamed from a tokenwire API. While an answer streams, React renders at
 * most once per animation frame however fast tokens arrive. Unmounting aborts the answer in flight.
 *
 * @example
 * function Chat() {
 *   const { messages, status, error, send, stop, retry } = useChat({ api: '/api/chat' });
 *   const [draft, setDraft] = useState('');
 *   return (
 *     <form onSubmit={(event) => { event.preventDefault(); send(draft); setDraft(''); }}>
 *       {messages.map((message) => (
 *         <p key={message.id} data-role={message.role}>{message.content}</p>
 *       ))}
 *       {error && <button type="button" onClick={retry}>Retry ({error.message})</button>}
 *       <input value={draft} onChange={(event) => setDraft(event.target.value)} />
 *       {status === 'streaming' ? <button type="button" onClick={stop}>Stop</button> : <button>Send</button>}
 *     </form>
 *   );
 * }
 */
export function useChat(options: UseChatOptions): UseChatResult {
  const optionsRef = useRef(options);
  useIsomorphicLayoutEffect(() => {
    optionsRef.current = options;
  });
  const [store] = useState(() =>
    createChatStore(options.initialMessages ?? [], () => optionsRef.current),
  );
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
  useEffect(() => () => store.dispose(), [store]);
  useEffect(() => {
    // A timer, not the effect itself: StrictMode's mount-unmount-mount in development would
    // otherwise attach and then stop (upstream too) the answer it means to continue.
    const timer = setTimeout(() => void store.resumeInterrupted(), 0);
    return () => clearTimeout(timer);
  }, [store]);
  return useMemo(
    () => ({
      messages: state.messages,
      status: state.status,
      error: state.error,
      send: store.send,
      stop: store.stop,
      retry: store.retry,
      edit: store.edit,
      setMessages: store.setMessages,
      reset: store.reset,
    }),
    [state, store],
  );
}
