import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { encodeEvent, protocolHeaders, type TokenwireEvent } from '@tokenwire/protocol';
import { describe, expect, it, vi } from 'vitest';
import { App } from './app.js';
import { CONVERSATION_KEY } from './persistence/index.js';

type Script = TokenwireEvent[] | { events: TokenwireEvent[]; holdOpen: true };

/** A fetch that answers each request with the next script, as a tokenwire event stream. */
function scriptedFetch(...scripts: Script[]) {
  const requests: unknown[] = [];
  const fetch = vi.fn(async (_input: string | URL, init: RequestInit) => {
    requests.push(JSON.parse(String(init.body)));
    const script = scripts.shift() ?? [];
    const events = Array.isArray(script) ? script : script.events;
    const holdOpen = !Array.isArray(script);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        const encoder = new TextEncoder();
        for (const [index, event] of events.entries()) {
          controller.enqueue(encoder.encode(encodeEvent(event, index)));
        }
        if (!holdOpen) controller.close();
        init.signal?.addEventListener('abort', () =>
          controller.error(new DOMException('The operation was aborted.', 'AbortError')),
        );
      },
    });
    return new Response(body, { status: 200, headers: protocolHeaders });
  });
  return { fetch, requests };
}

const start: TokenwireEvent = { type: 'start', id: 'gen_1', model: 'demo' };
const answer = (...deltas: string[]): TokenwireEvent[] => [
  start,
  ...deltas.map((delta): TokenwireEvent => ({ type: 'text-delta', delta })),
  { type: 'finish', reason: 'stop', usage: { promptTokens: 3, completionTokens: deltas.length } },
];

function ask(text: string) {
  const box = screen.getByRole('textbox', { name: 'Message' });
  fireEvent.change(box, { target: { value: text } });
  fireEvent.keyDown(box, { key: 'Enter' });
}

const log = () => screen.getByRole('log');

describe('App', () => {
  it('streams an answer into the log, saves it, and shows it again after a reload', async () => {
    const { fetch, requests } = scriptedFetch(answer('# Hello', '\n\nStreaming ', 'works.'));
    const first = render(<App api="/api/chat" storage={localStorage} fetch={fetch} />);
    ask('Say hello');
    await waitFor(() => expect(log().textContent).toContain('Streaming works.'));
    expect(requests[0]).toEqual({ messages: [{ role: 'user', content: 'Say hello' }] });
    expect(within(log()).getByRole('heading', { name: 'Hello' })).toBeTruthy();
    expect(log().textContent).toContain('3 tokens');
    await waitFor(() =>
      expect(localStorage.getItem(CONVERSATION_KEY)).toContain('Streaming works.'),
    );

    first.unmount();
    render(<App api="/api/chat" storage={localStorage} fetch={fetch} />);
    expect(log().textContent).toContain('Say hello');
    expect(log().textContent).toContain('Streaming works.');
  });

  it('clears the log and the saved conversation on New chat', async () => {
    const { fetch } = scriptedFetch(answer('Forget me.'));
    render(<App api="/api/chat" storage={localStorage} fetch={fetch} />);
    ask('Remember this');
    await waitFor(() => expect(log().textContent).toContain('Forget me.'));
    fireEvent.click(screen.getByRole('button', { name: 'New chat' }));
    expect(log().textContent).toBe('');
    expect(localStorage.getItem(CONVERSATION_KEY)).toBeNull();
  });

  it('keeps the partial text of a failed answer, alerts with Retry, and Retry replaces it', async () => {
    const { fetch, requests } = scriptedFetch(
      [
        start,
        { type: 'text-delta', delta: 'Half an' },
        { type: 'error', code: 'upstream_error', message: 'The model failed.', retryable: true },
      ],
      answer('A whole answer.'),
    );
    render(<App api="/api/chat" storage={localStorage} fetch={fetch} />);
    ask('Try me');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The model failed.');
    expect(log().textContent).toContain('Half an');
    expect(log().textContent).toContain('Interrupted');
    fireEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(log().textContent).toContain('A whole answer.'));
    expect(log().textContent).not.toContain('Half an');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(requests[1]).toEqual({ messages: [{ role: 'user', content: 'Try me' }] });
  });

  it('reports a stream that ends without finish as Interrupted, with Retry', async () => {
    const { fetch } = scriptedFetch([start, { type: 'text-delta', delta: 'Trunc' }]);
    render(<App api="/api/chat" storage={localStorage} fetch={fetch} />);
    ask('Go');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Interrupted');
    expect(within(alert).getByRole('button', { name: 'Retry' })).toBeTruthy();
    expect(log().textContent).toContain('Trunc');
  });

  it('Stop aborts the request and keeps the partial answer, marked stopped', async () => {
    const { fetch } = scriptedFetch({
      events: [start, { type: 'text-delta', delta: 'So far' }],
      holdOpen: true,
    });
    render(<App api="/api/chat" storage={localStorage} fetch={fetch} />);
    ask('Long one');
    await waitFor(() => expect(log().textContent).toContain('So far'));
    const signal = fetch.mock.calls[0]?.[1].signal;
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    });
    expect(signal?.aborted).toBe(true);
    expect(log().textContent).toContain('So far');
    expect(log().textContent).toContain('Stopped');
    expect(screen.queryByRole('button', { name: 'Stop' })).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
