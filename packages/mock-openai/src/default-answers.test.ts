import { describe, expect, it } from 'vitest';
import { defaultAnswers } from './default-answers.js';

describe('defaultAnswers', () => {
  it('offers several different answers', () => {
    expect(defaultAnswers.length).toBeGreaterThanOrEqual(3);
    expect(new Set(defaultAnswers).size).toBe(defaultAnswers.length);
  });

  it.each(defaultAnswers.map((answer, index) => [index, answer] as const))(
    'answer %i has every markdown construct a renderer must handle',
    (_index, answer) => {
      expect(answer).toMatch(/^#{1,3} \S/m); // heading
      expect(answer).toMatch(/^(?:[-*]|\d+\.) \S/m); // list
      expect(answer).toMatch(/^```[a-z]+\n[\s\S]+?\n```$/m); // fenced code with a language
      expect(answer).toMatch(/^\|.+\|\n\|[\s:|-]+\|$/m); // table header + separator
      expect(answer).toMatch(/[^`]`[^`\n]+`[^`]/); // inline code
      expect(answer).toMatch(/\[[^\]]+\]\(https:\/\/[^)]+\)/); // link
      expect(answer).toMatch(/[À-ÿ]/); // accented Latin
      expect(answer).toMatch(/[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]/); // CJK / Hangul
      expect(answer).toMatch(/\p{Extended_Pictographic}/u); // emoji
    },
  );

  it('includes emoji ZWJ sequences somewhere', () => {
    expect(defaultAnswers.some((answer) => /\p{Extended_Pictographic}\u200d/u.test(answer))).toBe(
      true,
    );
  });
});
