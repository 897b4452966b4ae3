import { describe, expect, it } from 'vitest';
import { parseFaultDirective } from './parse-fault-directive.js';
import { readHeaderFault } from './read-header-fault.js';

describe('parseFaultDirective', () => {
  it('returns undefined when the text has no directive', () => {
    expect(parseFaultDirective('Tell me about [mocking] birds')).toBeUndefined();
  });

  it('reads every key, anywhere in the text', () => {
    expect(
      parseFaultDirective(
        'Before [mock status=503 drop=4 stall=250 stallAfter=2 finish=content_filter tokens=30 rate=12.5 once id=a1] after',
      ),
    ).toEqual({
      status: 503,
      drop: 4,
      stall: 250,
      stallAfter: 2,
      finish: 'content_filter',
      tokens: 30,
      rate: 12.5,
      once: true,
      id: 'a1',
    });
  });

  it('treats a bare [mock] as an empty fault and once=false as off', () => {
    expect(parseFaultDirective('[mock]')).toEqual({});
    expect(parseFaultDirective('[mock  once=false  ]')).toEqual({ once: false });
  });

  it('uses the first directive when there are several', () => {
    expect(parseFaultDirective('[mock drop=1] and [mock drop=2]')).toEqual({ drop: 1 });
  });

  it.each([
    ['[mock stal=100]', /unknown mock fault key "stal"/],
    ['[mock status=200]', /"status" must be an integer 400–599/],
    ['[mock drop=-1]', /"drop" must be an integer >= 0/],
    ['[mock tokens=1.5]', /"tokens" must be an integer/],
    ['[mock rate=fast]', /"rate" must be a number/],
    ['[mock finish=done]', /"finish" must be one of stop, length, content_filter, tool_calls/],
    ['[mock once=maybe]', /"once" must be true or false/],
    ['[mock drop]', /"drop" must be an integer/],
  ])('rejects %s with a message naming the problem', (text, message) => {
    expect(() => parseFaultDirective(text)).toThrow(message);
  });
});

describe('readHeaderFault', () => {
  it('reads x-mock-* headers, including both spellings of stallAfter', () => {
    expect(
      readHeaderFault({
        'x-mock-status': '429',
        'x-mock-once': '',
        'x-mock-stallafter': '3',
        'content-type': 'application/json',
      }),
    ).toEqual({ status: 429, once: true, stallAfter: 3 });
    expect(readHeaderFault({ 'x-mock-stall-after': '5' })).toEqual({ stallAfter: 5 });
  });

  it('returns undefined without x-mock-* headers', () => {
    expect(readHeaderFault({ authorization: 'Bearer x' })).toBeUndefined();
  });
});
