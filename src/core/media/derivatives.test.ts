import { describe, expect, it } from 'vitest';
import { readFixture } from '../testing/fixtures';
import { fitWithin, isCompleteJpeg } from './derivatives';

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

async function bytesOf(name: string): Promise<Uint8Array> {
  return new Uint8Array(await (await readFixture(name)).arrayBuffer());
}

describe('isCompleteJpeg', () => {
  it.each(JPEGS)('accepts the whole %s', async (name) => {
    expect(isCompleteJpeg(await bytesOf(name))).toBe(true);
  });

  it('rejects bad-truncated.jpg (the first half of a photo)', async () => {
    expect(isCompleteJpeg(await bytesOf('bad-truncated.jpg'))).toBe(false);
  });

  it('rejects a photo cut anywhere, and accepts data or zero padding after the end', async () => {
    const whole = await bytesOf('exif-gps-rome-iphone4-2011.jpg');
    for (const cut of [2, 100, 20_000, whole.length >> 1, whole.length - 2, whole.length - 1]) {
      expect(isCompleteJpeg(whole.subarray(0, cut))).toBe(false);
    }
    const padded = new Uint8Array(whole.length + 4096);
    padded.set(whole);
    expect(isCompleteJpeg(padded)).toBe(true);
    padded.set(new TextEncoder().encode('ftypmp42 motion photo trailer'), whole.length);
    expect(isCompleteJpeg(padded)).toBe(true);
  });

  it('rejects what is not a JPEG', () => {
    expect(isCompleteJpeg(new Uint8Array())).toBe(false);
    expect(isCompleteJpeg(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toBe(false);
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
