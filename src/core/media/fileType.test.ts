import { describe, expect, it } from 'vitest';
import { readFixture } from '../testing/fixtures';
import { UNSUPPORTED_REASONS, UnsupportedFileError } from './errors';
import { sniffBlob, sniffFileType, type FileType } from './fileType';

/** Bytes from numbers and strings (one byte per character). */
function bytes(...parts: (number | string)[]): Uint8Array<ArrayBuffer> {
  const codes = parts.flatMap((part) =>
    typeof part === 'number' ? [part] : Array.from(part, (char) => char.charCodeAt(0)),
  );
  return new Uint8Array(codes);
}

/** An ISO-BMFF `ftyp` box: size, 'ftyp', major brand, minor version, compatible brands. */
function ftyp(major: string, ...compatible: string[]): Uint8Array {
  const size = 16 + 4 * compatible.length;
  return bytes(0, 0, 0, size, 'ftyp', major, 0, 0, 0, 0, ...compatible);
}

/** The start of an EBML (Matroska/WebM) file with the given DocType. */
function ebml(docType: string): Uint8Array {
  const body = bytes(0x42, 0x86, 0x81, 1, 0x42, 0x82, 0x80 | docType.length, docType);
  return bytes(0x1a, 0x45, 0xdf, 0xa3, 0x80 | body.length, ...body);
}

function rejection(head: Uint8Array): string | undefined {
  try {
    sniffFileType(head);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(UnsupportedFileError);
    expect((error as UnsupportedFileError).name).toBe('UnsupportedFileError');
    return (error as UnsupportedFileError).reason;
  }
}

describe('sniffFileType', () => {
  it.each<[string, Uint8Array, FileType]>([
    ['JPEG', bytes(0xff, 0xd8, 0xff, 0xe0), { kind: 'image', format: 'jpeg', mime: 'image/jpeg' }],
    [
      'JPEG (3 bytes)',
      bytes(0xff, 0xd8, 0xff),
      { kind: 'image', format: 'jpeg', mime: 'image/jpeg' },
    ],
    [
      'PNG',
      bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a),
      { kind: 'image', format: 'png', mime: 'image/png' },
    ],
    ['GIF87a', bytes('GIF87a', 1, 0), { kind: 'image', format: 'gif', mime: 'image/gif' }],
    ['GIF89a', bytes('GIF89a', 1, 0), { kind: 'image', format: 'gif', mime: 'image/gif' }],
    [
      'WebP',
      bytes('RIFF', 0, 1, 0, 0, 'WEBPVP8 '),
      { kind: 'image', format: 'webp', mime: 'image/webp' },
    ],
    ['AVIF', ftyp('avif', 'mif1', 'miaf'), { kind: 'image', format: 'avif', mime: 'image/avif' }],
    [
      'AVIF listing mif1 first',
      ftyp('mif1', 'mif1', 'avif'),
      { kind: 'image', format: 'avif', mime: 'image/avif' },
    ],
    ['AVIF sequence', ftyp('avis', 'msf1'), { kind: 'image', format: 'avif', mime: 'image/avif' }],
    ['HEIC', ftyp('heic', 'mif1', 'heic'), { kind: 'image', format: 'heic', mime: 'image/heic' }],
    [
      'HEIF mif1',
      ftyp('mif1', 'mif1', 'heix'),
      { kind: 'image', format: 'heic', mime: 'image/heic' },
    ],
    ['HEIF sequence', ftyp('msf1', 'hevc'), { kind: 'image', format: 'heic', mime: 'image/heic' }],
    [
      'MP4',
      ftyp('isom', 'isom', 'iso2', 'avc1', 'mp41'),
      { kind: 'video', format: 'mp4', mime: 'video/mp4' },
    ],
    [
      'MP4 (3GP major)',
      ftyp('3gp4', 'isom', '3gp4'),
      { kind: 'video', format: 'mp4', mime: 'video/mp4' },
    ],
    ['M4V', ftyp('M4V ', 'M4V ', 'mp42'), { kind: 'video', format: 'mp4', mime: 'video/mp4' }],
    ['QuickTime', ftyp('qt  ', 'qt  '), { kind: 'video', format: 'mov', mime: 'video/quicktime' }],
    ['WebM', ebml('webm'), { kind: 'video', format: 'webm', mime: 'video/webm' }],
  ])('recognises %s', (_name, head, expected) => {
    expect(sniffFileType(head)).toEqual(expected);
  });

  it('rejects an empty file', () => {
    expect(rejection(new Uint8Array(0))).toBe(UNSUPPORTED_REASONS.empty);
  });

  it.each([
    ['ASCII', bytes('Holiday photos: see the shared album.\r\n\tThanks!')],
    ['UTF-8 cut inside a character', new TextEncoder().encode('Größe: 3 × 4 — é').subarray(0, 21)],
    ['JSON', bytes('{"photos": []}\n')],
  ])('says that %s text is not a photo', (_name, head) => {
    expect(rejection(head)).toBe(UNSUPPORTED_REASONS.text);
  });

  it.each([
    ['Matroska', ebml('matroska')],
    ['an unknown ISO-BMFF brand', ftyp('crx ', 'crx ')],
    ['a WAV file', bytes('RIFF', 0, 1, 0, 0, 'WAVEfmt ')],
    ['a PDF with binary bytes', bytes('%PDF-1.7\n%', 0xe2, 0xe3, 0xcf, 0xd3)],
    ['a ZIP', bytes('PK', 3, 4, 20, 0)],
    ['a TIFF', bytes('II*', 0, 8, 0, 0, 0)],
    ['a lone 0xFF 0xD8', bytes(0xff, 0xd8)],
  ])('rejects %s as not supported', (_name, head) => {
    expect(rejection(head)).toBe(UNSUPPORTED_REASONS.unknown);
  });
});

describe('sniffBlob', () => {
  it('reads only the head of a Blob', async () => {
    const blob = new Blob([bytes(0xff, 0xd8, 0xff, 0xe1), new Uint8Array(1 << 20)]);
    expect((await sniffBlob(blob)).format).toBe('jpeg');
  });

  it('rejects the bad fixtures with a sentence for a person', async () => {
    await expect(sniffBlob(await readFixture('bad-empty.jpg'))).rejects.toMatchObject({
      name: 'UnsupportedFileError',
      reason: 'The file is empty.',
    });
    await expect(sniffBlob(await readFixture('bad-text.jpg'))).rejects.toMatchObject({
      name: 'UnsupportedFileError',
      reason: 'This is not a photo or video (it looks like text).',
      message: 'This is not a photo or video (it looks like text).',
    });
  });

  it('still sniffs a truncated JPEG as JPEG', async () => {
    expect(await sniffBlob(await readFixture('bad-truncated.jpg'))).toEqual({
      kind: 'image',
      format: 'jpeg',
      mime: 'image/jpeg',
    });
  });
});
