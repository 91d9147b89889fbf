import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fixturesDir, readFixture } from '../testing/fixtures';
import { ciphertextMutator } from '../testing/mutations';
import { UNSUPPORTED_REASONS } from './errors';
import { sniffBlob, type FileType } from './fileType';
import { extractMetadata } from './metadata';

/** One fixture's ground truth, copied from MANIFEST.md in the fixtures folder. */
interface Expected {
  format?: FileType['format']; // undefined: rejected, with `rejected` as the reason
  rejected?: string;
  taken?: string; // DateTimeOriginal as wall-clock time
  offset?: number; // minutes, where the file records one
  gps?: [latitude: number, longitude: number, altitudeM?: number];
  camera?: [make: string, model: string];
  orientation?: number; // 1 when missing
  size?: [width: number, height: number]; // only where the metadata describes the pixels (PNG)
}

const JPEG_WITHOUT_EXIF = { format: 'jpeg' } as const;
const ROME_IPHONE4: Expected = {
  format: 'jpeg',
  taken: '2011-01-13T14:33:39',
  gps: [41.853, 12.48883],
  camera: ['Apple', 'iPhone 4'],
};

// prettier-ignore
const MANIFEST: Record<string, Expected> = {
  'exif-gps-berkeley-canon600d-2015.jpg': { format: 'jpeg', taken: '2015-06-11T10:29:26', gps: [37.87109, -122.25678, 90], camera: ['Canon', 'Canon EOS 600D'] },
  'exif-gps-czech-pixel-2018.jpg': { format: 'jpeg', taken: '2018-07-25T16:34:23', gps: [50.2996, 14.82029, 252], camera: ['Google', 'Pixel'] },
  'exif-gps-helsinki-nokia83-2022-wide.jpg': { format: 'jpeg', taken: '2022-08-14T14:12:31', offset: 180, gps: [60.14671, 24.90677], camera: ['HMD Global', 'Nokia 8.3 5G'] },
  'exif-gps-kenya-kodak-cx7530-2005.jpg': { format: 'jpeg', taken: '2005-08-13T09:47:23', gps: [-0.3713, 36.05642], camera: ['EASTMAN KODAK COMPANY', 'KODAK CX7530 ZOOM DIGITAL CAMERA'] },
  'exif-gps-norway-oppo-r7plus-2018-13mp.jpg': { format: 'jpeg', taken: '2018-07-16T17:52:22', gps: [60.26746, 8.77113], camera: ['OPPO', 'R7plusf'] },
  'exif-gps-paris-fujifilm-s2pro-2002.jpg': { format: 'jpeg', taken: '2002-08-24T13:59:08', gps: [48.85783, 2.297], camera: ['FUJIFILM', 'FinePixS2Pro'] },
  'exif-gps-rome-iphone4-2011.jpg': ROME_IPHONE4,
  'exif-gps-seattle-iphone5-2012-orient3.jpg': { format: 'jpeg', taken: '2012-09-29T16:11:25', gps: [47.62717, -122.33733, 4], camera: ['Apple', 'iPhone 5'], orientation: 3 },
  'exif-gps-tuscany-nikon-p6000-2008.jpg': { format: 'jpeg', taken: '2008-10-22T16:29:49', gps: [43.46716, 11.88539], camera: ['NIKON', 'COOLPIX P6000'] },
  'exif-large-16mp-kodak-fz201-2014.jpg': { format: 'jpeg', taken: '2014-08-05T01:45:01', camera: ['JK Imaging, Ltd.', 'KODAK PIXPRO FZ201'] },
  'exif-orient6-samsung-j327-2019.jpg': { format: 'jpeg', taken: '2019-09-26T16:38:00', camera: ['samsung', 'SM-J327T1'], orientation: 6 },
  'exif-orient8-canon-a85-2005.jpg': { format: 'jpeg', taken: '2005-01-31T05:51:17', camera: ['Canon', 'Canon PowerShot A85'], orientation: 8 },
  'tiny-1x1-iphonexr-gps.jpg': { format: 'jpeg', taken: '2020-09-02T18:52:42', gps: [43.85947, 15.50328, 1], camera: ['Apple', 'iPhone XR'] },
  'face-alex-lacamoire-1.png': { format: 'png', size: [424, 394] },
  'face-alex-lacamoire-2.jpg': JPEG_WITHOUT_EXIF,
  'face-biden-1.jpg': JPEG_WITHOUT_EXIF,
  'face-biden-2.jpg': { format: 'jpeg', taken: '2010-05-10T10:04:01', camera: ['Canon', 'Canon EOS 5D Mark II'] },
  'face-grace-hopper.gif': { format: 'gif' },
  'face-kit-harington-1.jpg': JPEG_WITHOUT_EXIF,
  'face-kit-harington-2.jpg': JPEG_WITHOUT_EXIF,
  'face-kit-harington-3.jpg': JPEG_WITHOUT_EXIF,
  'face-obama-1.jpg': { format: 'jpeg', taken: '2012-12-06T15:46:01', camera: ['Canon', 'Canon EOS 5D Mark III'] },
  // DateTimeOriginal is malformed: "2009:09:09 20:27:09.60:04:00".
  'face-obama-2.jpg': { format: 'jpeg', taken: '2009-09-09T20:27:09', camera: ['Canon', 'Canon EOS 5D Mark II'] },
  'face-obama-3.jpg': JPEG_WITHOUT_EXIF,
  'face-rose-leslie-1.jpg': JPEG_WITHOUT_EXIF,
  'face-rose-leslie-2.jpg': JPEG_WITHOUT_EXIF,
  'faces-kit-harington-rose-leslie.jpg': JPEG_WITHOUT_EXIF,
  'faces-obama-biden-1.jpg': JPEG_WITHOUT_EXIF,
  'faces-obama-biden-2.jpg': JPEG_WITHOUT_EXIF,
  'group-5-faces.jpg': JPEG_WITHOUT_EXIF,
  'avif-plain.avif': { format: 'avif' },
  'gif-animated.gif': { format: 'gif' },
  'heic-gps-exif-at-eof-iphone11pro-2020.heic': { format: 'heic', taken: '2020-05-04T18:39:11', offset: -240, gps: [47.20712, 106.24311], camera: ['Apple', 'iPhone 11 Pro'] },
  'heic-gps-guangzhou-iphone8-2018.heic': { format: 'heic', taken: '2018-02-05T15:11:44', gps: [23.17792, 113.39432, 43], camera: ['Apple', 'iPhone 8'] },
  'heic-orient6-iphone13promax-2022.heic': { format: 'heic', taken: '2022-02-16T12:55:41', offset: 60, camera: ['Apple', 'iPhone 13 Pro Max'], orientation: 6 },
  'panorama-360-equirect.jpg': JPEG_WITHOUT_EXIF,
  'tiny-1x1-exif-gps.png': { format: 'png', taken: '2003-12-14T12:01:44', gps: [50.2996, 14.82029, 252], camera: ['Canon', 'Canon PowerShot S40'], size: [1, 1] },
  'webp-exif-gps-milan-htc-2011.webp': { format: 'webp', taken: '2011-05-06T09:59:48', gps: [45.50067, 9.11033, 217], camera: ['HTC', 'HTC Desire'] },
  'bad-empty.jpg': { rejected: UNSUPPORTED_REASONS.empty },
  'bad-text.jpg': { rejected: UNSUPPORTED_REASONS.text },
  'bad-truncated.jpg': ROME_IPHONE4, // the first half of the Rome photo: header intact
};

