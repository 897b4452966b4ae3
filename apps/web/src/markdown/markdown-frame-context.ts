import { createContext } from 'react';

/** What a code block needs to know about the answer it is in. */
export interface MarkdownFrame {
  /** True while the answer streams: its next frame re-renders the code blocks anyway. */
  isStreaming: boolean;
  /**
   * The highlighter's count of final results when the answer last rendered. Streamdown memoizes
   * finished blocks, so this changing is what re-renders their code in the answer's next frame.
   */
  highlightVersion: number;
}

/** Provided by `Markdown`; a code block outside one behaves as in a finished answer. */
export const MarkdownFrameContext = createContext<MarkdownFrame>({
  isStreaming: false,
  highlightVersion: 0,
});
