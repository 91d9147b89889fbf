/**
 * gallery.*: the production build of the app over a synthetic library of 100,000 photos
 * (e2e/support/syntheticLibrary.ts: real vault, log and sealed index; every photo its own id and
 * wrapped key, one shared thumbnail), unlocked through its form.
 *
 * The app is built once (`vite build` into a temp folder) and served on the dev server's origin
 * under /built/ (context.route, with the production headers of scripts/security-headers.ts), so
 * it opens the IndexedDB the synthetic library was written into (per origin, not per path) and
 * runs as users run it: React's production build, bundled modules, the production CSP.
 *
 * - gallery.first_paint_ms: from the library screen appearing (unlocked) to the first thumbnail
 *   painted (decoded onto its tile's canvas, then one animation frame). Goal ≤ 300 ms.
 * - gallery.scroll_long_tasks: long tasks (> 50 ms, PerformanceObserver 'longtask' in the page)
 *   while the whole timeline is scrolled top to bottom by dragging the scrubber, then again by
 *   wheel events (Playwright's mouse, as a person's). Goal 0.
 * - gallery.heap_mb: the page's JavaScript heap after all that and a forced garbage collection
 *   (CDP HeapProfiler.collectGarbage, then Performance.getMetrics JSHeapUsedSize: the main
 *   thread's heap, not the workers'). Goal < 400 MB.
 *
 * PINHOLE_BENCH_GALLERY_TRACE=<file.json> also records a Chrome trace from unlocking to the end (open it
 * in chrome://tracing or Perfetto) to see what the long tasks were.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest } from 'node:http';
import { loadavg } from 'node:os';
import { extname, resolve, sep } from 'node:path';
import type { CDPSession, Page } from '@playwright/test';
import { libraryHeading, testPassword, unlock } from '../e2e/support/library.ts';
import { createSyntheticLibrary } from '../e2e/support/syntheticLibrary.ts';
import { securityHeaders } from '../scripts/security-headers.ts';
import { buildApp } from './builtApp.ts';
import type { Figures } from './page.ts';
import type { BenchContext } from './run.ts';

const MB = 1e6;
/** Where the built app is served on the dev server's origin. */
const BUILT_PATH = '/built/';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * One origin for both halves of the suite: `/built/` answers from `outDir` with the headers
 * `vite preview` sends (scripts/security-headers.ts); everything else is passed to the Vite dev
 * server, which the synthetic library's test worker needs (it runs the core's TypeScript). So the
 * built app opens the IndexedDB the library was written into. A real server, not context.route:
 * Playwright does not see the requests of workers started by workers (the crypto worker starts
 * the import workers). No service worker: sw.js answers 404 (a first visit is not controlled by
 * one anyway, and its precaching would only add noise).
 */
async function serveBuilt(outDir: string, devOrigin: string) {
  const dev = new URL(devOrigin);
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', devOrigin);
    if (!url.pathname.startsWith(BUILT_PATH)) {
      const upstream = httpRequest(
        {
          hostname: dev.hostname,
          port: dev.port,
          method: request.method,
          path: request.url,
          headers: { ...request.headers, host: dev.host },
        },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      upstream.on('error', () => {
        response.writeHead(502).end();
      });
      request.pipe(upstream);
      return;
    }
    const relative = decodeURIComponent(url.pathname.slice(BUILT_PATH.length)) || 'index.html';
    const file = resolve(outDir, relative);
    const found =
      file.startsWith(outDir + sep) && relative !== 'sw.js'
        ? readFile(file)
        : Promise.reject(new Error('not served'));
    found.then(
      (body) => {
        response.writeHead(200, {
          ...securityHeaders,
          'Content-Type': contentTypes[extname(file)] ?? 'application/octet-stream',
          'Cache-Control': 'no-cache',
        });
        response.end(body);
      },
      () => {
        response.writeHead(404, securityHeaders).end('not found');
      },
    );
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    origin: `http://127.0.0.1:${String(address.port)}`,
    close: () =>
      new Promise<void>((closed) => {
        server.close(() => {
          closed();
        });
        server.closeAllConnections(); // the browser's keep-alive connections
      }),
  };
}

/** Wheel steps: about ten screens each, so the 3-million-pixel timeline takes minutes, not hours. */
const WHEEL_DELTA_PX = 8000;

/** What the probe below keeps in the page. */
interface Probe {
  longTasks: number[];
  unlockedAt: number | null;
  firstThumbnailAt: number | null;
}
type ProbeWindow = Window & { pinholeGalleryProbe?: Probe };

