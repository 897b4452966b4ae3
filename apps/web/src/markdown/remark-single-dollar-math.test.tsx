import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Markdown } from './markdown.js';

/** The formulas KaTeX rendered (their TeX source, from KaTeX's annotation) and the text shown. */
function renderAnswer(text: string, isStreaming = false) {
  const { container } = render(<Markdown isStreaming={isStreaming}>{text}</Markdown>);
  const formulas = [...container.querySelectorAll('.katex annotation')].map(
    (annotation) => annotation.textContent,
  );
  return { container, formulas };
}

describe('remarkSingleDollarMath (pandoc and TeX rules for $…$)', () => {
  it.each([
    ['It costs $5 and $6 later'],
    ['From $5 to $10, or $20,000 and $30,000.'],
    ['Between $5-$10 each'],
    ['Only $5.'],
    ['$ 5 and 6$ has a space after the opening dollar'],
    ['$5 and 6 $ has a space before the closing one'],
    ['$x$5 is followed by a digit'],
    ['An escaped \\$x$ opens nothing'],
  ])('keeps the dollar signs of %j as text', (text) => {
    const { container, formulas } = renderAnswer(text);
    expect(formulas).toEqual([]);
    expect(container.querySelector('.katex, .katex-error')).toBeNull();
    expect(container.textContent).toBe(text.replace('\\$', '$'));
  });

  it('shows prices exactly as written', () => {
    const { container } = renderAnswer('It costs $5 and $6 later, $5-$10 in all.');
    expect(container.textContent).toBe('It costs $5 and $6 later, $5-$10 in all.');
  });

  it.each([
    ['$x^2$', ['x^2']],
    ['Powers of two: $2^{10}$ and $2^{20}$.', ['2^{10}', '2^{20}']],
    ['Rate $r = n / t$, here.', ['r = n / t']],
    ['A formula over\ntwo lines: $a +\nb$', ['a +\nb']],
    ['Inline between double dollars: $$\\frac{n}{t}$$', ['\\frac{n}{t}']],
  ])('renders %j as math', (text, expected) => {
    expect(renderAnswer(text).formulas).toEqual(expected);
  });

  it('reads "pay $5 for $x^2$" as a price, then a formula (a formula holds no $)', () => {
    const { container, formulas } = renderAnswer('Pay $5 for $x^2$ today');
    expect(formulas).toEqual(['x^2']);
    expect(container.textContent).toMatch(/^Pay \$5 for /);
  });

  it('still renders $$…$$ display math', () => {
    const { container, formulas } = renderAnswer('Costs $5.\n\n$$\n\\sum_k d_k\n$$\n\nThen $6.');
    expect(formulas).toEqual(['\\sum_k d_k']);
    expect(container.querySelector('.katex-display')).not.toBeNull();
    expect(container.textContent).toContain('Costs $5.');
    expect(container.textContent).toContain('Then $6.');
  });

  it('leaves dollars in code alone', () => {
    const { container, formulas } = renderAnswer('Run `echo $HOME $x$` now');
    expect(formulas).toEqual([]);
    expect(container.querySelector('[data-streamdown="inline-code"]')?.textContent).toBe(
      'echo $HOME $x$',
    );
  });

  it('while streaming, shows a price and an unfinished formula as text, never as math', () => {
    for (const partial of ['It costs $5', 'It costs $5 and $', 'It costs $5 and $6', 'So $x^']) {
      const { container, formulas } = renderAnswer(partial, true);
      expect(formulas).toEqual([]);
      expect(container.textContent).toContain(partial);
      container.remove();
    }
    expect(renderAnswer('So $x^2$', true).formulas).toEqual(['x^2']);
  });
});
