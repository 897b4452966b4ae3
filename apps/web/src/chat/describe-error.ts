/** What the alert says about an error: a short title and a sentence for the reader. */
export interface ErrorDescription {
  title: string;
  detail: string;
}

interface ClientErrorLike {
  kind?: unknown;
  status?: unknown;
  message?: unknown;
}

/**
 * Words for an error from `useChat`, from the `kind` the client gives its typed errors: a stream
 * that ended without `finish` is reported as cut off, not as a generic failure.
 */
export function describeError(error: unknown): ErrorDescription {
  const { kind, status, message } = (
    typeof error === 'object' && error !== null ? error : {}
  ) as ClientErrorLike;
  const text = typeof message === 'string' && message !== '' ? message : undefined;
  switch (kind) {
    case 'truncated':
      return {
        title: 'The answer was cut off',
        detail: 'The connection closed before the answer finished. What arrived is kept above.',
      };
    case 'network':
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
