import { describe, expect, test } from 'vitest';
import { renderTemplate } from './render-template.js';

describe('renderTemplate', () => {
  test('substitutes given variables in both forms, even when empty, and leaves the rest', () => {
    expect(
      renderTemplate('a $FOO ${FOO} $FOOD ${EMPTY}| ${NOPE} $host $$FOO ${FOO:-x}', {
        FOO: 'x',
        EMPTY: '',
      }),
    ).toBe('a x x $FOOD | ${NOPE} $host $x ${FOO:-x}');
  });

  test("sees only the given variables, not this process's environment", () => {
    expect(renderTemplate('${HOME} ${PATH}', {})).toBe('${HOME} ${PATH}');
  });

  test('keeps values as they are: slashes, dollars and newlines', () => {
    expect(renderTemplate('root ${WEB_ROOT};', { WEB_ROOT: '/tmp/a b/$x\n' })).toBe(
      'root /tmp/a b/$x\n;',
    );
  });
});
