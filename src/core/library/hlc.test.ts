import { describe, expect, it } from 'vitest';
import {
  compareHlc,
  decodeHlc,
  encodeHlc,
  type Hlc,
  HybridClock,
  MAX_FORWARD_DRIFT_MS,
} from './hlc';
import { seededRandom } from '../testing/seededRandom';

/** A wall clock the test moves by hand. */
function manualClock(start: number): { now: () => number; set: (ms: number) => void } {
  let current = start;
  return { now: () => current, set: (ms) => (current = ms) };
}

const sign = (n: number): number => Math.sign(n);

describe('HybridClock', () => {
  it('follows the wall clock when it moves forward', () => {
    const wall = manualClock(1000);
    const clock = new HybridClock('a', wall.now);
    expect(clock.tick()).toEqual({ wallMs: 1000, counter: 0, deviceId: 'a' });
    expect(clock.tick()).toEqual({ wallMs: 1000, counter: 1, deviceId: 'a' });
    wall.set(2000);
    expect(clock.tick()).toEqual({ wallMs: 2000, counter: 0, deviceId: 'a' });
  });

  it('never goes backwards when the wall clock jumps back', () => {
    const wall = manualClock(5_000_000);
    const clock = new HybridClock('a', wall.now);
    const random = seededRandom(7);
    let previous = clock.tick();
    for (let i = 0; i < 5000; i++) {
      if (random() < 0.1) wall.set(Math.floor(random() * 10_000_000)); // jumps either way
      const next = clock.tick();
      expect(compareHlc(previous, next)).toBe(-1);
      previous = next;
    }
  });

  it('borrows the next millisecond when the counter fills up', () => {
    const clock = new HybridClock('a', () => 10);
    let previous = clock.tick();
    for (let i = 0; i < 70_000; i++) {
      const next = clock.tick();
      if (compareHlc(previous, next) !== -1) throw new Error(`not monotone at ${i}`);
      previous = next;
    }
    expect(previous.wallMs).toBe(11);
  });

  it('receive() moves past the remote time and past its own', () => {
    const clock = new HybridClock('a', () => 1000);
    const remote: Hlc = { wallMs: 5000, counter: 3, deviceId: 'b' };
    const received = clock.receive(remote);
    expect(received).toEqual({ wallMs: 5000, counter: 4, deviceId: 'a' });
    expect(compareHlc(clock.tick(), received)).toBe(1);
    // An older remote still advances the counter: the local event happens after it was seen.
    expect(clock.receive({ wallMs: 10, counter: 0, deviceId: 'b' })).toEqual({
      wallMs: 5000,
      counter: 6,
      deviceId: 'a',
    });
  });

  it('receive() with equal wall times takes the larger counter', () => {
    const clock = new HybridClock('a', () => 1000);
    clock.tick();
    expect(clock.receive({ wallMs: 1000, counter: 9, deviceId: 'b' }).counter).toBe(10);
  });

  it('receive() uses the wall clock when it is ahead of both', () => {
    const clock = new HybridClock('a', () => 9000);
    expect(clock.receive({ wallMs: 5000, counter: 3, deviceId: 'b' })).toEqual({
      wallMs: 9000,
      counter: 0,
      deviceId: 'a',
    });
  });

  it('is not dragged by a remote clock more than 24 h in the future', () => {
    const clock = new HybridClock('a', () => 1000);
    const far = { wallMs: 1000 + MAX_FORWARD_DRIFT_MS + 1, counter: 0, deviceId: 'b' };
    expect(clock.receive(far).wallMs).toBe(1000);
    const near = { wallMs: 1000 + MAX_FORWARD_DRIFT_MS, counter: 0, deviceId: 'b' };
    expect(clock.receive(near).wallMs).toBe(near.wallMs);
  });

  it('rejects invalid device ids and remote timestamps', () => {
    expect(() => new HybridClock('')).toThrow();
    expect(() => new HybridClock('A-b')).toThrow();
    const clock = new HybridClock('a');
    expect(() => clock.receive({ wallMs: -1, counter: 0, deviceId: 'b' })).toThrow();
    expect(() => clock.receive({ wallMs: 1.5, counter: 0, deviceId: 'b' })).toThrow();
  });
});

describe('encodeHlc / decodeHlc', () => {
  const randomHlc = (random: () => number): Hlc => {
    // Small ranges make ties in wallMs and counter common, so every comparison level is exercised.
    const wallMs = random() < 0.5 ? Math.floor(random() * 4) : Math.floor(random() * 2 ** 47);
    const counter = Math.floor(random() * (random() < 0.5 ? 3 : 65536));
    const alphabet = 'ab0z9';
    let deviceId = '';
    const length = 1 + Math.floor(random() * 4);
    for (let i = 0; i < length; i++)
      deviceId += alphabet.charAt(Math.floor(random() * alphabet.length));
    return { wallMs, counter, deviceId };
  };

  it('round-trips and sorts as compareHlc does', () => {
    const random = seededRandom(42);
    for (let i = 0; i < 5000; i++) {
      const a = randomHlc(random);
      const b = randomHlc(random);
      const [ea, eb] = [encodeHlc(a), encodeHlc(b)];
      expect(decodeHlc(ea)).toEqual(a);
      const lexical = ea === eb ? 0 : ea < eb ? -1 : 1;
      expect(lexical, `${ea} vs ${eb}`).toBe(sign(compareHlc(a, b)));
    }
  });

  it('rejects malformed strings and values', () => {
    for (const bad of [
      '',
      '0000000003e8-0000',
      '3e8-0000-a',
      '0000000003E8-0000-a',
      '0000000003e8-00000-a',
      '0000000003e8-0000-A',
      '0000000003e8-0000-a b',
      ' 0000000003e8-0000-a',
    ]) {
      expect(() => decodeHlc(bad), bad).toThrow(/malformed/);
    }
    expect(() => encodeHlc({ wallMs: 2 ** 48, counter: 0, deviceId: 'a' })).toThrow();
    expect(() => encodeHlc({ wallMs: 1, counter: 65536, deviceId: 'a' })).toThrow();
    expect(encodeHlc({ wallMs: 1000, counter: 2, deviceId: 'ab' })).toBe('0000000003e8-0002-ab');
  });
});