const FALLBACK_DATE = Date.UTC(2024, 2, 15, 8, 30, 5); // stands in for File.lastModified

describe('the fixture table', () => {
  it('covers every fixture file', () => {
    const files = readdirSync(fixturesDir()).filter((name) => !/\.(md|json)$/.test(name));
    expect(Object.keys(MANIFEST).sort()).toEqual(files.sort());
  });
});

describe.each(Object.entries(MANIFEST))('%s', (name, expected) => {
  it('sniffs the format from the bytes', async () => {
    const sniffed = sniffBlob(await readFixture(name));
    if (expected.format) await expect(sniffed).resolves.toMatchObject({ format: expected.format });
    else await expect(sniffed).rejects.toMatchObject({ reason: expected.rejected });
  });

  it('extracts the metadata in MANIFEST.md', async () => {
    const metadata = await extractMetadata(await readFixture(name), FALLBACK_DATE);
    const [make, model] = expected.camera ?? [];
    expect(metadata.camera).toEqual(make === undefined ? undefined : { make, model });
    if (make === undefined)
      expect([metadata.lens, metadata.exposure]).toEqual([undefined, undefined]);
    expect(metadata.orientation).toBe(expected.orientation ?? 1);
    expect([metadata.width, metadata.height]).toEqual(expected.size ?? [undefined, undefined]);
    expectGps(metadata.gps, expected.gps);
    if (expected.taken === undefined) {
      expect(metadata.takenAt).toEqual({
        local: '2024-03-15T08:30:05',
        offsetMinutes: 0,
        utcMs: FALLBACK_DATE,
        source: 'file',
      });
      return;
    }
    const offset = expected.offset ?? null;
    const wallClockMs = Date.parse(`${expected.taken}Z`);
    expect(metadata.takenAt).toEqual({
      local: expected.taken,
      offsetMinutes: offset,
      utcMs: offset === null ? null : wallClockMs - offset * 60_000,
      source: 'exif',
    });
  });
});

