import { describe, expect, it } from 'vitest';
import { blobSource } from './byteSources';
import { randomBytes } from './random';

describe('blobSource', () => {
  const bytes = randomBytes(300_000);
  const blob = new Blob([bytes]);

  it('reads front to back into recycled buffers, and anywhere else by starting again', async () => {
    const source = blobSource(blob);
    const ranges: [number, number][] = [
      [0, 47],
      [47, 100_047],
      [100_047, 200_047],
      [5, 10], // backwards: a new stream
      [250_000, 300_000], // forwards with a gap
      [0, 0],
    ];
    for (const [start, end] of ranges) {
      const read = await source.read(start, end);
      expect(Buffer.compare(read, bytes.subarray(start, end)), `${start}..${end}`).toBe(0);
      source.recycle?.(read);
    }
  });

  it('serves reads in the order they were made, even when issued together', async () => {
    const source = blobSource(blob);
    const reads = [0, 1, 2].map((index) => source.read(index * 100_000, (index + 1) * 100_000));
    const results = await Promise.all(reads);
    expect(Buffer.compare(Buffer.concat(results), bytes)).toBe(0);
  });

  it('fails a read past the end of a Blob that is shorter than its size', async () => {
    const source = blobSource(blob);
    await expect(source.read(299_000, 301_000)).rejects.toThrow();
  });
});
