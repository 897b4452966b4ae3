import { createServer } from 'node:http';
import { describeExample, serveExample } from '@tokenwire/example-tests';
import { createApp } from './create-app.js';

describeExample('the Express example', (options) => serveExample(createServer(createApp(options))));
