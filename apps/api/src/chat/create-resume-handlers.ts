import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { type GenerationRegistry, StreamError } from '@tokenwire/server';
import type { Context } from 'hono';
import { ApiError } from '../http/api-error.js';
import type { ActiveChat, AppEnv, ServerState } from '../server/server-state.js';
import { readLastEventId } from './read-last-event-id.js';

/** What {@link createResumeHandlers} needs. */
export interface ResumeHandlerDependencies {
  registry: GenerationRegistry;
  state: ServerState;
  heartbeatMs: number;
  /** Throws 503 `server_busy` when another stream would not fit (`createCapacityCheck`). */
  checkCapacity: () => void;
  /** Headers middleware set (CORS), for a response written to Node directly. */
  headersFor: (c: Context<AppEnv>) => Record<string, string> | undefined;
}

const asApiError = (error: StreamError) =>
  new ApiError(error.status, error.code, error.message, {
    retryable: error.retryable,
    retryAfterSeconds: error.retryAfterSeconds,
  });

/**
 * `GET /api/chat/:id` (resume: the events after `Last-Event-ID`, then live to the end) and
 * `POST /api/chat/:id/stop` (Stop, wherever the answer runs; idempotent).
 *
 * @example
 * const { resume, stop } = createResumeHandlers({ registry, state, heartbeatMs: 15_000, checkCapacity, headersFor: () => undefined });
 * app.get('/api/chat/:id', resume);
 * app.post('/api/chat/:id/stop', stop);
 */
export function createResumeHandlers(dependencies: ResumeHandlerDependencies) {
  const { registry, state, heartbeatMs, checkCapacity, headersFor } = dependencies;
  return {
    async resume(c: Context<AppEnv>): Promise<Response> {
      checkCapacity();
      const lastEventId = readLastEventId(
        c.req.header('last-event-id'),
        c.req.query('lastEventId'),
      );
      const stream = await registry.resume(c.req.param('id') ?? '', { lastEventId, heartbeatMs });
      if (stream instanceof StreamError) throw asApiError(stream);
      const { outgoing } = c.env;
      if (outgoing.destroyed) return RESPONSE_ALREADY_SENT;
      const record = c.get('record');
      record.stream = stream;
      // A shutdown ends the stream with its retryable `server_shutdown` event, as for the first reader.
      const chat: ActiveChat = { terminate: () => stream.abort('server_shutdown') };
      state.activeChats.add(chat);
      outgoing.prependOnceListener('close', () => {
        state.activeChats.delete(chat);
        state.onChatEnd?.();
      });
      void stream.pipeToNodeResponse(outgoing, { headers: headersFor(c) });
      return RESPONSE_ALREADY_SENT;
    },

    async stop(c: Context<AppEnv>): Promise<Response> {
      const result = await registry.stop(c.req.param('id') ?? '');
      if (result instanceof StreamError) throw asApiError(result);
      return c.json(result);
    },
  };
}
