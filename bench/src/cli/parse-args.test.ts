import { describe, expect, it } from 'vitest';
import { parseArgs } from './parse-args.js';

describe('parseArgs', () => {
  it('runs everything at full size with no arguments', () => {
    expect(parseArgs([])).toMatchObject({ isQuick: false, scenarios: [], systems: [] });
  });

  it('reads the rerun-one-scenario command of BENCHMARKS.md, including pnpm’s bare --', () => {
    const args = parseArgs(['--', '--scenario', 'S2', '--only', 'tokenwire,node-pipe']);
    expect(args.scenarios).toEqual(['S2']);
    expect(args.systems).toEqual(['tokenwire', 'node-pipe']);
  });

  it('accepts --flag=value, lower-case scenario ids and repeated flags', () => {
    const args = parseArgs(['--scenario=s1', '--scenario', 's3,S1', '--quick']);
    expect(args.scenarios).toEqual(['S1', 'S3']);
    expect(args.isQuick).toBe(true);
  });

  it('refuses an unknown system instead of silently running none', () => {
    expect(() => parseArgs(['--only', 'tokenwyre'])).toThrow(/unknown system tokenwyre/);
  });

  it('reads --rounds as a whole number from 1 to 20, and refuses anything else', () => {
    expect(parseArgs([]).rounds).toBeUndefined();
    expect(parseArgs(['--rounds', '5']).rounds).toBe(5);
    expect(parseArgs(['--rounds=1']).rounds).toBe(1);
    for (const bad of ['0', '21', '2.5', 'three', '-1']) {
      expect(() => parseArgs(['--rounds', bad]), bad).toThrow(/--rounds|needs a value/);
    }
  });

  it('reads --system-flags as node flags in one argument, quoted or after =, repeatable', () => {
    expect(parseArgs([]).systemFlags).toEqual([]);
    expect(
      parseArgs(['--system-flags', ' --trace-gc-nvp  --max-semi-space-size=32 ', '--quick'])
        .systemFlags,
    ).toEqual(['--trace-gc-nvp', '--max-semi-space-size=32']);
    expect(
      parseArgs(['--system-flags=--require', '--system-flags', '-r ./probe.cjs']).systemFlags,
    ).toEqual(['--require', '-r', './probe.cjs']);
  });

  it('refuses --system-flags without flags, or with a word that is not a flag first', () => {
    expect(() => parseArgs(['--system-flags'])).toThrow(/needs the flags/);
    expect(() => parseArgs(['--system-flags', '  '])).toThrow(/needs the flags/);
    expect(() => parseArgs(['--system-flags', 'S7'])).toThrow(/takes node flags, got S7/);
  });

  it('refuses an unknown flag and a flag missing its value', () => {
    expect(() => parseArgs(['--fast'])).toThrow(/unknown argument --fast/);
    expect(() => parseArgs(['--scenario', '--quick'])).toThrow(/needs a value/);
  });
});
