import { describe, expect, it } from 'vitest';
import {
  BlobIoClient,
  BlobIoHelpers,
  BlobIoUnavailableError,
  serveBlobIo,
  type BlobIoThread,
} from './blobIo';
import { DecryptionError } from './errors';
import { newId, newKey } from './keys';
import { randomBytes } from './random';
import { ObjectKind, openBlob, sealBlob, sealedLayout } from './sealed';

const MiB = 1024 * 1024;

describe('sealing through a Blob I/O endpoint', () => {
  const channel = new MessageChannel();
  serveBlobIo(channel.port1);
  const io = new BlobIoClient(channel.port2);
  const key = newKey();
  const binding = { kind: ObjectKind.original, objectId: newId() };

  it('round-trips across several read windows and chunks, with the same bytes as locally', async () => {
    const plain = randomBytes(37 * MiB + 5);
    const viaIo = await sealBlob(key, new Blob([plain]), binding, { io });
    expect(viaIo.size).toBe(sealedLayout(plain.length).sealedSize);
    const opened = await openBlob(key, viaIo, binding, { io, type: 'image/jpeg' });
    expect(opened.type).toBe('image/jpeg');
    expect(Buffer.compare(new Uint8Array(await opened.arrayBuffer()), plain)).toBe(0);
    // Either way of reading opens what the other wrote.
    const local = await openBlob(key, viaIo, binding);
    expect(local.size).toBe(plain.length);
  });

  it('reuses the buffers it hands back and forth without mixing objects, one after another or at once', async () => {
    const plains = [9 * MiB + 3, 6 * MiB, 13 * MiB + 100].map((size) => randomBytes(size));
    const check = async (plain: Uint8Array<ArrayBuffer>) => {
      const sealed = await sealBlob(key, new Blob([plain]), binding, { io });
      const opened = await openBlob(key, sealed, binding, { io });
      expect(Buffer.compare(new Uint8Array(await opened.arrayBuffer()), plain)).toBe(0);
    };
    for (const plain of plains) await check(plain);
    await Promise.all(plains.map(check));
  });

  it('passes decryption errors through unchanged', async () => {
    const sealed = await sealBlob(key, new Blob([randomBytes(1000)]), binding, { io });
    const damaged = new Uint8Array(await sealed.arrayBuffer());
    damaged[60] = (damaged[60] ?? 0) ^ 1;
    await expect(openBlob(key, new Blob([damaged]), binding, { io })).rejects.toBeInstanceOf(
      DecryptionError,
    );
  });
});

describe('a Blob I/O helper that fails never leaves a caller waiting', () => {
  const key = newKey();
  const binding = { kind: ObjectKind.original, objectId: newId() };

  it('a helper that stops answering fails what waits, and what follows, as unavailable', async () => {
    const channel = new MessageChannel(); // nothing serves port1: every request goes unanswered
    let failures = 0;
    const io = new BlobIoClient(channel.port2, { silenceMs: 100, onFailure: () => failures++ });
    const blob = new Blob([randomBytes(2 * MiB)]);
    await expect(sealBlob(key, blob, binding, { io })).rejects.toBeInstanceOf(
      BlobIoUnavailableError,
    );
    await expect(openBlob(key, blob, binding, { io })).rejects.toBeInstanceOf(
      BlobIoUnavailableError,
    );
    expect(failures).toBe(1);
    channel.port2.close();
  });

  it('a piece the helper could not take fails the Blob it belonged to', async () => {
    const channel = new MessageChannel();
    serveBlobIo(channel.port1);
    const replies: unknown[] = [];
    channel.port2.addEventListener('message', (event: MessageEvent) => replies.push(event.data));
    channel.port2.start();
    channel.port2.postMessage({
      id: 0,
      op: 'append',
      sink: 5,
      buffer: new ArrayBuffer(4),
      length: -1,
    });
    channel.port2.postMessage({ id: 9, op: 'finish', sink: 5, type: '' });
    await expect.poll(() => replies.length).toBe(1);
    expect(replies[0]).toMatchObject({ id: 9, error: expect.stringMatching(/length/i) as string });
    channel.port1.close();
  });
});

/** Helper "threads" served over MessageChannels, recording which were ended. */
function channelThreads(answering = () => true) {
  const threads: { ended: boolean; error?: (reason: string) => void }[] = [];
  const start = (): BlobIoThread => {
    const channel = new MessageChannel();
    if (answering()) serveBlobIo(channel.port1);
    const thread: (typeof threads)[number] = { ended: false };
    threads.push(thread);
    return {
      endpoint: channel.port2,
      onError: (listener) => (thread.error = listener),
      terminate: () => {
        thread.ended = true;
        channel.port1.close();
        channel.port2.close();
      },
    };
  };
  return { start, threads };
}

