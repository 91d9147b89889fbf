/*
 * Streamed downloads, inside the service worker that vite-plugin-pwa generates (vite.config.ts
 * imports this file with workbox's `importScripts`). Hand-written plain JavaScript on purpose:
 * importScripts loads a classic script as it is, outside Vite's build, and this keeps the
 * generated worker (precache, offline fallback, update prompt) exactly as it was.
 *
 * The page (src/ui/download/serviceWorkerDownload.ts) hands over a stream and its headers; a
 * navigation to <scope>download/<id>/<name> is then answered with that stream, which the browser
 * saves to disk as it arrives. Nothing is cached and nothing is held once the response is made.
 */
'use strict';

/** Streams waiting for their navigation, by id: { stream, headers, port, expiry }. */
const pendingDownloads = new Map();
/** A stream nobody asked for within this time is cancelled (the page gave up or was closed). */
const PENDING_MS = 60_000;

self.addEventListener('message', (event) => {
  const data = event.data;
  if (event.origin !== self.location.origin || data === null || typeof data !== 'object') return;
  if (data.type === 'pinhole-download-hello') {
    event.ports[0]?.postMessage({ type: 'ready', scope: self.registration.scope });
  } else if (data.type === 'pinhole-download') {
    const port = event.ports[0];
    const expiry = setTimeout(() => {
      pendingDownloads.delete(data.id);
      data.stream.cancel(new Error('The download was never requested.')).catch(() => {});
    }, PENDING_MS);
    pendingDownloads.set(data.id, { stream: data.stream, headers: data.headers, port, expiry });
    port?.postMessage({ type: 'stored' });
  }
  // 'pinhole-download-keepalive' needs no answer: the event itself keeps this worker running
  // while a long download streams through it.
});

self.addEventListener('fetch', (event) => {
  const prefix = `${self.registration.scope}download/`;
  if (!event.request.url.startsWith(prefix)) return;
  // Ours alone: workbox's listeners (registered after this script runs) must not answer too.
  event.stopImmediatePropagation();
  const id = event.request.url.slice(prefix.length).split('/')[0];
  const download = pendingDownloads.get(id);
  if (download === undefined) {
    event.respondWith(
      new Response('This download has expired. Start it again from Pinhole.', {
        status: 404,
        headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
      }),
    );
    return;
  }
  pendingDownloads.delete(id);
  clearTimeout(download.expiry);
  download.port?.postMessage({ type: 'started' });
  event.respondWith(new Response(download.stream, { headers: download.headers }));
});
