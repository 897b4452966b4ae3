/** One prompt the empty state offers, and what it shows off. */
export interface Suggestion {
  /** What the chip says. */
  label: string;
  /** What it sends. */
  prompt: string;
}

/**
 * For a real model: prompts that show streaming, code and tables.
 */
export const modelSuggestions: readonly Suggestion[] = [
  {
    label: 'Explain server-sent events in a paragraph',
    prompt: 'Explain server-sent events in a paragraph',
  },
  {
    label: 'Write a TypeScript function that retries a fetch',
    prompt: 'Write a TypeScript function that retries a fetch',
  },
  {
    label: 'Compare HTTP streaming options in a table',
    prompt: 'Compare HTTP streaming options in a table',
  },
];

/**
 * For the built-in demo upstream: one chip per thing the demo can do, each with a prompt that
 * gets the answer it promises (the demo picks its canned answer by a hash of the prompt; the
 * mock's default-answers test pins these three). The error chip uses the demo's fault
 * injection.
 */
export const demoSuggestions: readonly Suggestion[] = [
  { label: 'Markdown and code', prompt: 'Show markdown, a table and code' },
  { label: 'A long answer', prompt: 'Give me a long answer I can scroll through' },
  { label: 'Math', prompt: 'Explain the math of tokens per second' },
  {
    label: 'An interrupted answer',
    prompt: 'Cut this answer off halfway [mock drop=40]',
  },
  // The demo streams reasoning before the answer: "Thinking…", then "Thought for N s".
  { label: 'Think it through', prompt: 'Think it through before you answer [mock reasoning=40]' },
  // A get_weather call that the page runs itself (demo-tools), then the answer that uses it.
  { label: 'Check the weather', prompt: 'What is the weather in München? [mock tools=1]' },
];