function expectGps(actual: unknown, expected: Expected['gps']): void {
  if (!expected) {
    expect(actual).toBeUndefined();
    return;
  }
  const [latitude, longitude, altitudeM] = expected;
  // toMatchObject: an altitude MANIFEST.md leaves out may still be recorded (Norway: 0 m).
  expect(actual).toMatchObject({
    latitude: expect.closeTo(latitude, 4) as number,
    longitude: expect.closeTo(longitude, 4) as number,
    ...(altitudeM === undefined ? {} : { altitudeM: expect.closeTo(altitudeM, 0) as number }),
  });
}

describe('extractMetadata', () => {
  it('reads exposure and lens (values checked against the raw EXIF rationals)', async () => {
    const metadata = await extractMetadata(
      await readFixture('exif-gps-berkeley-canon600d-2015.jpg'),
      FALLBACK_DATE,
    );
    expect(metadata.lens).toBe('EF-S15-85mm f/3.5-5.6 IS USM');
    expect(metadata.exposure).toEqual({
      exposureTimeS: 1 / 800,
      fNumber: 5.6,
      iso: 3200,
      focalLengthMm: 85,
    });
  });

  it('keeps what it can read from a damaged EXIF block', async () => {
    const head = new Uint8Array(
      await (await readFixture('exif-gps-rome-iphone4-2011.jpg')).arrayBuffer(),
    );
    const gpsPointer = Buffer.from(head).indexOf(Buffer.from([0x88, 0x25, 0, 4])); // big-endian LONG
    head.set([0x7f, 0xff, 0xff, 0xf0], gpsPointer + 8); // the GPS block now lies far past the end
    const metadata = await extractMetadata(new Blob([head]), FALLBACK_DATE);
    expect(metadata.gps).toBeUndefined();
    expect(metadata.camera).toEqual({ make: 'Apple', model: 'iPhone 4' });
    expect(metadata.takenAt.local).toBe('2011-01-13T14:33:39');
  });

  it('never throws on random damage to the metadata', async () => {
    const blob = await readFixture('exif-gps-rome-iphone4-2011.jpg');
    const head = new Uint8Array(await blob.slice(0, 16_384).arrayBuffer());
    const mutate = ciphertextMutator(head, 7);
    for (let i = 0; i < 300; i++) {
      const metadata = await extractMetadata(new Blob([new Uint8Array(mutate())]), FALLBACK_DATE);
      expect(['exif', 'file']).toContain(metadata.takenAt.source);
    }
  });

  it('skips unset and impossible dates, each date with its own offset', async () => {
    const jpeg = exifJpeg(
      [
        [0x010f, 'ascii', '  Acme  '], // Make, padded
        [0x0112, 'short', 9], // Orientation out of range
        [0x0132, 'ascii', '2021:03:01 10:00:00'], // ModifyDate (IFD0 DateTime)
      ],
      [
        [0x9003, 'ascii', '0000:00:00 00:00:00'], // DateTimeOriginal: unset
        [0x9004, 'ascii', '2021:02:29 10:00:00'], // CreateDate: no such day
        [0x9010, 'ascii', '+09:00'], // OffsetTime, of ModifyDate
        [0x9011, 'ascii', '+01:00'], // OffsetTimeOriginal, of the unset date
      ],
    );
    const metadata = await extractMetadata(jpeg, FALLBACK_DATE);
    expect(metadata.takenAt).toEqual({
      local: '2021-03-01T10:00:00',
      offsetMinutes: 540,
      utcMs: Date.UTC(2021, 2, 1, 1),
      source: 'exif',
    });
    expect(metadata.camera).toEqual({ make: 'Acme', model: '' });
    expect(metadata.orientation).toBe(1);
  });

  it('uses OffsetTime when the date has no offset of its own, and reads negative altitude', async () => {
    const jpeg = exifJpeg(
      [[0x0132, 'ascii', '2020:01:01 00:00:00']], // ModifyDate
      [
        [0x9003, 'ascii', '2019:12:31 23:15:00'], // DateTimeOriginal, no OffsetTimeOriginal
        [0x9010, 'ascii', '-02:30'], // OffsetTime
      ],
      [
        [0x0001, 'ascii', 'S'],
        [0x0002, 'rational', [33, 51, 54]],
        [0x0003, 'ascii', 'W'],
        [0x0004, 'rational', [70, 40, 12]],
        [0x0005, 'byte', [1]],
        [0x0006, 'rational', [12.5]], // below sea level
      ],
    );
    const metadata = await extractMetadata(jpeg, FALLBACK_DATE);
    expect(metadata.takenAt).toEqual({
      local: '2019-12-31T23:15:00',
      offsetMinutes: -150,
      utcMs: Date.UTC(2020, 0, 1, 1, 45),
      source: 'exif',
    });
    expect(metadata.gps).toEqual({ latitude: -33.865, longitude: -70.67, altitudeM: -12.5 });
  });
});