/** Installed before the app's own scripts: long tasks, and the moments first_paint_ms spans. */
function installProbe(): void {
  const probe: Probe = { longTasks: [], unlockedAt: null, firstThumbnailAt: null };
  (window as ProbeWindow).pinholeGalleryProbe = probe;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) probe.longTasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: true });
  const watcher = new MutationObserver(() => {
    probe.unlockedAt ??= document.querySelector('[data-testid="library"]')
      ? performance.now()
      : null;
    if (probe.unlockedAt === null || probe.firstThumbnailAt !== null) return;
    if (!document.querySelector('.tile canvas.shown')) return;
    probe.firstThumbnailAt = -1; // seen: painted at the next frame
    requestAnimationFrame(() => {
      probe.firstThumbnailAt = performance.now();
      watcher.disconnect();
    });
  });
  document.addEventListener('DOMContentLoaded', () => {
    watcher.observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['class'],
    });
  });
}

/** CPU seconds so far of the page's main thread and of its whole renderer process (workers too). */
async function cpuTimes(cdp: CDPSession): Promise<{ main: number; renderer: number }> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const value = (name: string) => metrics.find((metric) => metric.name === name)?.value ?? NaN;
  return { main: value('ThreadTime'), renderer: value('ProcessTime') };
}

const probe = (page: Page): Promise<Probe> =>
  page.evaluate(() => {
    const found = (window as ProbeWindow).pinholeGalleryProbe;
    if (!found) throw new Error('no gallery probe in the page');
    return { ...found, longTasks: [...found.longTasks] };
  });

const clearLongTasks = (page: Page): Promise<void> =>
  page.evaluate(() => {
    const found = (window as ProbeWindow).pinholeGalleryProbe;
    if (found) found.longTasks.length = 0;
  });

/** Waits until the window is at the bottom of the page and stays there for a moment. */
async function settleAtBottom(page: Page): Promise<void> {
  await page.waitForFunction(
    () => window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2,
    undefined,
    { timeout: 60_000 },
  );
  await page.waitForTimeout(1000);
}

/** Categories for PINHOLE_BENCH_GALLERY_TRACE: tasks, what ran in them, and JS samples. */
const traceCategories = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'v8.execute',
  'blink.user_timing',
  'disabled-by-default-v8.cpu_profiler',
].join(',');

/** Starts a trace on `cdp`; the returned function stops it and writes it to `file`. */
async function startTrace(cdp: CDPSession, file: string): Promise<() => Promise<void>> {
  const events: unknown[] = [];
  cdp.on('Tracing.dataCollected', ({ value }) => {
    events.push(...value);
  });
  await cdp.send('Tracing.start', {
    categories: traceCategories,
    transferMode: 'ReportEvents',
  });
  return async () => {
    const complete = new Promise<void>((done) => {
      cdp.once('Tracing.tracingComplete', () => {
        done();
      });
    });
    await cdp.send('Tracing.end');
    await complete;
    await writeFile(file, JSON.stringify({ traceEvents: events }));
    process.stderr.write(`trace written to ${file}\n`);
  };
}

