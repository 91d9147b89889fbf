import { mkdtempSync, openAsBlob, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractVideoMetadata, parseIso6709, type VideoMetadata } from './videoMetadata';
import { ffmpeg } from '../testing/ffmpeg';

const FALLBACK = Date.UTC(2024, 2, 3, 4, 5, 6);
const FALLBACK_TAKEN_AT = {
  local: '2024-03-03T04:05:06',
  offsetMinutes: 0,
  utcMs: FALLBACK,
  source: 'file',
} as const;

// ---------------------------------------------------------------------------------------------
// Real files, made by ffmpeg for this run

/** How each video is made: ffmpeg output options (the input is a 64x48, 2 s test pattern). */
const RECIPES: Record<string, string[]> = {
  // What an iPhone writes: QuickTime keys with a local date and offset, ISO 6709, make and model.
  'apple-rot90.mp4': [
    ...['-metadata:s:v:0', 'rotate=90', '-metadata', 'creation_time=2021-06-01T12:00:00Z'],
    ...['-metadata', 'com.apple.quicktime.creationdate=2021-06-01T14:00:00+0200'],
    ...['-metadata', 'com.apple.quicktime.location.ISO6709=+48.8583+002.2945+035.000/'],
    ...['-metadata', 'com.apple.quicktime.make=Apple'],
    ...['-metadata', 'com.apple.quicktime.model=iPhone 12'],
    ...['-movflags', 'use_metadata_tags'],
  ],
  // QuickTime user data atoms ©xyz, ©mak, ©mod (what Android and older cameras write).
  'udta.mov': [
    ...['-metadata', 'creation_time=2021-06-01T12:00:00Z', '-metadata', 'make=Canon'],
    ...['-metadata', 'model=EOS R6', '-metadata', 'location=-33.8688+151.2093/'],
  ],
  // ffmpeg's MP4 writes a location as a 3GPP loci box.
  'loci-rot270.mp4': [
    ...['-metadata:s:v:0', 'rotate=270', '-metadata', 'location=+48.8583+002.2945/'],
  ],
  'rot180-faststart.mp4': ['-metadata:s:v:0', 'rotate=180', '-movflags', '+faststart'],
  'bare.mp4': ['-map_metadata', '-1'],
  'fragmented.mp4': ['-movflags', 'frag_keyframe+empty_moov'],
};
const WEBM_RECIPES: Record<string, string[]> = {
  // A pixel aspect ratio of 2: DisplayWidth is twice the coded width.
  'dated-wide.webm': ['-vf', 'setsar=2', '-metadata', 'creation_time=2021-06-01T12:00:00Z'],
  'plain.webm': [],
};

let dir = '';

async function read(name: string): Promise<VideoMetadata> {
  return extractVideoMetadata(await openAsBlob(join(dir, name)), FALLBACK);
}

