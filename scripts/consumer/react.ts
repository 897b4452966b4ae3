// @tokenwire/react from a consumer's node_modules: the hook imports under Node and type-checks.
import assert from 'node:assert/strict';
import { type UseChatOptions, type UseChatResult, useChat } from '@tokenwire/react';

const hook: (options: UseChatOptions) => UseChatResult = useChat;
assert.equal(typeof hook, 'function');
console.log('consumer: @tokenwire/react imports and type-checks');
