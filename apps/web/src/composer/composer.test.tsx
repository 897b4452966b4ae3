import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { Composer } from './composer.js';

function setup(isBusy = false) {
  const onSend = vi.fn(() => true);
  const onStop = vi.fn();
  render(<Composer onSend={onSend} onStop={onStop} isBusy={isBusy} />);
  const box = screen.getByRole('textbox', { name: 'Message' });
  const send = screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement;
  return { onSend, onStop, box: box as HTMLTextAreaElement, send };
}

describe('Composer', () => {
  it('keeps Send disabled while the box is empty or blank', () => {
    const { box, send } = setup();
    expect(send.disabled).toBe(true);
    fireEvent.change(box, { target: { value: '   \n ' } });
    expect(send.disabled).toBe(true);
    fireEvent.change(box, { target: { value: 'Hi' } });
    expect(send.disabled).toBe(false);
  });

  it('sends the trimmed text on Enter and clears the box', () => {
    const { box, onSend } = setup();
    fireEvent.change(box, { target: { value: '  What is SSE?  ' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onSend).toHaveBeenCalledWith('What is SSE?');
    expect(box.value).toBe('');
  });

  it('leaves Shift+Enter to the textarea (a new line) and sends nothing', () => {
    const { box, onSend } = setup();
    fireEvent.change(box, { target: { value: 'line one' } });
    const event = fireEvent.keyDown(box, { key: 'Enter', shiftKey: true });
    expect(event).toBe(true); // not prevented: the browser inserts the newline
    expect(onSend).not.toHaveBeenCalled();
    expect(box.value).toBe('line one');
  });

  it('does not send on Enter while an input method is composing', () => {
    const { box, onSend } = setup();
    fireEvent.change(box, { target: { value: 'にほん' } });
    fireEvent.keyDown(box, { key: 'Enter', isComposing: true });
    expect(onSend).not.toHaveBeenCalled();
  });

  it('sends with the Send button', () => {
    const { box, send, onSend } = setup();
    fireEvent.change(box, { target: { value: 'Hello' } });
    fireEvent.click(send);
    expect(onSend).toHaveBeenCalledWith('Hello');
  });

  it('keeps the text when sending is refused', () => {
    const { box, onSend } = setup();
    onSend.mockReturnValueOnce(false);
    fireEvent.change(box, { target: { value: 'Keep me' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(box.value).toBe('Keep me');
  });

  it('shows Stop while busy, and holds Send and Enter until the answer is over', () => {
    const { box, send, onSend, onStop } = setup(true);
    fireEvent.change(box, { target: { value: 'Next question' } });
    expect(send.disabled).toBe(true);
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onSend).not.toHaveBeenCalled();
    expect(box.value).toBe('Next question');
    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    expect(onStop).toHaveBeenCalledTimes(1);
  });

  it('shows no Stop button while idle', () => {
    setup(false);
    expect(screen.queryByRole('button', { name: 'Stop' })).toBeNull();
  });
});
