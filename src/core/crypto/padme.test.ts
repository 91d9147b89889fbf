import { describe, expect, it } from 'vitest';
import { padme } from './padme';

describe('padme', () => {
  it('leaves tiny lengths alone and rounds larger ones to few significant bits', () => {
    expect([0, 1, 2, 3, 9, 100, 1000, 1_000_000].map(padme)).toEqual([
      0, 1, 2, 3, 10, 104, 1024, 1_015_808,
    ]);
  });

  it("agrees with the paper's bit-mask formulation", () => {
    // Algorithm 1 of the PURBs paper, in 32-bit integer arithmetic.
    const reference = (length: number): number => {
      const e = 31 - Math.clz32(length);
      const s = 32 - Math.clz32(e);
      const mask = (1 << (e - s)) - 1;
      return ((length + mask) & ~mask) >>> 0;
    };
    for (let length = 2; length < 2 ** 30; length = Math.ceil(length * 1.07) + 3) {
      expect(padme(length), String(length)).toBe(reference(length));
    }
  });

  it('never shrinks and costs at most 12% from 256 bytes to 2^40', () => {
    let worst = 0;
    for (let length = 256; length < 2 ** 40; length = Math.ceil(length * 1.0137) + 1) {
      const padded = padme(length);
      expect(padded).toBeGreaterThanOrEqual(length);
      worst = Math.max(worst, padded / length - 1);
    }
    expect(worst).toBeLessThanOrEqual(0.12);
  });
});
