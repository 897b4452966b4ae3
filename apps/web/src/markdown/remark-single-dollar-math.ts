// micromark's types, spelled out: micromark is a dependency of streamdown and remark-math, not ours.
/** A character as micromark hands it over: null at the end, negative for line endings and tabs. */
type Code = number | null;
type State = (code: Code) => State | undefined;
interface Token {
  type: string;
}
interface Effects {
  enter(type: string): Token;
  exit(type: string): Token;
  consume(code: Code): void;
}
interface TokenizeContext {
  events: ReadonlyArray<readonly [string, Token, unknown]>;
}
interface Construct {
  name: string;
  tokenize(this: TokenizeContext, effects: Effects, ok: State, nok: State): State;
  previous(this: TokenizeContext, code: Code): boolean;
}
interface Processor {
  data(): { micromarkExtensions?: unknown[] };
}

const DOLLAR = 36;
const SPACE = 32;
const DIGIT_ZERO = 48;
const DIGIT_NINE = 57;

/** Spaces, tabs and line endings (micromark's codes below zero are tabs and line endings). */
const isWhitespace = (code: Code): boolean => code !== null && (code < 0 || code === SPACE);
/** Carriage return, line feed, or both (micromark's -5, -4, -3). */
const isLineEnding = (code: Code): boolean => code !== null && code < -2;
const isDigit = (code: Code): boolean => code !== null && code >= DIGIT_ZERO && code <= DIGIT_NINE;

/**
 * `$…$` read with pandoc's rules (its `tex_math_dollars`): the opening `$` must have a non-space
 * character right after it, the closing `$` a non-space character right before it and no digit
 * right after it. One more, from TeX, where a `$` always ends inline math: the formula ends at the
 * first `$` after the opening one, and if that `$` cannot close it, there is no formula. So
 * "$5 and $6", "from $5 to $10" and "$5-$10" are prices, "pay $5 for $x^2$" has one formula, and
 * `$x^2$` and `$2^{10}$` are formulas. remark-math's own single-dollar rule is inline code's (any
 * two `$`), which turned every pair of prices into a formula.
 *
 * It makes the tokens remark-math makes (`mathText`, `mathTextSequence`, `mathTextData`,
 * `lineEnding`), so remark-math's `inlineMath` nodes and rehype-katex take it from there.
 */
const singleDollarMathText: Construct = {
  name: 'mathText',
  tokenize(effects, ok, nok) {
    /** The character before the current one, inside the formula. */
    let previous: Code = DOLLAR;
    return start;

    function start(code: Code): State | undefined {
      effects.enter('mathText');
      effects.enter('mathTextSequence');
      effects.consume(code);
      return afterOpening;
    }

    function afterOpening(code: Code): State | undefined {
      // `$$` stays remark-math's (display math, or inline between `$$`); "$ 5" opens nothing.
      if (code === null || code === DOLLAR || isWhitespace(code)) return nok(code);
      effects.exit('mathTextSequence');
      return between(code);
    }

    function between(code: Code): State | undefined {
      // No `$` before the end of the paragraph: the opening one is a plain dollar sign.
      if (code === null) return nok(code);
      if (code === DOLLAR) {
        // "$5 and $6": a `$` after a space does not close, and nothing after it can.
        if (isWhitespace(previous)) return nok(code);
        effects.enter('mathTextSequence');
        effects.consume(code);
        return afterClosing;
      }
      if (isLineEnding(code)) {
        effects.enter('lineEnding');
        effects.consume(code);
        effects.exit('lineEnding');
        previous = code;
        return between;
      }
      effects.enter('mathTextData');
      return data(code);
    }

    function data(code: Code): State | undefined {
      if (code === null || code === DOLLAR || isLineEnding(code)) {
        effects.exit('mathTextData');
        return between(code);
      }
      effects.consume(code);
      previous = code;
      return data;
    }

    function afterClosing(code: Code): State | undefined {
      // "$5-$10": a `$` before a digit starts a price; it does not end a formula.
      if (isDigit(code)) return nok(code);
      effects.exit('mathTextSequence');
      effects.exit('mathText');
      return ok(code);
    }
  },
  previous(code) {
    // As remark-math: a `$` right after another (unless that one was escaped) starts nothing.
    return code !== DOLLAR || this.events.at(-1)?.[1].type === 'characterEscape';
  },
};

/**
 * A remark plugin for single-dollar inline math with pandoc's rules and TeX's (see above). It only reads
 * the syntax: use it beside remark-math configured with `singleDollarTextMath: false`, which still
 * reads `$$…$$` and turns the tokens of both into math nodes.
 */
export function remarkSingleDollarMath(this: unknown): void {
  const data = (this as Processor).data();
  data.micromarkExtensions ??= [];
  data.micromarkExtensions.push({ text: { [DOLLAR]: singleDollarMathText } });
}
