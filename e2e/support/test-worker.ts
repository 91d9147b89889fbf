/**
 * Runs the app's own code in a real browser worker: a dev-server page (the app's modules load from
 * it) starts one of e2e/support's *.worker.ts files, and the spec asks it questions from Node.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JSHandle, Page } from '@playwright/test';
import { devOrigin } from './servers.ts';

/** Serves the files of `dir` to the page at `${devOrigin}${urlPath}<name>` (urlPath ends in /). */
export async function serveFolder(page: Page, dir: string, urlPath: string): Promise<void> {
  await page.route(`${devOrigin}${urlPath}*`, async (route) => {
    const name = decodeURIComponent(new URL(route.request().url()).pathname.slice(urlPath.length));
    await route.fulfill({
      body: await readFile(join(dir, name)),
      contentType: 'application/octet-stream',
    });
  });
}

/** What the page keeps of its test worker. */
interface TestWorkerState {
  worker: Worker;
  /** Every error event the worker raised. */
  errors: string[];
  /** The Blobs of the last reply (they cannot cross to Node), by field name. */
  blobs: Record<string, Blob>;
}
type PageGlobal = { pinholeTestWorker?: TestWorkerState };

/** Starts e2e/support/`name`.worker.ts as the page's test worker; the page must be at devOrigin. */
export async function startTestWorker(
  page: Page,
  name: 'blobs' | 'derivatives' | 'fuzz' | 'synthetic',
): Promise<void> {
  await page.evaluate((url) => {
    const worker = new Worker(url, { type: 'module' });
    const state: TestWorkerState = { worker, errors: [], blobs: {} };
    worker.addEventListener('error', (event) => state.errors.push(event.message));
    (globalThis as PageGlobal).pinholeTestWorker = state;
  }, `/e2e/support/${name}.worker.ts`);
}

/** A request as Node holds it: any field may be a handle to a value made in the page. */
export type FromNode<Request> = { [Key in keyof Request]: Request[Key] | JSHandle<Request[Key]> };

/**
 * Posts `request` to the page's test worker and resolves with its reply. Fields that are handles
 * (an ArrayBuffer fetched in the page, an ImageBitmap drawn there) arrive as their values, and
 * ArrayBuffers and ImageBitmaps are transferred. Blobs in the reply stay in the page (keptBlob).
 */
export async function askTestWorker<Request, Reply>(
  page: Page,
  request: FromNode<Request>,
): Promise<Reply> {
  const reply = await page.evaluate(async (request: unknown) => {
    const state = (globalThis as PageGlobal).pinholeTestWorker;
    if (state === undefined) throw new Error('no test worker: call startTestWorker first');
    const transfer =
      typeof request === 'object' && request !== null
        ? Object.values(request).filter(
            (value): value is Transferable =>
              value instanceof ArrayBuffer || value instanceof ImageBitmap,
          )
        : [];
    const data = await new Promise<unknown>((resolve, reject) => {
      const controller = new AbortController();
      const { signal } = controller;
      state.worker.addEventListener(
        'message',
        (event: MessageEvent) => {
          controller.abort();
          resolve(event.data);
        },
        { signal },
      );
      state.worker.addEventListener(
        'error',
        (event) => {
          controller.abort();
          reject(new Error(`test worker: ${event.message}`));
        },
        { signal },
      );
      state.worker.postMessage(request, transfer);
    });
    state.blobs = {};
    if (typeof data !== 'object' || data === null) return data;
    const rest: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(data)) {
      if (value instanceof Blob) state.blobs[key] = value;
      else rest[key] = value;
    }
    return rest;
  }, request as unknown);
  return reply as Reply;
}

/** The Blob the last reply carried as `field`, still in the page. */
export async function keptBlob(page: Page, field: string): Promise<JSHandle<Blob>> {
  return page.evaluateHandle((field) => {
    const blob = (globalThis as PageGlobal).pinholeTestWorker?.blobs[field];
    if (blob === undefined) throw new Error(`the last reply had no ${field}`);
    return blob;
  }, field);
}

/** Ends the page's test worker; resolves with the errors it raised. */
export async function stopTestWorker(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const state = (globalThis as PageGlobal).pinholeTestWorker;
    if (state === undefined) throw new Error('no test worker');
    state.worker.terminate();
    delete (globalThis as PageGlobal).pinholeTestWorker;
    return state.errors;
  });
}