export async function galleryBench({ context, origin: devOrigin }: BenchContext): Promise<Figures> {
  const traceFile = process.env.PINHOLE_BENCH_GALLERY_TRACE;
  // With a trace, source maps (kept with the build) name the functions the samples name.
  const outDir = await buildApp(traceFile !== undefined);
  const served = await serveBuilt(outDir, devOrigin);
  const origin = served.origin;
  const page = await context.newPage();
  // The service worker's 404 (see serveBuilt) is expected; anything else is worth seeing.
  const expected = /ServiceWorker|fetching the script/;
  page.on('pageerror', (error) => {
    if (!expected.test(String(error)))
      process.stderr.write(`gallery page error: ${String(error)}\n`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error' && !expected.test(message.text())) {
      process.stderr.write(`gallery console: ${message.text()}\n`);
    }
  });
  const cdp = await context.newCDPSession(page);
  try {
    await page.setViewportSize({ width: 1280, height: 800 });
    const library = await createSyntheticLibrary(page, origin);
    process.stderr.write(
      `synthetic library: ${String(library.photos)} photos, ${String(library.months.length)} months, made in ${(library.ms / 1000).toFixed(1)} s\n`,
    );
    await page.addInitScript(installProbe);
    await page.goto(`${origin}${BUILT_PATH}`);
    const stopTrace = traceFile ? await startTrace(cdp, traceFile) : null;
    await unlock(page, testPassword);
    await libraryHeading(page).waitFor({ timeout: 60_000 });
    await page.waitForFunction(
      () => ((window as ProbeWindow).pinholeGalleryProbe?.firstThumbnailAt ?? -1) > 0,
      undefined,
      { timeout: 60_000 },
    );
    const opened = await probe(page);
    const firstPaintMs = (opened.firstThumbnailAt ?? 0) - (opened.unlockedAt ?? 0);
    await page.waitForTimeout(1000);

    // The scrubber, from its top to its bottom, in 200 moves.
    await cdp.send('Performance.enable');
    const beforeScrubber = await cpuTimes(cdp);
    await clearLongTasks(page);
    const bar = await page.getByRole('slider', { name: 'Scroll by date' }).boundingBox();
    if (!bar) throw new Error('no scrubber');
    const x = bar.x + bar.width / 2;
    await page.mouse.move(x, bar.y + 1);
    await page.mouse.down();
    await page.mouse.move(x, bar.y + bar.height - 1, { steps: 200 });
    await page.mouse.up();
    await settleAtBottom(page);
    const scrubber = (await probe(page)).longTasks;
    const afterScrubber = await cpuTimes(cdp);

    // The wheel, from the top to the bottom.
    await page.evaluate(() => {
      window.scrollTo(0, 0);
    });
    await page.waitForTimeout(1000);
    await clearLongTasks(page);
    const beforeWheel = await cpuTimes(cdp);
    await page.mouse.move(bar.x - 300, bar.y + bar.height / 2);
    const started = performance.now();
    for (let events = 1; ; events++) {
      await page.mouse.wheel(0, WHEEL_DELTA_PX);
      if (events % 20 !== 0) continue;
      const atEnd = await page.evaluate(
        () => window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2,
      );
      if (atEnd || performance.now() - started > 15 * 60_000) break;
    }
    await settleAtBottom(page);
    const wheel = (await probe(page)).longTasks;
    const afterWheel = await cpuTimes(cdp);
    await stopTrace?.();

    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const heap = metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value ?? Number.NaN;
    const tiles = await page.locator('.tile').count();

    const longest = Math.max(0, ...scrubber, ...wheel);
    // Less dependent on the machine's load than long tasks (wall time): CPU the scrolls took.
    const mainCpuMs =
      (afterScrubber.main - beforeScrubber.main + afterWheel.main - beforeWheel.main) * 1000;
    const rendererCpuMs =
      (afterScrubber.renderer -
        beforeScrubber.renderer +
        afterWheel.renderer -
        beforeWheel.renderer) *
      1000;
    const figures: Figures = {
      'gallery.photos': library.photos,
      'gallery.first_paint_ms': firstPaintMs,
      'gallery.scroll_long_tasks': scrubber.length + wheel.length,
      'gallery.scroll_long_tasks_scrubber': scrubber.length,
      'gallery.scroll_long_tasks_wheel': wheel.length,
      'gallery.longest_task_ms': longest,
      'gallery.heap_mb': heap / MB,
      'gallery.scroll_main_cpu_ms': mainCpuMs,
      'gallery.scroll_main_cpu_scrubber_ms': (afterScrubber.main - beforeScrubber.main) * 1000,
      'gallery.scroll_main_cpu_wheel_ms': (afterWheel.main - beforeWheel.main) * 1000,
      'gallery.scroll_renderer_cpu_ms': rendererCpuMs,
      'gallery.tiles_in_dom': tiles,
    };
    process.stderr.write(
      [
        `gallery.first_paint_ms ${firstPaintMs.toFixed(0)} (goal <= 300)`,
        `gallery.scroll_long_tasks ${String(scrubber.length + wheel.length)} (goal 0; scrubber ${String(scrubber.length)}, wheel ${String(wheel.length)}, longest ${longest.toFixed(0)} ms)`,
        `gallery.heap_mb ${(heap / MB).toFixed(1)} (goal < 400)`,
        `gallery.scroll_main_cpu_ms ${mainCpuMs.toFixed(0)} (renderer, workers included: ${rendererCpuMs.toFixed(0)}; load ${loadavg()[0]?.toFixed(1) ?? '?'})`,
      ].join('\n') + '\n',
    );
    return figures;
  } finally {
    await cdp.detach().catch(() => undefined);
    await page.close();
    await served.close();
    if (traceFile) process.stderr.write(`the build traced, with source maps: ${outDir}\n`);
    else await rm(outDir, { recursive: true, force: true });
  }
}