describe('Blob I/O helpers are ended so that the Blobs they built are let go', () => {
  const key = newKey();
  const binding = { kind: ObjectKind.original, objectId: newId() };
  const roundTrip = async (helpers: BlobIoHelpers, plain: Uint8Array<ArrayBuffer>) => {
    const lease = helpers.lease();
    if (!lease) throw new Error('no helper');
    try {
      const sealed = await sealBlob(key, new Blob([plain]), binding, { io: lease.io });
      return await openBlob(key, sealed, binding, { io: lease.io });
    } finally {
      lease.release();
    }
  };

  it('a helper started ahead of need is ended too when nothing comes', async () => {
    const { start, threads } = channelThreads();
    const helpers = new BlobIoHelpers(start, { retireBytes: MiB, idleMs: 50 });
    await roundTrip(helpers, randomBytes(MiB)); // past its share: ended, a successor started
    expect(threads.map((thread) => thread.ended)).toEqual([true, false]);
    await expect.poll(() => threads[1]?.ended).toBe(true);
    expect(helpers.hasCurrent).toBe(false);
  });

  it('an idle helper is ended, and the next seal starts another', async () => {
    const { start, threads } = channelThreads();
    const helpers = new BlobIoHelpers(start, { idleMs: 50 });
    const plain = randomBytes(3 * MiB);
    await roundTrip(helpers, plain);
    expect(threads).toHaveLength(1);
    expect(threads[0]?.ended).toBe(false); // not at once: work in a burst shares one helper
    await roundTrip(helpers, plain);
    expect(threads).toHaveLength(1);
    await expect.poll(() => threads[0]?.ended).toBe(true);
    expect(helpers.hasCurrent).toBe(false);
    await roundTrip(helpers, plain);
    expect(threads.map((thread) => thread.ended)).toEqual([true, false]);
  });

  it('a helper that has written its share is ended when its last lease is released', async () => {
    const { start, threads } = channelThreads();
    const helpers = new BlobIoHelpers(start, { retireBytes: 8 * MiB, idleMs: 60_000 });
    const held = helpers.lease(); // a seal still running on the first helper
    await roundTrip(helpers, randomBytes(5 * MiB)); // 2 x 5 MiB written: past its share
    // Still in use, so not ended; its successor is started at once, ready for what comes next.
    expect(threads.map((thread) => thread.ended)).toEqual([false, false]);
    await roundTrip(helpers, randomBytes(MiB)); // goes to the new helper
    expect(threads).toHaveLength(2);
    held?.release();
    expect(threads.map((thread) => thread.ended)).toEqual([true, false]);
  });

  it('a helper past its share while still leased takes no new work', async () => {
    const { start, threads } = channelThreads();
    const helpers = new BlobIoHelpers(start, { retireBytes: 2 * MiB, idleMs: 60_000 });
    const first = helpers.lease();
    if (!first) throw new Error('no helper');
    await sealBlob(key, new Blob([randomBytes(3 * MiB)]), binding, { io: first.io });
    const second = helpers.lease(); // the first has written its share and is not released yet
    expect(second?.io).not.toBe(first.io);
    expect(threads.map((thread) => thread.ended)).toEqual([false, false]);
    first.release();
    expect(threads.map((thread) => thread.ended)).toEqual([true, false]);
    second?.release();
  });

  it('ending a helper with a read still in flight reports no failure: helpers go on', async () => {
    let answering = false; // the first helper never answers: its read stays in flight
    const { start, threads } = channelThreads(() => answering);
    const helpers = new BlobIoHelpers(start, { idleMs: 10, silenceMs: 50 });
    const lease = helpers.lease();
    if (!lease) throw new Error('no helper');
    const reading = lease.io.source(new Blob([randomBytes(100)])).read(0, 100);
    lease.release();
    await expect(reading).rejects.toThrow(/stopped/);
    expect(threads[0]?.ended).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 150)); // past the silence that means gone
    answering = true;
    const plain = randomBytes(2 * MiB);
    const opened = await roundTrip(helpers, plain);
    expect(Buffer.compare(new Uint8Array(await opened.arrayBuffer()), plain)).toBe(0);
    expect(threads.map((thread) => thread.ended)).toEqual([true, false]);
  });

  it('a helper thread that fails is not tried again: the caller gets none', async () => {
    const { start, threads } = channelThreads();
    const helpers = new BlobIoHelpers(start);
    const lease = helpers.lease();
    threads[0]?.error?.('the Blob I/O worker failed: it could not be started');
    // Ended at once though still leased: it holds what it built while the work is redone.
    expect(threads[0]?.ended).toBe(true);
    await expect(
      sealBlob(key, new Blob([randomBytes(2 * MiB)]), binding, { io: lease?.io }),
    ).rejects.toBeInstanceOf(BlobIoUnavailableError);
    lease?.release();
    expect(helpers.lease()).toBeUndefined();
  });
});
