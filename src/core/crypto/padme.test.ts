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

  it('never shrinks; costs at most 11.6% overall, 6.25% from 256 B, 3.1% from 1 MiB', () => {
    const worstFrom = (from: number): number => {
      let worst = 0;
      for (let e = Math.floor(Math.log2(from)); e < 40; e++) {
        // The worst case of each power of two is just above it.
        for (const length of [2 ** e + 1, 2 ** e + 3, Math.floor(2 ** e * 1.37)]) {
          if (length < from) continue;
          expect(padme(length)).toBeGreaterThanOrEqual(length);
          worst = Math.max(worst, padme(length) / length - 1);
        }
      }
      return worst;
    };
    expect(worstFrom(2)).toBeCloseTo(0.1163, 3);
    expect(worstFrom(256)).toBeLessThanOrEqual(0.0625);
    expect(worstFrom(2 ** 20)).toBeLessThanOrEqual(0.0313);
    expect(worstFrom(2 ** 32)).toBeLessThanOrEqual(0.0157);
  });
});
