// Type test, checked by `tsc` (`pnpm --filter @tokenwire/api typecheck`): a validated request is the
// SDK's own parameter type as it is, so no field the schema accepts can be lost or mistyped on its
// way upstream, and an SDK upgrade that changes a type breaks the build here.
import type OpenAI from 'openai';
import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import { expectTypeOf } from 'vitest';
import type { ChatMessage, ChatRequest } from './chat-request-schema.js';

declare const request: ChatRequest;
declare const client: OpenAI;

// Without casts: the request, a model and `stream: true` are the streaming create's parameters.
const params = { ...request, model: request.model ?? 'gpt-4o-mini', stream: true as const };
expectTypeOf(params).toExtend<ChatCompletionCreateParamsStreaming>();
void client.chat.completions.create({ ...request, model: 'gpt-4o-mini', stream: true });

// Each message is one of the SDK's message params, and the messages are what `config.logContent` keeps.
expectTypeOf<ChatMessage>().toExtend<OpenAI.Chat.Completions.ChatCompletionMessageParam>();
expectTypeOf<ChatRequest['tools']>().toExtend<ChatCompletionCreateParamsStreaming['tools']>();
expectTypeOf<ChatRequest['tool_choice']>().toExtend<
  ChatCompletionCreateParamsStreaming['tool_choice']
>();