describe('videos made by ffmpeg', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pinhole-video-metadata-'));
    const input = ['-f', 'lavfi', '-i', 'testsrc2=size=64x48:rate=10:duration=2'];
    const encoded = join(dir, 'encoded.mp4');
    ffmpeg([...input, '-c:v', 'mpeg4', encoded]);
    // Rotation and metadata in a stream-copy pass: ffmpeg 5 ignores `rotate` while encoding.
    for (const [name, options] of Object.entries(RECIPES)) {
      const codec = name === 'fragmented.mp4' ? ['-c:v', 'mpeg4'] : ['-c', 'copy'];
      const source = name === 'fragmented.mp4' ? input : ['-i', encoded];
      ffmpeg([...source, ...codec, ...options, join(dir, name)]);
    }
    for (const [name, options] of Object.entries(WEBM_RECIPES)) {
      ffmpeg([...input, '-c:v', 'libvpx', ...options, join(dir, name)]);
    }
  }, 60_000);

  afterAll(() => {
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('an iPhone-style MP4: local date with offset, place with altitude, camera, portrait size', async () => {
    expect(await read('apple-rot90.mp4')).toEqual({
      takenAt: {
        local: '2021-06-01T14:00:00',
        offsetMinutes: 120,
        utcMs: Date.UTC(2021, 5, 1, 12),
        source: 'exif',
      },
      gps: { latitude: 48.8583, longitude: 2.2945, altitudeM: 35 },
      camera: { make: 'Apple', model: 'iPhone 12' },
      durationS: 2,
      width: 48,
      height: 64,
    });
  });

  it('a MOV with ©xyz, ©mak and ©mod; the mvhd date as UTC wall-clock time, offset 0', async () => {
    expect(await read('udta.mov')).toEqual({
      takenAt: {
        local: '2021-06-01T12:00:00',
        offsetMinutes: 0,
        utcMs: Date.UTC(2021, 5, 1, 12),
        source: 'exif',
      },
      gps: { latitude: -33.8688, longitude: 151.2093 },
      camera: { make: 'Canon', model: 'EOS R6' },
      durationS: 2,
      width: 64,
      height: 48,
    });
  });

  it('a 3GPP loci location; 270° swaps the sides, 180° does not', async () => {
    const loci = await read('loci-rot270.mp4');
    expect(loci.gps?.latitude).toBeCloseTo(48.8583, 4);
    expect(loci.gps?.longitude).toBeCloseTo(2.2945, 4);
    expect([loci.width, loci.height]).toEqual([48, 64]);
    const upsideDown = await read('rot180-faststart.mp4');
    expect([upsideDown.width, upsideDown.height, upsideDown.durationS]).toEqual([64, 48, 2]);
  });

  it('no date in the file: the fallback date, nothing else made up', async () => {
    expect(await read('bare.mp4')).toEqual({
      takenAt: FALLBACK_TAKEN_AT,
      gps: undefined,
      camera: undefined,
      durationS: 2,
      width: 64,
      height: 48,
    });
  });

  it('a fragmented MP4: the size from its moov; the duration, spread over fragments, unknown', async () => {
    const fragmented = await read('fragmented.mp4');
    expect([fragmented.width, fragmented.height, fragmented.durationS]).toEqual([
      64,
      48,
      undefined,
    ]);
  });

  it('WebM: duration, display size, DateUTC', async () => {
    expect(await read('dated-wide.webm')).toEqual({
      takenAt: {
        local: '2021-06-01T12:00:00',
        offsetMinutes: 0,
        utcMs: Date.UTC(2021, 5, 1, 12),
        source: 'exif',
      },
      gps: undefined,
      camera: undefined,
      durationS: 2,
      width: 128,
      height: 48,
    });
    const plain = await read('plain.webm');
    expect(plain).toMatchObject({ takenAt: FALLBACK_TAKEN_AT, width: 64, height: 48 });
    expect(plain.durationS).toBeCloseTo(2, 1);
  });
});

// ---------------------------------------------------------------------------------------------
// Files built byte by byte