describe('fixturesDir', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('says where the photos were expected and how to point to them', () => {
    vi.stubEnv('PINHOLE_FIXTURES', '/nonexistent/photos');
    expect(() => fixturesDir()).toThrow(
      'Test photos not found at /nonexistent/photos: set PINHOLE_FIXTURES to the folder of shared/fixtures/photos',
    );
  });
});

type TiffType = keyof typeof TIFF_TYPES;
type TiffEntry = [tag: number, type: TiffType, value: string | number | number[]];
// prettier-ignore
const TIFF_TYPES = { byte: [1, 1], ascii: [2, 1], short: [3, 2], long: [4, 4], rational: [5, 8] } as const;

/** A minimal JPEG whose EXIF (little-endian TIFF) holds the given IFD0, EXIF and GPS entries. */
function exifJpeg(ifd0: TiffEntry[], exif: TiffEntry[], gps: TiffEntry[] = []): Blob {
  const withPointers = (exifAt: number, gpsAt: number): TiffEntry[] => [
    ...ifd0,
    [0x8769, 'long', exifAt],
    [0x8825, 'long', gpsAt],
  ];
  const exifAt = 8 + ifdBytes(withPointers(0, 0), 0).length;
  const gpsAt = exifAt + ifdBytes(exif, exifAt).length;
  const tiff = Buffer.concat([
    Buffer.from('II*\0\x08\0\0\0', 'latin1'),
    ifdBytes(withPointers(exifAt, gpsAt), 8),
    ifdBytes(exif, exifAt),
    ifdBytes(gps, gpsAt),
  ]);
  const app1Header = Buffer.from('\xff\xe1..Exif\0\0', 'latin1');
  app1Header.writeUInt16BE(app1Header.length - 2 + tiff.length, 2);
  // exifr skips an APP1 that ends exactly at the end of its input (off by one), so close the file.
  const end = Buffer.from([0xff, 0xd9]);
  return new Blob([Buffer.concat([Buffer.from([0xff, 0xd8]), app1Header, tiff, end])]);
}

/** One IFD at offset `at` in the TIFF block: the entries, then the values longer than 4 bytes. */
function ifdBytes(entries: TiffEntry[], at: number): Buffer {
  const table = Buffer.alloc(2 + 12 * entries.length + 4); // count, entries, no next IFD
  table.writeUInt16LE(entries.length);
  const outOfLine: Buffer[] = [];
  let nextValueAt = at + table.length;
  entries.forEach((entry, i) => {
    const [tag, type] = entry;
    const value = tiffValue(entry);
    table.writeUInt16LE(tag, 2 + 12 * i);
    table.writeUInt16LE(TIFF_TYPES[type][0], 4 + 12 * i);
    table.writeUInt32LE(value.length / TIFF_TYPES[type][1], 6 + 12 * i);
    if (value.length <= 4) value.copy(table, 10 + 12 * i);
    else table.writeUInt32LE(nextValueAt, 10 + 12 * i);
    if (value.length > 4) outOfLine.push(value, Buffer.alloc(value.length % 2)); // word-aligned
    if (value.length > 4) nextValueAt += value.length + (value.length % 2);
  });
  return Buffer.concat([table, ...outOfLine]);
}

function tiffValue([, type, value]: TiffEntry): Buffer {
  if (typeof value === 'string') return Buffer.from(`${value}\0`, 'latin1');
  const items = [value].flat();
  const bytes = Buffer.alloc(items.length * TIFF_TYPES[type][1]);
  items.forEach((item, i) => {
    if (type === 'byte') bytes.writeUInt8(item, i);
    if (type === 'short') bytes.writeUInt16LE(item, 2 * i);
    if (type === 'long') bytes.writeUInt32LE(item, 4 * i);
    if (type === 'rational') bytes.writeUInt32LE(Math.round(item * 1000), 8 * i);
    if (type === 'rational') bytes.writeUInt32LE(1000, 8 * i + 4);
  });
  return bytes;
}
