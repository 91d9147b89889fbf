import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { UNDECODABLE_REASONS } from '../src/core/media/errors.ts';
import type * as VideoMetadataModule from '../src/core/media/videoMetadata.ts';
import type * as VideoPosterModule from '../src/ui/import/videoPoster.ts';
import { devOrigin } from './support/servers.ts';
import { ffmpeg } from '../src/core/testing/ffmpeg.ts';

/*
 * Poster frames of real videos, made by ffmpeg into a temp dir for this run: decoded by the app's
 * code in Chromium's <video>, checked against ffmpeg's own upright frame at the same moment, then
 * turned into derivatives by derivativesFromBitmap in a worker, as the import does.
 */

/** Quadrants red, green / blue, white; black for the first 0.2 s, so frame 0 is not the poster. */
function pattern(width: number, height: number, seconds: number): string {
  const [halfW, halfH] = [width / 2, height / 2];
  return [
    `color=c=white:s=${width}x${height}:r=30:d=${seconds}`,
    `drawbox=x=0:y=0:w=${halfW}:h=${halfH}:color=red:t=fill`,
    `drawbox=x=${halfW}:y=0:w=${halfW}:h=${halfH}:color=lime:t=fill`,
    `drawbox=x=0:y=${halfH}:w=${halfW}:h=${halfH}:color=blue:t=fill`,
    `drawbox=x=0:y=0:w=${width}:h=${height}:color=black:t=fill:enable='lt(t,0.2)'`,
  ].join(',');
}

type Codec = 'h264' | 'hevc' | 'vp9' | 'av1';

/** How a test video is made. */
interface Recipe {
  file: string;
  codec: Codec;
  size?: [number, number]; // coded size, 320x240 unless said
  seconds?: number; // 3 unless said
  audio?: boolean; // an AAC or Opus tone too; true unless said
  encode: string[];
  /** A stream-copy pass for rotation and metadata (ffmpeg 5 ignores `rotate` while encoding). */
  remux?: string[];
}

const X264 = ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p'];
const VP9 = ['-c:v', 'libvpx-vp9', '-b:v', '300k', '-deadline', 'realtime', '-cpu-used', '8'];
const AAC = ['-c:a', 'aac'];

const RECIPES: Recipe[] = [
  {
    file: 'h264-rot90.mp4',
    codec: 'h264',
    encode: [...X264, ...AAC],
    remux: [
      ...['-metadata:s:v:0', 'rotate=90', '-metadata', 'creation_time=2021-06-01T12:00:00Z'],
      ...['-metadata', 'com.apple.quicktime.location.ISO6709=+48.8583+002.2945+035.000/'],
      ...['-movflags', 'use_metadata_tags'],
    ],
  },
  {
    file: 'h264.mov',
    codec: 'h264',
    encode: [...X264, ...AAC],
    remux: ['-metadata', 'location=+48.8583+002.2945/', '-metadata', 'make=Apple'],
  },
  // A phone-sized video, long enough that the poster is at 1 s: for the timings.
  {
    file: 'h264-1080p-rot270.mp4',
    codec: 'h264',
    size: [1920, 1080],
    seconds: 12,
    encode: [...X264.slice(0, 2), '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', ...AAC],
    remux: ['-metadata:s:v:0', 'rotate=270'],
  },
  { file: 'vp9.webm', codec: 'vp9', encode: [...VP9, '-c:a', 'libopus'] },
  // The H.264-free MP4: VP9 in MP4 is legal, here with a rotation too.
  {
    file: 'vp9-rot90.mp4',
    codec: 'vp9',
    encode: [...VP9, '-c:a', 'libopus'],
    remux: ['-metadata:s:v:0', 'rotate=90'],
  },
  {
    file: 'av1.mp4',
    codec: 'av1',
    encode: ['-c:v', 'libsvtav1', '-preset', '12', '-pix_fmt', 'yuv420p', ...AAC],
  },
  // What iPhones record by default. With a sound track the browser plays the sound alone.
  {
    file: 'hevc.mov',
    codec: 'hevc',
    encode: ['-c:v', 'libx265', '-tag:v', 'hvc1', '-pix_fmt', 'yuv420p', ...AAC],
  },
  {
    file: 'hevc-silent.mov',
    codec: 'hevc',
    audio: false,
    encode: ['-c:v', 'libx265', '-tag:v', 'hvc1', '-pix_fmt', 'yuv420p'],
  },
];

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
  for (const recipe of RECIPES) {
    const [width, height] = recipe.size ?? [320, 240];
    const seconds = recipe.seconds ?? 3;
    const inputs = ['-f', 'lavfi', '-i', pattern(width, height, seconds)];
    if (recipe.audio !== false) {
      inputs.push('-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`);
    }
    const encoded = join(dir, recipe.remux ? `encoded-${recipe.file}` : recipe.file);
    ffmpeg([...inputs, ...recipe.encode, encoded]);
    if (recipe.remux)
      ffmpeg(['-i', encoded, '-c', 'copy', ...recipe.remux, join(dir, recipe.file)]);
  }
  // A damaged video: an MP4's first 4 KiB, then noise.
  const head = readFileSync(join(dir, 'h264-rot90.mp4')).subarray(0, 4096);
  writeFileSync(join(dir, 'damaged.mp4'), Buffer.concat([head, Buffer.alloc(64 << 10, 0x5a)]));
});

