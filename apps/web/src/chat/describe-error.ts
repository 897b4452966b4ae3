/** What the alert says about an error: a short title and a sentence for the reader. */
export interface ErrorDescription {
  title: string;
  detail: string;
}

interface ClientErrorLike {
  kind?: unknown;
  code?: unknown;
  status?: unknown;
  message?: unknown;
  partial?: { text?: unknown };
}

/**
 * Words for an error from `useChat`, from the `kind` the client gives its typed errors: a stream
 * that ended without `finish`, or lost its connection mid-answer, is "Interrupted", not a
 * generic failure.
 */
export function describeError(error: unknown): ErrorDescription {
  const { kind, code, status, message, partial } = (
    typeof error === 'object' && error !== null ? error : {}
  ) as ClientErrorLike;
  const text = typeof message === 'string' && message !== '' ? message : undefined;
  switch (kind) {
    case 'truncated':
      return {
        title: 'Interrupted',
        detail: 'The connection closed before the answer finished. What arrived is kept above.',
      };
    case 'network':
      // Lost mid-answer (the API went away while it streamed, or went silent past the client's
      // silence timeout: a dev proxy keeps a dead connection open) is an interruption too.
      if (
        code === 'silence_timeout' ||
        (typeof partial?.text === 'string' && partial.text !== '')
      ) {
        return {
          title: 'Interrupted',
          detail: 'The connection was lost before the answer finished. What arrived is kept above.',
        };
      }
      return {
        title: 'Connection lost',
        detail: text ?? 'The server could not be reached. Check your connection and retry.',
      };
    case 'http':
      return {
        title: status === 429 ? 'Too many requests' : 'The server refused the request',
        detail: text ?? `The API answered with status ${String(status)}.`,
      };
    case 'generation':
      return {
        title: 'The model failed to answer',
        detail: text ?? 'The model reported an error.',
      };
    case 'decode':
      return {
        title: 'Unreadable answer',
        detail: text ?? 'The server sent something that is not a tokenwire stream.',
      };
    default:
      return {
        title: 'Something went wrong',
        detail: text ?? 'The answer could not be completed.',
      };
  }
}
