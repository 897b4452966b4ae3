/**
 * The markdown answers the mock streams by default, one picked deterministically per prompt.
 * Each has a heading, a paragraph, a list, a fenced code block with a language, a table, inline
 * code and a link, plus multi-byte text (accents, CJK, emoji including ZWJ sequences), so a
 * renderer and a decoder both meet the awkward cases in every answer. Two have a job in the
 * demo: a long one (index 4, to scroll through) and one with `$…$` and `$$…$$` math (index 5);
 * the web app's demo suggestions use prompts that pick them (see the test).
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
  `# A long answer: the life of a streamed token

This is the demo model's long answer, written to fill the screen so you can scroll up while it streams, watch **Jump to latest** appear, and see that sending a follow-up still brings the new turn into view. It follows one token from the model to your screen — a little *voyage* in six stops 🚂.

## 1. The model writes a token

A language model does not write sentences; it writes tokens, pieces of a few characters each. Every token costs a forward pass through the network, so tokens come out one at a time, tens per second. Waiting for the last one before showing the first wastes most of the reader's patience: the first words exist after a few hundred milliseconds, the last ones seconds later.

- A token is often a word piece: \`stream\` + \`ing\`.
- A multi-byte character may be split across two tokens: é, 中, 🎉.
- The model says when it is done with a finish reason: \`stop\`, \`length\` or \`content_filter\`.

## 2. The upstream streams it

An OpenAI-compatible server sends each token as a server-sent event: a \`data:\` line holding a JSON chunk, then an empty line. The API reads those bytes as they arrive, without waiting for the response to end, and never parses more than it needs.

\`\`\`ts
const completion = await openai.chat.completions.create({
  model: 'gpt-4o-mini',
  messages,
  stream: true,
});
for await (const chunk of completion) {
  const delta = chunk.choices[0]?.delta.content ?? '';
  if (delta !== '') send({ type: 'text-delta', delta });
}
\`\`\`

## 3. The API re-emits it

tokenwire's API turns each upstream chunk into one protocol frame: an \`id:\` line with a sequence number and one line of JSON. The sequence number is what a reconnect uses to ask for exactly what it missed. Heartbeats — a comment line every 15 s — keep proxies from closing a quiet connection while the model thinks.

| Stage | What travels | Typical delay |
| --- | --- | ---: |
| Model → API | OpenAI SSE chunk | 20–50 ms per token |
| API → proxy | tokenwire frame | < 1 ms |
| Proxy → browser | the same bytes, unbuffered | network RTT |
| Browser → screen | one render per frame | ≤ 16 ms |

## 4. The proxy passes it on

Reverse proxies love to buffer. nginx collects a response before it passes it on unless told otherwise, and compression waits for enough bytes to compress. Both turn a smooth stream into a late burst, which is why the API sends \`X-Accel-Buffering: no\` and why \`text/event-stream\` should never be gzipped. Straße, façade, 日本語 — whatever the text, the bytes must arrive in order and unmodified.

## 5. The browser decodes it

The client reads the body with a stream reader and a streaming \`TextDecoder\`, so a character split between two network packets is joined before anyone sees it. It parses the frames incrementally, in linear time however the bytes are cut, and hands each text delta to the UI. A stream that ends without a \`finish\` event is reported as *truncated*, never as a normal end: the partial answer stays on screen, marked **Interrupted**, with a Retry.

1. Read bytes as they come.
2. Decode them with \`{ stream: true }\`.
3. Split frames on blank lines and parse one JSON line each.
4. Append the delta to the answer.

## 6. React paints it

However fast tokens arrive, the chat renders at most once per animation frame: deltas update a store outside React, and one \`requestAnimationFrame\` callback publishes them. At 500 tokens per second that is still about sixty renders a second, not five hundred. The markdown renderer repairs an unfinished code fence or table on every frame, so half an answer never flashes raw syntax.

## Why all of this matters

Latency is felt, not measured. A reader who sees words after 300 ms trusts the tool; one who stares at a spinner for eight seconds starts to wonder whether anything works. Streaming is also honest about failure: when the network blinks, what arrived is kept, the state says so, and one click asks again. Stop is real too — it aborts the model call upstream within milliseconds, so nobody pays for tokens no one will read.

## Things to try in this demo

- Scroll up while this answer streams, then press **Jump to latest**.
- Press **Stop** (or Escape) halfway, then **Regenerate**: the first version is kept, and the counter shows 2 / 2.
- Edit your question with the pencil button: the earlier branch of the conversation stays one click away.
- Reload the page: the conversation, its versions and a half-finished answer all come back.

Further reading: the [WHATWG server-sent events spec](https://html.spec.whatwg.org/multipage/server-sent-events.html). 한국어, Ελληνικά, العربية — every script streams the same way. That's the end of the long answer 🏁.
`,
  `## The math of a streamed answer

This is the demo model's math answer: formulas render with KaTeX, inline like $r = n / t$ and on their own line, even while the text is still arriving. Voilà, a little *mathématiques* 🧮.

The rate a reader sees is the number of tokens $n$ over the time since the first one, measured over a window long enough to mean something:

$$
r = \\frac{n}{t_{\\text{end}} - t_{\\text{first}}}, \\qquad t_{\\text{end}} - t_{\\text{first}} \\ge 0.5\\,\\text{s}
$$

A retry with exponential backoff waits $d_k = d_0 \\cdot 2^{k}$ before attempt $k$, so the total wait before attempt $K$ is a geometric sum:

$$
\\sum_{k=0}^{K-1} d_0 \\, 2^{k} = d_0 \\left(2^{K} - 1\\right)
$$

- Time to first token (\`timeToFirstTokenMs\`): $t_{\\text{first}} - t_{\\text{sent}}$.
- Frames rendered per second: at most $60$ on most screens, so at $500$ tokens/s each frame shows about $8$ tokens.
- A UTF-8 character takes $1 \\le b \\le 4$ bytes.

\`\`\`ts
const tokensPerSecond = (count: number, firstAt: number, endAt: number) =>
  endAt - firstAt >= 500 ? count / ((endAt - firstAt) / 1000) : undefined;
\`\`\`

| Quantity | Symbol | Example |
| --- | :-: | ---: |
| Tokens | $n$ | 318 |
| Seconds | $t$ | 6.1 |
| Rate | $r$ | 52 tok/s |
| 速度 (speed) | $r$ | 52 |

More on the notation in the [KaTeX function list](https://katex.org/docs/supported.html). 数学はきれい ✨.
`,
];
