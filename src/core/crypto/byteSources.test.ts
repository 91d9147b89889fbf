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

describe('blobSource when a Blob stream stops delivering', () => {
  /** A Blob whose streams never answer a read (what a collected stream looks like). */
  function silentStreams(bytes: Uint8Array<ArrayBuffer>) {
    const state = { cancelled: 0 };
    const blob = {
      size: bytes.length,
      slice: (start: number, end?: number) => ({
        stream: () =>
          new ReadableStream({
            type: 'bytes',
            pull: () => new Promise<void>(() => undefined),
            cancel: () => {
              state.cancelled++;
            },
          }),
        arrayBuffer: () => new Blob([bytes]).slice(start, end).arrayBuffer(),
      }),
    } as unknown as Blob;
    return { blob, state };
  }

  it('reads the range another way instead of waiting for ever, then goes on', async () => {
    const bytes = randomBytes(1000);
    const { blob, state } = silentStreams(bytes);
    const source = blobSource(blob, { stallMs: 50 });
    expect(Buffer.compare(await source.read(0, 400), bytes.subarray(0, 400))).toBe(0);
    expect(Buffer.compare(await source.read(400, 1000), bytes.subarray(400))).toBe(0);
    expect(state.cancelled).toBe(2);
  });

  it('fails when the other way finds the Blob shorter', async () => {
    const { blob } = silentStreams(randomBytes(10));
    const longer = Object.assign(Object.create(blob) as Blob, { size: 20 });
    await expect(blobSource(longer, { stallMs: 50 }).read(0, 20)).rejects.toThrow(/ended before/);
  });
});
