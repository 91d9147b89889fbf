import { describe, expect, it } from 'vitest';
import { BlobIoClient, BlobIoUnavailableError, serveBlobIo } from './blobIo';
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
