import type { MockCloseEvent, MockOpenAI, MockRequestEvent } from '../types.js';

/** Resolves with the next `close` event of the mock, then stops listening. */
export function nextClose(mock: MockOpenAI): Promise<MockCloseEvent> {
  return new Promise((resolve) => {
    const listener = (event: MockCloseEvent) => {
      mock.off('close', listener);
      resolve(event);
    };
    mock.on('close', listener);
  });
}

/** Resolves with the next `request` event of the mock, then stops listening. */
export function nextRequest(mock: MockOpenAI): Promise<MockRequestEvent> {
  return new Promise((resolve) => {
    const listener = (event: MockRequestEvent) => {
      mock.off('request', listener);
      resolve(event);
    };
    mock.on('request', listener);
  });
}
