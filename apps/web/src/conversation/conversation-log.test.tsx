import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../chat/chat-message.js';
import { ConversationLog } from './conversation-log.js';

// jsdom does no layout: give the scroller a fixed viewport and a content height we control.
function fakeLayout(scroller: HTMLElement, contentHeight: () => number) {
  Object.defineProperty(scroller, 'clientHeight', { configurable: true, value: 500 });
  Object.defineProperty(scroller, 'scrollHeight', { configurable: true, get: contentHeight });
}

const messages = (answer: string): ChatMessage[] => [
  { id: 'u1', role: 'user', content: 'Question' },
  { id: 'a1', role: 'assistant', content: answer, status: 'streaming' },
];

describe('ConversationLog', () => {
  it('is a log labelled for assistive technology', () => {
    render(<ConversationLog messages={messages('Hi')} isWaiting={false} isBusy />);
    const log = screen.getByRole('log', { name: 'Conversation' });
    expect(log.getAttribute('aria-busy')).toBe('true');
  });

  it('follows the answer while it grows, until the reader scrolls up; Jump to latest resumes', () => {
    let height = 2000;
    const { container, rerender } = render(
      <ConversationLog messages={messages('a')} isWaiting={false} isBusy />,
    );
    const scroller = container.querySelector<HTMLElement>('.scroller');
    if (!scroller) throw new Error('no scroller');
    fakeLayout(scroller, () => height);

    height = 2400;
    rerender(<ConversationLog messages={messages('ab')} isWaiting={false} isBusy />);
    expect(scroller.scrollTop).toBe(2400);
    expect(screen.queryByRole('button', { name: 'Jump to latest' })).toBeNull();

    // The reader scrolls up by a wheel gesture.
    act(() => {
      fireEvent.wheel(scroller, { deltaY: -120 });
      scroller.scrollTop = 1200;
      fireEvent.scroll(scroller);
    });
    height = 2800;
    rerender(<ConversationLog messages={messages('abc')} isWaiting={false} isBusy />);
    expect(scroller.scrollTop).toBe(1200);

    fireEvent.click(screen.getByRole('button', { name: 'Jump to latest' }));
    expect(scroller.scrollTop).toBe(2800);
    expect(screen.queryByRole('button', { name: 'Jump to latest' })).toBeNull();

    height = 3200;
    rerender(<ConversationLog messages={messages('abcd')} isWaiting={false} isBusy />);
    expect(scroller.scrollTop).toBe(3200);
  });

  it('follows again when the reader scrolls back to the bottom by hand', () => {
    let height = 2000;
    const { container, rerender } = render(
      <ConversationLog messages={messages('a')} isWaiting={false} isBusy />,
    );
    const scroller = container.querySelector<HTMLElement>('.scroller');
    if (!scroller) throw new Error('no scroller');
    fakeLayout(scroller, () => height);
    act(() => {
      scroller.scrollTop = 1500;
      fireEvent.scroll(scroller);
      scroller.scrollTop = 300;
      fireEvent.scroll(scroller);
    });
    expect(screen.getByRole('button', { name: 'Jump to latest' })).toBeTruthy();
    act(() => {
      scroller.scrollTop = 1500;
      fireEvent.scroll(scroller);
    });
    expect(screen.queryByRole('button', { name: 'Jump to latest' })).toBeNull();
    height = 2600;
    rerender(<ConversationLog messages={messages('ab')} isWaiting={false} isBusy />);
    expect(scroller.scrollTop).toBe(2600);
  });

  it('keeps following when a new turn grows the content below a pinned view', () => {
    let height = 2000;
    const { container } = render(
      <ConversationLog messages={messages('a')} isWaiting={false} isBusy />,
    );
    const scroller = container.querySelector<HTMLElement>('.scroller');
    if (!scroller) throw new Error('no scroller');
    fakeLayout(scroller, () => height);
    act(() => {
      scroller.scrollTop = 1500;
      fireEvent.scroll(scroller);
    });
    // The question and the answer's placeholder render before anything pins the view: the scroll
    // event that follows sees the bottom far away, yet the reader did not move.
    height = 2600;
    act(() => {
      fireEvent.scroll(scroller);
    });
    expect(screen.queryByRole('button', { name: 'Jump to latest' })).toBeNull();
  });

  it('offers Jump to latest only once the end is out of sight, so it never covers the last line', () => {
    const height = 2000;
    const { container } = render(
      <ConversationLog messages={messages('a')} isWaiting={false} isBusy />,
    );
    const scroller = container.querySelector<HTMLElement>('.scroller');
    if (!scroller) throw new Error('no scroller');
    fakeLayout(scroller, () => height);
    act(() => {
      scroller.scrollTop = 1500;
      fireEvent.scroll(scroller);
      fireEvent.wheel(scroller, { deltaY: -10 });
      scroller.scrollTop = 1490;
      fireEvent.scroll(scroller);
    });
    expect(screen.queryByRole('button', { name: 'Jump to latest' })).toBeNull();
    act(() => {
      scroller.scrollTop = 1200;
      fireEvent.scroll(scroller);
    });
    expect(screen.getByRole('button', { name: 'Jump to latest' })).toBeTruthy();
  });
});