test.afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

const VIDEO_PATH = '/__videos/';

/** A dev-server page (the app's modules load from it) with the test videos served by route. */
async function openPage(page: Page): Promise<void> {
  await page.route(`${devOrigin}${VIDEO_PATH}*`, async (route) => {
    const url = new URL(route.request().url());
    const name = decodeURIComponent(url.pathname.slice(VIDEO_PATH.length));
    await route.fulfill({
      body: readFileSync(join(dir, name)),
      contentType: 'application/octet-stream',
    });
  });
  await page.goto(devOrigin);
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
interface PosterDerivatives {
  width: number;
  height: number;
  thumbnailType: string;
  thumbnailWidth: number;
  thumbnailHeight: number;
  placeholder: string;
}

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
 * app's metadata reader on the same Blob, then the bitmap transferred to a module worker that
 * runs derivativesFromBitmap.
 */
async function poster(
  page: Page,
  name: string,
  options: PosterOptions = {},
): Promise<PosterOutcome> {
  const outcome = await page.evaluate(
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
        return { ok: false as const, ms, name: errorName, message, cause: String(cause) };
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

      const derivativesModule = new URL('/src/core/media/derivatives.ts', location.origin).href;
      const source = `
        import { derivativesFromBitmap } from '${derivativesModule}';
        onmessage = async (event) => {
          const made = await derivativesFromBitmap(event.data);
          const thumbnail = await createImageBitmap(made.thumbnail);
          postMessage({ width: made.width, height: made.height, placeholder: made.placeholder,
            thumbnailType: made.thumbnail.type, thumbnailWidth: thumbnail.width,
            thumbnailHeight: thumbnail.height });
        };`;
      const workerUrl = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
      const worker = new Worker(workerUrl, { type: 'module' });
      const derivatives = await new Promise<PosterDerivatives>((resolve, reject) => {
        worker.onmessage = (event: MessageEvent<PosterDerivatives>) => {
          resolve(event.data);
        };
        worker.onerror = (event) => {
          reject(new Error(event.message));
        };
        worker.postMessage(bitmap, [bitmap]);
      });
      worker.terminate();
      URL.revokeObjectURL(workerUrl);
      return { ok: true as const, ms, width, height, rgb, metadata, derivatives };
    },
    { name, path: VIDEO_PATH, options },
  );
  if (!outcome.ok) return outcome;
  const { rgb, ...rest } = outcome;
  return { ...rest, colors: rgb.map(([r, g, b]) => colorName(r, g, b)) };
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
    const scale = Math.min(1, 512 / Math.max(width, height));
    expect({ file, ...outcome.derivatives }).toMatchObject({
      file,
      width,
      height,
      thumbnailWidth: Math.round(width * scale),
      thumbnailHeight: Math.round(height * scale),
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
