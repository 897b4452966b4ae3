import { describe, expect, it } from 'vitest';
import { defaultAnswers } from './default-answers.js';
import { pickAnswer } from './pick-answer.js';

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

  // The web app's demo suggestions (apps/web/src/chat/suggestions.ts) promise these answers.
  it('the demo suggestions pick the answers they promise: markdown, a long one, math', () => {
    const markdown = pickAnswer('Show markdown, a table and code', defaultAnswers);
    expect(markdown).toMatch(/```[a-z]+\n/);
    expect(markdown).toMatch(/^\|.+\|$/m);
    const long = pickAnswer('Give me a long answer I can scroll through', defaultAnswers);
    expect(long).toMatch(/^# A long answer/);
    expect(long.length).toBeGreaterThan(
      (3 * Math.max(...defaultAnswers.slice(0, 4).map((a) => a.length))) / 2,
    );
    const math = pickAnswer('Explain the math of tokens per second', defaultAnswers);
    expect(math).toMatch(/\$\$\n[^$]+\n\$\$/); // display math
    expect(math).toMatch(/[^$]\$[^$\n]+\$[^$]/); // inline math
  });

  it('only the math answer has dollar signs, so no other answer renders math by accident', () => {
    expect(defaultAnswers.filter((answer) => answer.includes('$'))).toHaveLength(1);
  });
});
