/**
 * viewer.open_ms and viewer.original_ms: the real app (dev server) with 12-MP JPEGs in its local
 * library. Each figure is timed in the page, from the click to the image decoded and a frame
 * drawn after it, so nothing of Playwright's round trips is counted. The original is compared
 * with a ceiling from this run's limits: decrypting its bytes at limit.secretstream_decrypt_mb_s
 * plus limit.jpeg12mp_decode_ms (the same generated JPEG).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { waitForImported } from '../e2e/support/import.ts';
import {
  argon2Timeout,
  createLibrary,
  libraryHeading,
  testPassword,
  unlock,
  unlockHeading,
} from '../e2e/support/library.ts';
import { callBench } from './callBench.ts';
import type { Figures } from './page.ts';
import type { BenchContext } from './run.ts';

/** Photos imported when the library is new (each open cycles through them). */
const PHOTOS = 3;
/** Timed opens (and zooms) after one warm-up each. */
const RUNS = 9;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

/** The bench's 12-MP JPEG (bench/limits.ts), made on the bench page, as bytes for Node. */
async function benchJpeg(benchPage: Page): Promise<Buffer> {
  const bytes = await benchPage.evaluate(async () => {
    const path = '/bench/limits.ts'; // served by the dev server, like the bench page itself
    const limits = (await import(/* @vite-ignore */ path)) as { makeTestJpeg: () => Promise<Blob> };
    return new Uint8Array(await (await limits.makeTestJpeg()).arrayBuffer());
  });
  return Buffer.from(bytes);
}

/**
 * An unlocked library with 12-MP photos on the dev server's origin: a new one with PHOTOS of
 * them (or the library already in this profile, when a suite before left one).
 */
async function libraryWithPhotos(page: Page, origin: string, jpeg: Buffer): Promise<void> {
  await page.goto(`${origin}/`);
  const create = page.getByRole('heading', { name: 'Create your library' });
  await expect(create.or(unlockHeading(page))).toBeVisible({ timeout: argon2Timeout });
  if (await unlockHeading(page).isVisible()) {
    await unlock(page, testPassword);
    await expect(libraryHeading(page)).toBeVisible({ timeout: argon2Timeout });
    return;
  }
  const folder = await mkdtemp(join(tmpdir(), 'pinhole-bench-viewer-'));
  try {
    const paths: string[] = [];
    for (let index = 0; index < PHOTOS; index++) {
      const path = join(folder, `IMG_${String(index)}.jpg`);
      // Bytes after the JPEG's end make each file new to the content hash.
      await writeFile(path, Buffer.concat([jpeg, Buffer.from(`pinhole viewer ${String(index)}`)]));
      paths.push(path);
    }
    await createLibrary(page, testPassword, { url: `${origin}/` });
    await page.getByTestId('import-files').setInputFiles(paths);
    await waitForImported(page, PHOTOS, 10 * 60_000);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/**
 * In the page: clicks `selector` (a tile or a viewer button), waits for the viewer's image to
 * be `size` (preview or original), loaded and decoded, then for the next frame; returns the ms.
 */
function timeInPage(page: Page, selector: string, size: 'preview' | 'original'): Promise<number> {
  return page.evaluate(
    async ({ selector, size }) => {
      const target = document.querySelector<HTMLElement>(selector);
      if (!target) throw new Error(`nothing matches ${selector}`);
      const started = performance.now();
      target.click();
      const query = `[role="dialog"] .viewer-stage img[data-size="${size}"]`;
      for (;;) {
        const image = document.querySelector<HTMLImageElement>(query);
        if (image?.complete && image.naturalWidth > 0) {
          await image.decode();
          break;
        }
        if (performance.now() - started > 60_000) {
          const shown = document.querySelector('[role="dialog"]')?.outerHTML.slice(0, 600);
          throw new Error(`no ${size} after 60 s; the viewer: ${shown ?? 'not open'}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      await new Promise((resolve) => requestAnimationFrame(resolve));
      return performance.now() - started;
    },
    { selector, size },
  );
}

async function closeViewer(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Photo viewer' })).toHaveCount(0);
  await page.waitForTimeout(300); // let the closed viewer's work settle before the next click
}

export async function viewerBench({
  context,
  page: benchPage,
  origin,
}: BenchContext): Promise<Figures> {
  const limits = {
    ...(await callBench(benchPage, 'secretstreamLimit')),
    ...(await callBench(benchPage, 'jpegDecodeLimit')),
  };
  const jpeg = await benchJpeg(benchPage);
  const page = await context.newPage();
  try {
    await libraryWithPhotos(page, origin, jpeg);
    const tiles = page.getByRole('region', { name: 'Timeline' }).locator('button[data-photo-id]');
    await expect(tiles.first()).toBeVisible();
    const ids = (
      await tiles.evaluateAll((found) =>
        found.map((tile) => tile.getAttribute('data-photo-id') ?? ''),
      )
    ).slice(0, PHOTOS);
    const tileOf = (run: number) => `button[data-photo-id="${ids[run % ids.length] ?? ''}"]`;

    const opens: number[] = [];
    const originals: number[] = [];
    for (let run = 0; run <= RUNS; run++) {
      const openMs = await timeInPage(page, tileOf(run), 'preview');
      // The button shows once the photo's details (its original's size) have arrived.
      await page.getByRole('dialog').getByRole('button', { name: 'Zoom in' }).waitFor();
      const zoomMs = await timeInPage(
        page,
        '[role="dialog"] button[aria-label="Zoom in"]',
        'original',
      );
      await closeViewer(page);
      // Run 0 is the warm-up: the library's state and the decoders load on first use.
      if (run === 0) {
        process.stderr.write(
          `viewer: first open ${openMs.toFixed(0)} ms, first original ${zoomMs.toFixed(0)} ms\n`,
        );
        continue;
      }
      opens.push(openMs);
      originals.push(zoomMs);
    }
    const decryptMbS = limits['limit.secretstream_decrypt_mb_s'] ?? Number.NaN;
    const decodeMs = limits['limit.jpeg12mp_decode_ms'] ?? Number.NaN;
    const originalLimitMs = (jpeg.length / (decryptMbS * 1e6)) * 1000 + decodeMs;
    const originalMs = median(originals);
    return {
      ...limits,
      'viewer.photo_bytes': jpeg.length,
      'viewer.open_ms': median(opens),
      'viewer.open_max_ms': Math.max(...opens),
      'viewer.original_ms': originalMs,
      'viewer.original_limit_ms': originalLimitMs,
      'viewer.original_ratio': originalMs / originalLimitMs,
    };
  } finally {
    await page.close();
  }
}
