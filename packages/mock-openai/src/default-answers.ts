/**
 * The markdown answers the mock streams by default, one picked deterministically per prompt.
 * Each has a heading, a paragraph, a list, a fenced code block with a language, a table, inline
 * code and a link, plus multi-byte text (accents, CJK, emoji including ZWJ sequences), so a
 * renderer and a decoder both meet the awkward cases in every answer.
 *
 * @example
 * const first = defaultAnswers[0]; // '## Streaming, token by token\n\n…'
 */
export const defaultAnswers: readonly string[] = [
  `## Streaming, token by token

A model writes its answer one token at a time, so the server can forward each piece as soon as it exists. The reader sees the first words after a few hundred milliseconds instead of waiting for the whole *réponse* — that's the café-au-lait trick: serve it while it's hot ☕.

- Send \`Content-Type: text/event-stream\` and flush after every frame.
- Keep the connection alive with a comment line every 15 s.
- Resume with \`Last-Event-ID\` when the network blinks 📶.

\`\`\`ts
const response = await fetch('/api/chat', { method: 'POST', body });
for await (const chunk of response.body!) {
  process.stdout.write(chunk);
}
\`\`\`

| Step | Latency | Note |
| --- | ---: | --- |
| First token | 250 ms | 最初のトークン |
| Full answer | 4.2 s | naïve clients wait here |

Read more in the [MDN guide to server-sent events](https://developer.mozilla.org/en-US/docs/Web/API/Server-sent_events). Happy streaming 👩‍💻!
`,
  `### Why proxies buffer

Reverse proxies such as nginx collect a response before passing it on, which turns a smooth stream into one late burst. Straße, façade, 日本語の文章 — every byte still has to arrive in order, and a UTF-8 character may be cut between two TCP packets.

1. Disable buffering with \`X-Accel-Buffering: no\`.
2. Avoid compression for \`text/event-stream\` responses.
3. Test behind the real proxy, not just \`localhost\` 🧪.

\`\`\`nginx
location /api/ {
    proxy_pass http://api:3000;
    proxy_buffering off;
    proxy_read_timeout 1h;
}
\`\`\`

| Setting | Default | Streaming |
| :-- | :-: | :-- |
| \`proxy_buffering\` | on | off |
| \`gzip\` | varies | off |
| 超时 (timeout) | 60 s | 1 h |

See the [nginx proxy module docs](https://nginx.org/en/docs/http/ngx_http_proxy_module.html) for details. 👨‍👩‍👧‍👦 families of emoji are a single grapheme but many code points.
`,
  `# Decoding without tears

When bytes arrive in arbitrary chunks, decode them with a streaming \`TextDecoder\` so a multi-byte character split across chunks (é, 中, 🎉) is joined before it is shown. Crème brûlée for the renderer: it only ever sees whole characters.

* Create one decoder per stream: \`new TextDecoder('utf-8')\`.
* Call \`decode(chunk, { stream: true })\` for every chunk.
* Flush once at the end with \`decode()\`.

\`\`\`js
const decoder = new TextDecoder();
let text = '';
for await (const bytes of stream) {
  text += decoder.decode(bytes, { stream: true });
}
text += decoder.decode();
\`\`\`

| Character | UTF-8 bytes | UTF-16 units |
| --- | ---: | ---: |
| é | 2 | 1 |
| 中 | 3 | 1 |
| 🎉 | 4 | 2 |
| 🏳️‍🌈 | 14 | 6 |

The [Encoding Standard](https://encoding.spec.whatwg.org/) defines the exact rules. 한국어도 잘 됩니다 ✅.
`,
  `## Retrying a broken stream

Networks drop connections mid-answer, especially on mobile. A good client notices the silence, keeps what it already rendered, and asks again — à bientôt, not adieu 👋.

- Detect stalls with an idle timer (say \`30_000\` ms).
- Retry with exponential backoff: 1 s, 2 s, 4 s…
- Show the partial answer and a **Retry** button 🔁.

\`\`\`python
import time

for attempt in range(5):
    try:
        stream_answer()
        break
    except ConnectionError:
        time.sleep(2 ** attempt)
\`\`\`

| Attempt | Delay | 状態 |
| --- | --- | --- |
| 1 | 1 s | 再試行 |
| 2 | 2 s | 再試行 |
| 3 | 4 s | 成功 🎉 |

Background reading: [Exponential backoff](https://en.wikipedia.org/wiki/Exponential_backoff). Ça marche! 🧑‍🚀
`,
];
