/**
 * import.photos_per_s and import.peak_memory_mb: the real app (dev server) imports `count`
 * distinct 12-MP JPEGs picked from disk through its own file input, as a person would. Memory is
 * the resident set of every Chromium process summed, sampled every 200 ms from /proc.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type BrowserContext, type Page } from '@playwright/test';
import { createLibrary } from '../e2e/support/library.ts';
import type { Figures } from './page.ts';

const MB = 1e6;

/** Every process under the Chromium started with `profile`, and their summed RSS in bytes. */
function chromiumRss(profile: string): number {
  const parents = new Map<number, number>();
  let root = -1;
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parents.set(pid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      if (root === -1) {
        const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
        if (cmdline.includes(profile) && !cmdline.includes('--type=')) root = pid;
      }
    } catch {
      // the process ended while we looked
    }
  }
  const inTree = (pid: number): boolean => {
    for (let at = pid, hops = 0; at > 1 && hops < 20; hops++) {
      if (at === root) return true;
      at = parents.get(at) ?? 0;
    }
    return false;
  };
  let total = 0;
  for (const pid of parents.keys()) {
    if (!inTree(pid)) continue;
    try {
      const status = readFileSync(`/proc/${String(pid)}/status`, 'utf8');
      total += Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    } catch {
      // ended
    }
  }
  return total;
}

export async function importBench(
  context: BrowserContext,
  benchPage: Page,
  origin: string,
  profile: string,
  count = 1000,
): Promise<Figures> {
  const { figures, jpegBase64 } = await benchPage.evaluate(() => {
    const bench = window.pinholeBench;
    if (!bench) throw new Error('bench page not loaded');
    return bench.importLimit();
  });
  const jpeg = Buffer.from(jpegBase64, 'base64');
  const folder = await mkdtemp(join(tmpdir(), 'pinhole-bench-photos-'));
  const paths: string[] = [];
  try {
    await mkdir(folder, { recursive: true });
    for (let index = 0; index < count; index++) {
      // Bytes after the JPEG's end-of-image marker make each file distinct to the content hash.
      const path = join(folder, `IMG_${String(index).padStart(4, '0')}.jpg`);
      await writeFile(path, Buffer.concat([jpeg, Buffer.from(`pinhole bench ${String(index)}`)]));
      paths.push(path);
    }

    const page = await context.newPage();
    await createLibrary(page, 'bench: violet-Trombone-47-quietly-Orbit', { url: `${origin}/` });
    const baseline = chromiumRss(profile);
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, chromiumRss(profile));
    }, 200);
    const started = performance.now();
    try {
      await page.getByTestId('import-files').setInputFiles(paths);
      await expect(page.getByRole('region', { name: 'Import' })).toContainText(
        `Imported ${String(count)} photos`,
        { timeout: 60 * 60 * 1000 },
      );
    } finally {
      clearInterval(sampler);
    }
    const seconds = (performance.now() - started) / 1000;
    await page.close();
    const photosPerSecond = count / seconds;
    const limit = figures['import.limit_photos_per_s'] ?? Number.NaN;
    return {
      ...figures,
      'import.photos': count,
      'import.jpeg_bytes': jpeg.length,
      'import.photos_per_s': photosPerSecond,
      'import.photos_per_s_ratio': photosPerSecond / limit,
      'import.baseline_memory_mb': baseline / MB,
      'import.peak_memory_mb': peak / MB,
    };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
