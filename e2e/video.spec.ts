import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { UNDECODABLE_REASONS } from '../src/core/media/errors.ts';
import type * as VideoMetadataModule from '../src/core/media/videoMetadata.ts';
import type * as VideoPosterModule from '../src/ui/import/videoPoster.ts';
import { ffmpeg } from '../src/core/testing/ffmpeg.ts';
import type { BitmapReply, BitmapRequest } from './support/derivatives.worker.ts';
import { devOrigin } from './support/servers.ts';
import { fit } from './support/sizes.ts';
import { askTestWorker, serveFolder, startTestWorker } from './support/test-worker.ts';
import { makeVideos, VIDEO_RECIPES as RECIPES, type Codec } from './support/videos.ts';

/*
 * Poster frames of real videos, made by ffmpeg into a temp dir for this run: decoded by the app's
 * code in Chromium's <video>, checked against ffmpeg's own upright frame at the same moment, then
 * turned into derivatives by derivativesFromBitmap in a worker, as the import does.
 */

/** canPlayType types of each codec, to know what this Chromium build decodes. */
const CODEC_TYPES: Record<Codec, string> = {
  h264: 'video/mp4; codecs="avc1.640028"',
  hevc: 'video/mp4; codecs="hvc1.1.6.L93.B0"',
  vp9: 'video/mp4; codecs="vp09.00.10.08"',
  av1: 'video/mp4; codecs="av01.0.04M.08"',
};

type Color = 'red' | 'green' | 'blue' | 'white' | 'black' | 'other';

let dir = '';

/** The colour at the centre of each quadrant of ffmpeg's upright decode of `file` at `atS`. */
function ffmpegQuadrants(file: string, atS: number): { size: [number, number]; colors: Color[] } {
  const probe = ffmpeg(
    [
      ...['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height'],
      ...['-show_entries', 'stream_side_data=rotation', '-of', 'json', file],
    ],
    'ffprobe',
  ).toString();
  interface Probe {
    streams: { width: number; height: number; side_data_list?: { rotation?: number }[] }[];
  }
  const stream = (JSON.parse(probe) as Probe).streams[0];
  if (stream === undefined) throw new Error(`${file}: no video stream`);
  const rotated = Math.abs(stream.side_data_list?.[0]?.rotation ?? 0) % 180 === 90;
  const [width, height] = rotated ? [stream.height, stream.width] : [stream.width, stream.height];
  // ffmpeg applies the display matrix itself (autorotate), so this frame is upright.
  const rgba = ffmpeg([
    ...['-ss', String(atS), '-i', file, '-frames:v', '1'],
    ...['-f', 'rawvideo', '-pix_fmt', 'rgba', '-'],
  ]);
  const colors = quadrantCenters(width, height).map(([x, y]) => {
    const at = (y * width + x) * 4;
    return colorName(rgba[at] ?? 0, rgba[at + 1] ?? 0, rgba[at + 2] ?? 0);
  });
  return { size: [width, height], colors };
}

function quadrantCenters(width: number, height: number): [number, number][] {
  const xs = [Math.floor(width / 4), Math.floor((3 * width) / 4)];
  const ys = [Math.floor(height / 4), Math.floor((3 * height) / 4)];
  return ys.flatMap((y) => xs.map((x): [number, number] => [x, y]));
}

function colorName(r: number, g: number, b: number): Color {
  const high = (value: number): boolean => value > 180;
  const low = (value: number): boolean => value < 80;
  if (high(r) && high(g) && high(b)) return 'white';
  if (low(r) && low(g) && low(b)) return 'black';
  if (high(r) && low(g) && low(b)) return 'red';
  if (low(r) && high(g) && low(b)) return 'green';
  if (low(r) && low(g) && high(b)) return 'blue';
  return 'other';
}

test.beforeAll(() => {
  test.setTimeout(180_000);
  dir = mkdtempSync(join(tmpdir(), 'pinhole-video-'));
  makeVideos(dir, RECIPES);
  // A damaged video: an MP4's first 4 KiB, then noise.
  const head = readFileSync(join(dir, 'h264-rot90.mp4')).subarray(0, 4096);
  writeFileSync(join(dir, 'damaged.mp4'), Buffer.concat([head, Buffer.alloc(64 << 10, 0x5a)]));
});

test.afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

const VIDEO_PATH = '/__videos/';

