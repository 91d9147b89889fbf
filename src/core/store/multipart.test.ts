import { describe, expect, it } from 'vitest';
import { choosePartSize, maxParts, minPartSize, planParts, runPool } from './multipart';

const MiB = 1024 * 1024;

describe('part planning', () => {
  it('keeps parts at 5 MiB or more and within 10,000 parts', () => {
    expect(choosePartSize(40 * MiB)).toBe(8 * MiB);
    expect(choosePartSize(40 * MiB, 1)).toBe(minPartSize);
    const huge = 200 * 1024 * MiB;
    const size = choosePartSize(huge);
    expect(Math.ceil(huge / size)).toBeLessThanOrEqual(maxParts);
    expect(size % MiB).toBe(0);
  });

  it('cuts the Blob into numbered ranges, the last one short', () => {
    expect(planParts(12, 5)).toEqual([
      { partNumber: 1, start: 0, end: 5 },
      { partNumber: 2, start: 5, end: 10 },
      { partNumber: 3, start: 10, end: 12 },
    ]);
    expect(planParts(10, 5)).toHaveLength(2);
  });
});

describe('runPool', () => {
  it('runs at most `parallel` at once and does everything', async () => {
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    await runPool([1, 2, 3, 4, 5, 6, 7], 3, undefined, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      done.push(n);
      running--;
    });
    expect(peak).toBe(3);
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('stops at the first failure, aborts the others and rejects with that failure', async () => {
    const started: number[] = [];
    let abortedSiblings = 0;
    const failure = new Error('part 2 failed');
    const result = runPool([1, 2, 3, 4, 5, 6], 2, undefined, async (n, signal) => {
      started.push(n);
      if (n === 2) throw failure;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, 50);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          abortedSiblings++;
          reject(new DOMException('aborted', 'AbortError'));
        });
      });
    });
    await expect(result).rejects.toBe(failure);
    expect(started).toEqual([1, 2]);
    expect(abortedSiblings).toBe(1);
  });

  it('honours the caller signal', async () => {
    const controller = new AbortController();
    const result = runPool([1, 2, 3], 1, controller.signal, async (n) => {
      if (n === 1) controller.abort();
      await Promise.resolve();
    });
    await expect(result).rejects.toMatchObject({ name: 'AbortError' });
  });
});
