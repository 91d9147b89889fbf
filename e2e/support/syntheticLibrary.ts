/**
 * A synthetic library of (by default) 100,000 photos, written into an origin's IndexedDB by
 * synthetic.worker.ts with the app's own core code, for the timeline spec and the gallery bench.
 * The photos share one thumbnail, so generating takes seconds, not an import's hours.
 */
import type { Page } from '@playwright/test';
import type { SyntheticReply, SyntheticRequest } from './synthetic.worker.ts';
import { testPassword } from './library.ts';
import { askTestWorker, startTestWorker, stopTestWorker } from './test-worker.ts';

/** 100,000 photos over 20 years, newest in December 2025, one month (August 2016) of 6,000. */
export const syntheticDefaults: SyntheticRequest = {
  password: testPassword,
  photos: 100_000,
  years: 20,
  newestMonth: '2025-12',
  bigMonth: { month: '2016-08', photos: 6000 },
};

export type SyntheticLibrary = Exclude<SyntheticReply, { error: string }>;

/**
 * Writes the library into `origin`'s IndexedDB (the Vite dev server's: it serves the worker and
 * the app) from a blank page there, deleting any library already in it first. The page is left
 * on that blank page: go to `${origin}/` next to unlock it with testPassword.
 */
export async function createSyntheticLibrary(
  page: Page,
  origin: string,
  options: Partial<SyntheticRequest> = {},
): Promise<SyntheticLibrary> {
  // A blank page of that origin: the app itself would open the database we are about to write.
  const blank = `${origin}/__pinhole-synthetic`;
  await page.route(blank, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>synthetic</title>' }),
  );
  await page.goto(blank);
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.deleteDatabase('pinhole');
        request.onsuccess = () => {
          resolve();
        };
        request.onblocked = () => {
          reject(new Error('the old library is open in another page: close it first'));
        };
        request.onerror = () => {
          reject(new Error(`could not delete the old library: ${String(request.error)}`));
        };
      }),
  );
  await startTestWorker(page, 'synthetic');
  const reply = await askTestWorker<SyntheticRequest, SyntheticReply>(page, {
    ...syntheticDefaults,
    ...options,
  });
  const errors = await stopTestWorker(page);
  if ('error' in reply) throw new Error(`synthetic library: ${reply.error}`);
  if (errors.length > 0) throw new Error(`synthetic library: ${errors.join('; ')}`);
  return reply;
}
