import type { CompletionStream } from '@tokenwire/server';
import type { Logger } from 'pino';
import type { ChatRequest } from '../chat/chat-request-schema.js';

/** A chat request in flight, from its body being read to its response closing. */
export interface ActiveChat {
  /** Ends it for a shutdown: `server_shutdown` as an event, or as a 503 before the first byte. */
  terminate(): void;
}

/** What the routes and the shutdown share. */
export interface ServerState {
  isShuttingDown: boolean;
  readonly activeChats: Set<ActiveChat>;
  /** Runs each time a chat leaves `activeChats`, so the shutdown knows when all are done. */
  onChatEnd: (() => void) | undefined;
}

/** What one request's log line is made of, filled in by the route as it goes. */
export interface RequestRecord {
  ip: string;
  /** The model answer, once the upstream call started. */
  stream?: CompletionStream;
  messages?: ChatRequest['messages'];
  errorCode?: string;
}

/** Hono's typing for the app: Node bindings and the per-request record. */
export interface AppEnv {
  Bindings: {
    incoming: import('node:http').IncomingMessage;
    outgoing: import('node:http').ServerResponse;
  };
  Variables: { record: RequestRecord; logger: Logger };
}
