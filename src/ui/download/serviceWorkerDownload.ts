/**
 * The page's half of a streamed download through the app's service worker (public/download-sw.js
 * is the other half): the stream goes to the worker, a hidden frame opens
 * <scope>download/<id>/<name>, and the worker answers that request with the stream, which the
 * browser writes to disk as it arrives. Only the chunks in flight are ever in memory.
 */
import { downloadHeaders } from './downloadHeaders';
import { cancelledError, downloadErrorFrom, DownloadError } from './downloadError';

/** A worker that answers later than this has no download handler (or is not running). */
const REPLY_TIMEOUT_MS = 3_000;
/** Between the frame's navigation and the worker answering it. */
const START_TIMEOUT_MS = 15_000;
/** Idle service workers are stopped after 30 s in Chromium; a message event restarts the clock. */
const KEEPALIVE_MS = 10_000;
/** The frame stays a little after the last byte, so removing it cannot cut the download short. */
const FRAME_LINGER_MS = 10_000;

type WorkerReply = { type: 'ready'; scope: string } | { type: 'stored' } | { type: 'started' };

/** The worker that serves downloads and its scope, when one controls this page. */
export interface DownloadWorker {
  worker: ServiceWorker;
  scope: string;
}

/**
 * The controlling service worker, if it answers for downloads. Null on a first visit, under the
 * dev server, after a hard reload, or with a worker from before downloads existed.
 */
export async function findDownloadWorker(): Promise<DownloadWorker | null> {
  const worker = 'serviceWorker' in navigator ? navigator.serviceWorker.controller : null;
  if (!worker) return null;
  const channel = new MessageChannel();
  const reply = replies(channel.port1);
  try {
    worker.postMessage({ type: 'pinhole-download-hello' }, [channel.port2]);
    const ready = await reply.next('ready', REPLY_TIMEOUT_MS);
    return { worker, scope: ready.scope };
  } catch {
    return null;
  } finally {
    channel.port1.close();
  }
}

/**
 * Saves `stream` as `fileName` through the worker. Resolves once the last byte has gone to the
 * browser's download; rejects with a DownloadError when the stream fails (the browser then
 * marks the download failed) and with an AbortError when the user cancels it.
 */
export async function saveThroughWorker(
  { worker, scope }: DownloadWorker,
  fileName: string,
  stream: ReadableStream<Uint8Array>,
  size?: number,
): Promise<void> {
  const id = crypto.randomUUID();
  const watched = watch(stream);
  const channel = new MessageChannel();
  const reply = replies(channel.port1);
  const frame = document.createElement('iframe');
  const keepAlive = setInterval(() => {
    worker.postMessage({ type: 'pinhole-download-keepalive' });
  }, KEEPALIVE_MS);
  try {
    try {
      const headers = downloadHeaders(fileName, size);
      worker.postMessage({ type: 'pinhole-download', id, headers, stream: watched.stream }, [
        watched.stream,
        channel.port2,
      ]);
      await reply.next('stored', REPLY_TIMEOUT_MS);
      // A frame, not a link: a navigation is what the service worker is sure to see.
      frame.hidden = true;
      frame.src = new URL(`download/${id}/${encodeURIComponent(fileName)}`, scope).href;
      document.body.append(frame);
      await reply.next('started', START_TIMEOUT_MS);
    } catch (error) {
      watched.abort(
        new DownloadError('The download did not start. Reload Pinhole and try again.', {
          cause: error,
        }),
      );
    }
    await watched.outcome;
  } finally {
    clearInterval(keepAlive);
    channel.port1.close();
    setTimeout(() => {
      frame.remove();
    }, FRAME_LINGER_MS);
  }
}

interface Watched {
  /** What the worker reads: the same chunks, one pull at a time. */
  stream: ReadableStream<Uint8Array>;
  /** Resolves when the source ended, rejects when it failed or the reader cancelled. */
  outcome: Promise<void>;
  /** Stops the source; the outcome rejects with `reason`. */
  abort: (reason: Error) => void;
}

/**
 * Relays `source` and reports how it ended. The page watches rather than the worker, so the
 * error (which names the photo) arrives here as it is, and the worker script stays small.
 */
function watch(source: ReadableStream<Uint8Array>): Watched {
  const reader = source.getReader();
  let resolve = () => {};
  let reject: (reason: Error) => void = () => {};
  const outcome = new Promise<void>((onDone, onFail) => {
    resolve = onDone;
    reject = onFail;
  });
  // The first of resolve/reject wins: a later `done` from a cancelled read changes nothing.
  const abort = (reason: Error) => {
    reject(reason);
    reader.cancel(reason).catch(() => undefined);
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const chunk = await reader.read();
          if (chunk.done) {
            resolve();
            controller.close();
          } else {
            controller.enqueue(chunk.value);
          }
        } catch (error) {
          reject(downloadErrorFrom(error));
          controller.error(error);
        }
      },
      async cancel(reason) {
        // The reader is the browser's download: the user cancelled it, or it failed writing.
        reject(cancelledError());
        await reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  outcome.catch(() => undefined); // observed by saveThroughWorker, maybe later than it settles
  return { stream, outcome, abort };
}

/** The worker's replies on `port`, which come in order: ready, or stored then started. */
function replies(port: MessagePort) {
  const queue: WorkerReply[] = [];
  let wake = () => {};
  port.onmessage = (event: MessageEvent<WorkerReply>) => {
    queue.push(event.data);
    wake();
  };
  return {
    /** The next reply, which must be `type` and come within `timeoutMs`. */
    async next<T extends WorkerReply['type']>(type: T, timeoutMs: number) {
      if (queue.length === 0) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, timeoutMs);
        });
      }
      const reply = queue.shift();
      if (reply?.type !== type) throw new Error(`The service worker did not reply "${type}".`);
      return reply as Extract<WorkerReply, { type: T }>;
    },
  };
}