/**
 * A dev-server page (the app's modules load from it) with the test videos served by route, and
 * derivatives.worker.ts as its worker.
 */
async function openPage(page: Page): Promise<void> {
  await serveFolder(page, dir, VIDEO_PATH);
  await page.goto(devOrigin);
  await startTestWorker(page, 'derivatives');
}

async function decodableCodecs(page: Page): Promise<Record<Codec, boolean>> {
  const answers = await page.evaluate((types) => {
    const video = document.createElement('video');
    return Object.fromEntries(
      Object.entries(types).map(([codec, type]) => [codec, video.canPlayType(type)]),
    );
  }, CODEC_TYPES);
  console.log('canPlayType in this Chromium:', JSON.stringify(answers));
  return Object.fromEntries(
    Object.entries(answers).map(([codec, answer]) => [codec, answer !== '']),
  ) as Record<Codec, boolean>;
}

/** What the page's worker reports of derivativesFromBitmap's result. */
type PosterDerivatives = Exclude<BitmapReply, { errorName: string }>;

type PosterOutcome =
  | {
      ok: true;
      ms: number;
      width: number;
      height: number;
      colors: Color[];
      metadata: Awaited<ReturnType<typeof VideoMetadataModule.extractVideoMetadata>>;
      derivatives: PosterDerivatives;
    }
  | { ok: false; ms: number; name: string; message: string; cause: string };

interface PosterOptions {
  timeoutMs?: number;
  abort?: 'before' | 'soon';
}

/**
 * In the page: the app's poster code on `name` (timed), the quadrant colours of the frame, the
 * app's metadata reader on the same Blob; then the bitmap transferred to the page's worker, which
 * runs derivativesFromBitmap (derivatives.worker.ts).
 */
async function poster(
  page: Page,
  name: string,
  options: PosterOptions = {},
): Promise<PosterOutcome> {
  const result = await page.evaluateHandle(
    async ({ name, path, options }) => {
      const posterModule = '/src/ui/import/videoPoster.ts';
      const metadataModule = '/src/core/media/videoMetadata.ts';
      const { videoPosterFrame } = (await import(
        /* @vite-ignore */ posterModule
      )) as typeof VideoPosterModule;
      const { extractVideoMetadata } = (await import(
        /* @vite-ignore */ metadataModule
      )) as typeof VideoMetadataModule;
      const blob = await (await fetch(path + encodeURIComponent(name))).blob();
      const abort = new AbortController();
      if (options.abort === 'before') abort.abort();
      if (options.abort === 'soon') {
        setTimeout(() => {
          abort.abort();
        }, 1);
      }
      const started = performance.now();
      let bitmap: ImageBitmap;
      try {
        bitmap = await videoPosterFrame(blob, abort.signal, options.timeoutMs);
      } catch (error) {
        const { name: errorName, message, cause } = error as Error;
        const ms = Math.round(performance.now() - started);
        return {
          outcome: { ok: false as const, ms, name: errorName, message, cause: String(cause) },
          bitmap: null,
        };
      }
      const ms = Math.round(performance.now() - started);

      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext('2d');
      if (context === null) throw new Error('no 2d context');
      context.drawImage(bitmap, 0, 0);
      const { width, height } = canvas;
      const pixels = context.getImageData(0, 0, width, height).data;
      const xs = [Math.floor(width / 4), Math.floor((3 * width) / 4)];
      const ys = [Math.floor(height / 4), Math.floor((3 * height) / 4)];
      const rgb = ys.flatMap((y) =>
        xs.map((x) => {
          const at = (y * width + x) * 4;
          return [pixels[at] ?? 0, pixels[at + 1] ?? 0, pixels[at + 2] ?? 0] as const;
        }),
      );
      const metadata = await extractVideoMetadata(blob, 0);
      return { outcome: { ok: true as const, ms, width, height, rgb, metadata }, bitmap };
    },
    { name, path: VIDEO_PATH, options },
  );
  const outcome = await result.evaluate(({ outcome }) => outcome);
  if (!outcome.ok) return outcome;
  const bitmap = await result.evaluateHandle(({ bitmap }) => {
    if (bitmap === null) throw new Error('no poster bitmap');
    return bitmap;
  });
  const derivatives = await askTestWorker<BitmapRequest, BitmapReply>(page, { bitmap });
  if ('errorName' in derivatives) throw new Error(`${name}: ${JSON.stringify(derivatives)}`);
  const { rgb, ...rest } = outcome;
  return { ...rest, derivatives, colors: rgb.map(([r, g, b]) => colorName(r, g, b)) };
}

