/**
 * import.photos_per_s and import.peak_memory_mb: the real app (dev server) imports `count`
 * distinct 12-MP JPEGs picked from disk through its own file input, as a person would. Memory is
 * the proportional set size (PSS: each shared page divided among the processes sharing it, so
 * the sum is what the browser really holds) of every Chromium process, sampled every 200 ms.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type BrowserContext, type Page } from '@playwright/test';
import { createLibrary } from '../e2e/support/library.ts';
import type { Figures } from './page.ts';

const MB = 1e6;

/** Every process under the Chromium started with `profile`, and their summed PSS in bytes. */
function chromiumPss(profile: string): { total: number; byProcess: Map<string, number> } {
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
  const byProcess = new Map<string, number>();
  for (const pid of parents.keys()) {
    if (!inTree(pid)) continue;
    try {
      const rollup = readFileSync(`/proc/${String(pid)}/smaps_rollup`, 'utf8');
      const pss = Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0) * 1024;
      const cmdline = readFileSync(`/proc/${String(pid)}/cmdline`, 'utf8');
      const type = /--type=([a-z-]+)/.exec(cmdline)?.[1] ?? 'browser';
      byProcess.set(`${type} ${String(pid)}`, pss);
      total += pss;
    } catch {
      // ended
    }
  }
  return { total, byProcess };
}

/**
 * CPU seconds per thread over every Chromium process (Linux /proc), printed to stderr after the
 * import: where the time goes besides the import workers (decoder threads, the browser's I/O).
 */
function chromiumThreadCpu(): Map<string, number> {
  const byName = new Map<string, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      if (!cmdline.includes('chromium')) continue;
      const type = /--type=([a-z-]+)/.exec(cmdline)?.[1] ?? 'browser';
      for (const tid of readdirSync(`/proc/${name}/task`)) {
        const stat = readFileSync(`/proc/${name}/task/${tid}/stat`, 'utf8');
        const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const ticks = Number(fields[11]) + Number(fields[12]);
        // Workers by thread id: the crypto worker and each import worker apart.
        const key = comm === 'DedicatedWorker' ? `${type}/worker#${tid}` : `${type}/${comm}`;
        byName.set(key, (byName.get(key) ?? 0) + ticks / 100);
      }
    } catch {
      // gone
    }
  }
  return byName;
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
    const baselineSample = chromiumPss(profile);
    const baseline = baselineSample.total;
    let peak = baseline;
    let peakByProcess = baselineSample.byProcess;
    const sampler = setInterval(() => {
      const sample = chromiumPss(profile);
      if (sample.total > peak) {
        peak = sample.total;
        peakByProcess = sample.byProcess;
      }
    }, 200);
    const cpuBefore = chromiumThreadCpu();
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
    for (const [name, bytes] of peakByProcess) {
      const before = baselineSample.byProcess.get(name) ?? 0;
      process.stderr.write(
        `memory at peak: ${name} ${(bytes / MB).toFixed(0)} MB (before ${(before / MB).toFixed(0)} MB)\n`,
      );
    }
    const cpuAfter = chromiumThreadCpu();
    const used = [...cpuAfter].map(
      ([key, value]) => [key, value - (cpuBefore.get(key) ?? 0)] as const,
    );
    for (const [key, value] of used.sort((a, b) => b[1] - a[1]).slice(0, 15)) {
      process.stderr.write(`cpu ${key}: ${value.toFixed(1)} s\n`);
    }
    await page.close();
    const photosPerSecond = count / seconds;
    const limit = figures['import.limit_photos_per_s'] ?? Number.NaN;
    return {
      ...figures,
      'import.photos': count,
      'import.jpeg_bytes': jpeg.length,
      'import.photos_per_s': photosPerSecond,
      'import.photos_per_s_ratio': photosPerSecond / limit,
      // The whole browser (every tab, worker and helper process), before the drop and at its peak.
      'import.baseline_memory_mb': baseline / MB,
      'import.peak_memory_mb': peak / MB,
      'import.memory_growth_mb': (peak - baseline) / MB,
    };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
