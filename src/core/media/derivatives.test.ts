import { describe, expect, it } from 'vitest';
import { readFixture } from '../testing/fixtures';
import { fitWithin, jpegPreviewScale, scanJpeg } from './derivatives';

const JPEGS = [
  'exif-gps-rome-iphone4-2011.jpg',
  'exif-gps-seattle-iphone5-2012-orient3.jpg',
  'exif-large-16mp-kodak-fz201-2014.jpg',
  'exif-orient6-samsung-j327-2019.jpg',
  'exif-orient8-canon-a85-2005.jpg',
  'exif-gps-norway-oppo-r7plus-2018-13mp.jpg',
  'tiny-1x1-iphonexr-gps.jpg',
  'face-obama-2.jpg',
  'panorama-360-equirect.jpg',
];

/** What scanJpeg says of completeness. */
function isComplete(bytes: Uint8Array): boolean {
  return scanJpeg(bytes).complete;
}

async function bytesOf(name: string): Promise<Uint8Array> {
  return new Uint8Array(await (await readFixture(name)).arrayBuffer());
}

describe('scanJpeg', () => {
  it.each(JPEGS)('accepts the whole %s', async (name) => {
    expect(isComplete(await bytesOf(name))).toBe(true);
  });

  it('rejects bad-truncated.jpg (the first half of a photo)', async () => {
    expect(isComplete(await bytesOf('bad-truncated.jpg'))).toBe(false);
  });

  it('rejects a photo cut anywhere, and accepts data or zero padding after the end', async () => {
    const whole = await bytesOf('exif-gps-rome-iphone4-2011.jpg');
    for (const cut of [2, 100, 20_000, whole.length >> 1, whole.length - 2, whole.length - 1]) {
      expect(isComplete(whole.subarray(0, cut))).toBe(false);
    }
    const padded = new Uint8Array(whole.length + 4096);
    padded.set(whole);
    expect(isComplete(padded)).toBe(true);
    padded.set(new TextEncoder().encode('ftypmp42 motion photo trailer'), whole.length);
    expect(isComplete(padded)).toBe(true);
  });

  it('rejects what is not a JPEG', () => {
    expect(isComplete(new Uint8Array())).toBe(false);
    expect(isComplete(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toBe(false);
  });
});

describe('scanJpeg: frame size', () => {
  it.each([
    ['exif-large-16mp-kodak-fz201-2014.jpg', 4608, 3456],
    // stored landscape, shown portrait (orientation 6): the frame is as stored
    ['exif-orient6-samsung-j327-2019.jpg', 2576, 1932],
    ['exif-gps-norway-oppo-r7plus-2018-13mp.jpg', 3120, 4160],
    // its EXIF thumbnail (a JPEG of its own inside APP1) is skipped with the segment
    ['exif-gps-rome-iphone4-2011.jpg', 1296, 968],
  ])('reads %s as %ix%i', async (name, width, height) => {
    expect(scanJpeg(await bytesOf(name)).frameSize).toEqual({ width, height });
  });

  it('has no size when the frame header leaves the height to a DNL marker (height 0)', async () => {
    const bytes = await bytesOf('exif-gps-paris-fujifilm-s2pro-2002.jpg'); // 600x400
    // The main image's SOF0 (its EXIF thumbnail has one of its own, earlier)
    const sof = bytes.findIndex(
      (byte, at) =>
        byte === 0xff &&
        bytes[at + 1] === 0xc0 &&
        bytes[at + 5] === 400 >> 8 &&
        bytes[at + 6] === (400 & 0xff),
    );
    expect(sof).toBeGreaterThan(0);
    bytes.set([0, 0], sof + 5);
    expect(scanJpeg(bytes).frameSize).toBeNull();
  });

  it('has no size for a JPEG cut before its frame header', async () => {
    const whole = await bytesOf('exif-gps-rome-iphone4-2011.jpg');
    expect(scanJpeg(whole.subarray(0, 100))).toEqual({ complete: false, frameSize: null });
  });
});

describe('jpegPreviewScale', () => {
  it('decodes at 1/2, 1/4 or 1/8 while the long side stays at least 1920 px', () => {
    expect(jpegPreviewScale(4000, 3000)).toBe(2); // 2000 px
    expect(jpegPreviewScale(3024, 4032)).toBe(2); // 2016 px
    expect(jpegPreviewScale(3840, 2160)).toBe(2); // 1920 px
    expect(jpegPreviewScale(3839, 2160)).toBe(1);
    expect(jpegPreviewScale(6000, 4000)).toBe(2); // 3000 px, drawn down to 2048
    expect(jpegPreviewScale(8064, 6048)).toBe(4); // 48 MP: 2016 px
    expect(jpegPreviewScale(16_000, 9000)).toBe(8);
    expect(jpegPreviewScale(2576, 1932)).toBe(1);
  });
});

describe('fitWithin', () => {
  it('scales the long side down and never up', () => {
    expect(fitWithin(4608, 3456, 512)).toEqual({ width: 512, height: 384 });
    expect(fitWithin(1932, 2576, 512)).toEqual({ width: 384, height: 512 });
    expect(fitWithin(4608, 1976, 2048)).toEqual({ width: 2048, height: 878 });
    expect(fitWithin(100, 78, 512)).toEqual({ width: 100, height: 78 });
    expect(fitWithin(1, 1, 100)).toEqual({ width: 1, height: 1 });
    expect(fitWithin(10_000, 10, 100)).toEqual({ width: 100, height: 1 });
  });
});
