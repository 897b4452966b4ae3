/**
 * Picks one answer by an FNV-1a hash of the prompt: the same prompt always gets the same answer
 * (across processes too), different prompts spread over the set.
 *
 * @example
 * pickAnswer('Hello', ['a', 'b', 'c']); // always the same one of the three
 */
export function pickAnswer(prompt: string, answers: readonly string[]): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < prompt.length; index++) {
    hash ^= prompt.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return answers[(hash >>> 0) % answers.length] ?? '';
}