const UNPLAYABLE = {
  ok: false,
  name: 'UndecodableFileError',
  message: UNDECODABLE_REASONS.video,
};

test('each video: an upright poster past the black start, its metadata size, derivatives', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openPage(page);
  const decodable = await decodableCodecs(page);
  // Debian's Chromium is built with the proprietary codecs; HEVC needs a platform decoder.
  console.log(`H.264: ${decodable.h264 ? 'decoded' : 'NOT decoded'} by this Chromium`);
  const timings: Record<string, number> = {};
  for (const recipe of RECIPES) {
    const { file } = recipe;
    const outcome = await poster(page, file);
    timings[file] = outcome.ms;
    if (!decodable[recipe.codec]) {
      expect({ file, ...outcome }).toMatchObject({ file, ...UNPLAYABLE });
      console.log(`${file}: ${outcome.ok ? '' : outcome.cause} (${outcome.ms} ms)`);
      continue;
    }
    if (!outcome.ok) throw new Error(`${file}: ${JSON.stringify(outcome)}`);
    const durationS = outcome.metadata.durationS ?? Number.NaN;
    expect({ file, durationS: Math.round(durationS) }).toEqual({
      file,
      durationS: recipe.seconds ?? 3,
    });
    const expected = ffmpegQuadrants(join(dir, file), Math.min(1, 0.1 * durationS));
    expect({ file, size: [outcome.width, outcome.height], colors: outcome.colors }).toEqual({
      file,
      ...expected,
    });
    expect(expected.colors).not.toContain('black');
    // The container's displayed size (rotation matrix applied) is the poster's size.
    expect({ file, size: [outcome.metadata.width, outcome.metadata.height] }).toEqual({
      file,
      size: expected.size,
    });
    const [width, height] = expected.size;
    const [thumbnailWidth, thumbnailHeight] = fit(width, height, 512);
    expect({ file, ...outcome.derivatives }).toMatchObject({
      file,
      width,
      height,
      thumbnailWidth,
      thumbnailHeight,
    });
    expect(outcome.derivatives.placeholder.length).toBeGreaterThan(10);
  }
  console.log('poster frame ms per video:', JSON.stringify(timings, null, 1));
});

test('the metadata, read from a browser Blob: Apple location, mvhd date as UTC, rotation', async ({
  page,
}) => {
  await openPage(page);
  const metadata = await page.evaluate(
    async ({ path, name }) => {
      const metadataModule = '/src/core/media/videoMetadata.ts';
      const { extractVideoMetadata } = (await import(
        /* @vite-ignore */ metadataModule
      )) as typeof VideoMetadataModule;
      const blob = await (await fetch(path + encodeURIComponent(name))).blob();
      return extractVideoMetadata(blob, 0);
    },
    { path: VIDEO_PATH, name: 'h264-rot90.mp4' },
  );
  const { durationS, ...rest } = metadata;
  expect(durationS).toBeCloseTo(3, 1); // the AAC track's priming makes it a little longer
  expect(rest).toEqual({
    takenAt: {
      local: '2021-06-01T12:00:00',
      offsetMinutes: 0,
      utcMs: Date.UTC(2021, 5, 1, 12),
      source: 'exif',
    },
    gps: { latitude: 48.8583, longitude: 2.2945, altitudeM: 35 },
    camera: undefined,
    width: 240,
    height: 320,
  });
});

test('a damaged video is undecodable; so is one that shows no frame in time', async ({ page }) => {
  await openPage(page);
  const damaged = await poster(page, 'damaged.mp4');
  expect(damaged).toMatchObject(UNPLAYABLE);
  if (!damaged.ok) expect(damaged.cause).toMatch(/media error/);

  const slow = await poster(page, 'vp9.webm', { timeoutMs: 1 });
  expect(slow).toMatchObject(UNPLAYABLE);
  if (!slow.ok) expect(slow.cause).toContain('no video frame within 1 ms');
});

test('an aborted poster rejects with the abort, before or while loading', async ({ page }) => {
  await openPage(page);
  for (const abort of ['before', 'soon'] as const) {
    const outcome = await poster(page, 'vp9.webm', { abort });
    expect({ abort, ...outcome }).toMatchObject({ abort, ok: false, name: 'AbortError' });
  }
});
