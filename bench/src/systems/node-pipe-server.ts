/**
 * @module node-pipe: the least any Node hop can do: a node:http proxy that pipes the request to
 * the upstream's chat-completions route and its bytes back unchanged (it only drops hop-by-hop
 * headers, as any proxy must). Run as its own process by the bench (`node dist/systems/…`).
 */
import { Agent, createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { listenFromEnvironment } from './listen-from-environment.js';

const HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection'];

const upstream = new URL(process.env.UPSTREAM_URL ?? 'http://127.0.0.1:1/v1');
// Keep every upstream connection, as undici does for the openai SDK: Node's default of 256 free
// sockets would make node-pipe reconnect 744 times at the start of S3 and look worse than it is.
const poolOptions = {
  keepAlive: true,
  maxSockets: Number.POSITIVE_INFINITY,
  maxFreeSockets: 100_000,
};
// HTTPS for S9's distant provider (its certificate trusted through NODE_EXTRA_CA_CERTS).
const isHttps = upstream.protocol === 'https:';
const agent = isHttps ? new HttpsAgent(poolOptions) : new Agent(poolOptions);
const sendUpstream = isHttps ? httpsRequest : httpRequest;

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const copy = { ...headers };
  for (const name of HOP_BY_HOP) delete copy[name];
  return copy;
}

const server = createServer((request, response) => {
  const forward = sendUpstream(
    {
      host: upstream.hostname,
      port: upstream.port,
      method: request.method,
      path: `${upstream.pathname}/chat/completions`,
      headers: endToEnd(request.headers),
      agent,
    },
    (upstreamResponse) => {
      response.writeHead(upstreamResponse.statusCode ?? 502, endToEnd(upstreamResponse.headers));
      upstreamResponse.pipe(response);
    },
  );
  forward.on('error', () => {
    if (response.headersSent) response.destroy();
    else response.writeHead(502).end();
  });
  // The reader went away mid-stream: stop paying for the upstream's tokens.
  response.on('close', () => {
    if (!response.writableFinished) forward.destroy();
  });
  request.pipe(forward);
});

listenFromEnvironment(server);
