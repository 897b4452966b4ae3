/**
 * What the message controls ask the app to do. One object for the whole conversation, kept
 * stable across renders, so a streaming frame re-renders only the answer that changed.
 */
export interface MessageActions {
  /** Streams a new version of the last answer. */
  onRegenerate: () => void;
  /** Sends `text` in place of user message `messageId`; what followed is kept as a version. */
  onEdit: (messageId: string, text: string) => void;
  /** Shows the version of `messageId` that is `step` away (−1 previous, +1 next). */
  onSwitchVersion: (messageId: string, step: number) => void;
}
