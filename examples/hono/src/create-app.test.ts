import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { describeExample, serveExample } from '@tokenwire/example-tests';
import { createApp } from './create-app.js';

describeExample('the Hono example', (options) =>
  serveExample(createAdaptorServer({ fetch: createApp(options).fetch }) as Server),
);