function bytes(...parts: (Uint8Array | number[] | string)[]): Uint8Array<ArrayBuffer> {
  const arrays = parts.map((part) =>
    typeof part === 'string'
      ? Uint8Array.from(part, (char) => char.charCodeAt(0))
      : Uint8Array.from(part),
  );
  const out = new Uint8Array(arrays.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of arrays) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function u16(value: number): number[] {
  return [(value >>> 8) & 0xff, value & 0xff];
}
function u32(value: number): number[] {
  return [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
}
function u64(value: number): number[] {
  return [...u32(Math.floor(value / 2 ** 32)), ...u32(value % 2 ** 32)];
}
function box(
  type: string | number,
  ...payload: (Uint8Array | number[] | string)[]
): Uint8Array<ArrayBuffer> {
  const body = bytes(...payload);
  return bytes(u32(8 + body.length), typeof type === 'number' ? u32(type) : type, body);
}

/** Seconds since 1904-01-01 for a UTC date. */
function macTime(utcMs: number): number {
  return utcMs / 1000 + 2_082_844_800;
}

const FIXED_ONE = 0x1_0000;
const MATRIX_270 = [0, -FIXED_ONE, 0, FIXED_ONE, 0, 0, 0, 0, 0x4000_0000];

function mvhdV1(creationMs: number, timescale: number, duration: number): Uint8Array {
  const rest = [...u32(FIXED_ONE), ...u16(0x100), ...new Array<number>(10).fill(0)];
  const tail = [...MATRIX_270.flatMap(u32), ...new Array<number>(24).fill(0), ...u32(2)];
  return box(
    'mvhd',
    [1, 0, 0, 0],
    u64(macTime(creationMs)),
    u64(macTime(creationMs)),
    u32(timescale),
    u64(duration),
    rest,
    tail,
  );
}

function tkhdV1(width: number, height: number, matrix: number[]): Uint8Array {
  return box(
    'tkhd',
    [1, 0, 0, 3],
    [...u64(0), ...u64(0), ...u32(1), ...u32(0), ...u64(0)],
    new Array<number>(16).fill(0),
    matrix.flatMap(u32),
    [...u32(width * FIXED_ONE), ...u32(height * FIXED_ONE)],
  );
}

function hdlr(handler: string): Uint8Array {
  return box('hdlr', u32(0), u32(0), handler, new Array<number>(12).fill(0), [0]);
}

/** A QuickTime (version-less) meta box with keys and ilst, as iPhones put in moov. */
function quickTimeMeta(entries: Record<string, string>): Uint8Array {
  const names = Object.keys(entries);
  const keys = box(
    'keys',
    u32(0),
    u32(names.length),
    ...names.map((name) => bytes(u32(8 + name.length), 'mdta', name)),
  );
  const items = names.map((name, index) =>
    box(index + 1, box('data', u32(1), u32(0), new TextEncoder().encode(entries[name]))),
  );
  return box('meta', hdlr('mdta'), keys, box('ilst', ...items));
}

/**
 * A Blob of `size` bytes holding `parts` at their offsets and zeros elsewhere, without the
 * memory: enough for extractVideoMetadata, which only slices and reads. Counts the bytes read.
 */
class SparseBlob {
  bytesRead = 0;
  constructor(
    readonly size: number,
    private readonly parts: { at: number; bytes: Uint8Array }[],
  ) {}

  slice(start = 0, end = this.size): Blob {
    const [from, to] = [Math.max(0, start), Math.min(this.size, end)];
    const out = new Uint8Array(Math.max(0, to - from));
    for (const { at, bytes: part } of this.parts) {
      const overlapStart = Math.max(from, at);
      const overlapEnd = Math.min(to, at + part.length);
      if (overlapStart < overlapEnd) {
        out.set(part.subarray(overlapStart - at, overlapEnd - at), overlapStart - from);
      }
    }
    this.bytesRead += out.length;
    return new Blob([out]);
  }
}

const FTYP_QT = box('ftyp', 'qt  ', u32(0), 'qt  ');

/** A 3 GB MOV whose mdat has a 64-bit size and whose moov is at the end, as phones write. */
function threeGigabyteMov(moovChildren: Uint8Array[]): SparseBlob {
  const mdatSize = 3 * 2 ** 30;
  const mdatHeader = bytes(u32(1), 'mdat', u64(mdatSize));
  const moov = box('moov', ...moovChildren);
  const moovAt = FTYP_QT.length + mdatSize;
  return new SparseBlob(moovAt + moov.length, [
    { at: 0, bytes: bytes(FTYP_QT, mdatHeader) },
    { at: moovAt, bytes: moov },
  ]);
}

const VIDEO_TRACK = box(
  'trak',
  tkhdV1(3840, 2160, MATRIX_270),
  box('mdia', box('mdhd', new Array<number>(24).fill(0)), hdlr('vide')),
);
const SOUND_TRACK = box(
  'trak',
  tkhdV1(0, 0, [FIXED_ONE, 0, 0, 0, FIXED_ONE, 0, 0, 0, 0x4000_0000]),
  box('mdia', hdlr('soun')),
);

describe('files built byte by byte', () => {
  it('a 3 GB MOV: 64-bit sizes and times, moov at the end, read in a few KB', async () => {
    const file = threeGigabyteMov([
      mvhdV1(Date.UTC(2019, 11, 25, 1, 30, 5), 600, 600 * 95.5),
      SOUND_TRACK,
      VIDEO_TRACK,
      quickTimeMeta({
        'com.apple.quicktime.make': 'Apple',
        'com.apple.quicktime.model': 'iPhone 11 Pro',
        'com.apple.quicktime.creationdate': '2019-12-24T18:30:05-0700',
        'com.apple.quicktime.location.ISO6709': '-33.8688+151.2093+012.500/',
        'com.apple.quicktime.software': '13.3',
      }),
    ]);
    expect(await extractVideoMetadata(file as unknown as Blob, FALLBACK)).toEqual({
      takenAt: {
        local: '2019-12-24T18:30:05',
        offsetMinutes: -420,
        utcMs: Date.UTC(2019, 11, 25, 1, 30, 5),
        source: 'exif',
      },
      gps: { latitude: -33.8688, longitude: 151.2093, altitudeM: 12.5 },
      camera: { make: 'Apple', model: 'iPhone 11 Pro' },
      durationS: 95.5,
      width: 2160,
      height: 3840,
    });
    expect(file.bytesRead).toBeLessThan(4096);
  });

  it('the mvhd v1 date when there is no Apple date; an Apple date without offset has no instant', async () => {
    const mvhdOnly = threeGigabyteMov([
      mvhdV1(Date.UTC(2020, 0, 2, 3, 4, 5), 1000, 1000),
      VIDEO_TRACK,
    ]);
    const taken = await extractVideoMetadata(mvhdOnly as unknown as Blob, FALLBACK);
    expect(taken.takenAt).toEqual({
      local: '2020-01-02T03:04:05',
      offsetMinutes: 0,
      utcMs: Date.UTC(2020, 0, 2, 3, 4, 5),
      source: 'exif',
    });

    const noOffset = threeGigabyteMov([
      mvhdV1(Date.UTC(2020, 0, 2, 3, 4, 5), 1000, 1000),
      quickTimeMeta({ 'com.apple.quicktime.creationdate': '2020-01-01T19:04:05' }),
    ]);
    const local = await extractVideoMetadata(noOffset as unknown as Blob, FALLBACK);
    expect(local.takenAt).toEqual({
      local: '2020-01-01T19:04:05',
      offsetMinutes: null,
      utcMs: null,
      source: 'exif',
    });
  });

  it('an mvhd date of 0 or before 1970 (a camera clock never set) is no date', async () => {
    for (const creationMs of [Date.UTC(1904, 0, 1), Date.UTC(1904, 0, 1, 0, 0, 5)]) {
      const file = threeGigabyteMov([mvhdV1(creationMs, 1000, 1000)]);
      const metadata = await extractVideoMetadata(file as unknown as Blob, FALLBACK);
      expect(metadata.takenAt).toEqual(FALLBACK_TAKEN_AT);
    }
  });

  it('never throws for what a file holds: empty, text, truncated, looping, bogus sizes', async () => {
    const moov = box('moov', mvhdV1(Date.UTC(2020, 0, 1), 1000, 5000), VIDEO_TRACK);
    const whole = bytes(FTYP_QT, moov);
    const files = [
      new Blob([]),
      new Blob(['just some text']),
      new Blob([whole.subarray(0, FTYP_QT.length + 40)]), // cut inside the mvhd
      new Blob([bytes(FTYP_QT, u32(0), 'moov')]), // a size of 0: to the end of the file
      new Blob([bytes(FTYP_QT, u32(3), 'junk', whole)]), // a size smaller than its header
      new Blob([bytes(FTYP_QT, u32(0xffff_ff00), 'mdat')]), // past the end
      new Blob([bytes([0x1a, 0x45, 0xdf, 0xa3, 0x84], 'junk')]), // EBML, but no webm
    ];
    for (const file of files) {
      const metadata = await extractVideoMetadata(file, FALLBACK);
      expect(metadata.takenAt).toEqual(FALLBACK_TAKEN_AT);
    }
    // Cut after the mvhd: what was read before the damage stays.
    const cut = new Blob([whole.subarray(0, whole.length - 20)]);
    const partial = await extractVideoMetadata(cut, FALLBACK);
    expect(partial.takenAt.utcMs).toBe(Date.UTC(2020, 0, 1));
    expect(partial.durationS).toBe(5);
  });
});

describe('parseIso6709', () => {
  it('reads decimal degrees, with or without altitude', () => {
    expect(parseIso6709('+48.8583+002.2945+035.000/')).toEqual({
      latitude: 48.8583,
      longitude: 2.2945,
      altitudeM: 35,
    });
    expect(parseIso6709('-33.8688+151.2093/')).toEqual({ latitude: -33.8688, longitude: 151.2093 });
    expect(parseIso6709('+40.6894-074.0447-002.5CRSWGS_84/')).toEqual({
      latitude: 40.6894,
      longitude: -74.0447,
      altitudeM: -2.5,
    });
  });

  it('reads degrees-minutes and degrees-minutes-seconds', () => {
    const minutes = parseIso6709('+4851.498+00217.670/');
    expect(minutes?.latitude).toBeCloseTo(48.8583, 4);
    expect(minutes?.longitude).toBeCloseTo(2.2945, 4);
    const seconds = parseIso6709('-335207.7+1511233.5/');
    expect(seconds?.latitude).toBeCloseTo(-33.86881, 4);
    expect(seconds?.longitude).toBeCloseTo(151.20931, 4);
  });

  it('rejects what is not a position', () => {
    for (const value of [undefined, '', 'Paris', '+91.0+000.0/', '+00.0+181.0/', '+1.5+2.5/']) {
      expect(parseIso6709(value)).toBeUndefined();
    }
  });
});
