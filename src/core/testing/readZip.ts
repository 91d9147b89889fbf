/**
 * For tests only (unit and e2e): reads back the zips photoZip writes, checking what an unzip tool
 * checks. Only stored entries (client-zip never compresses); Zip64 sizes and offsets are read.
 * Not imported by the app.
 */

export interface ZipEntry {
  name: string;
  bytes: Uint8Array;
  /** The DOS date and time stored for the entry (local time, two-second steps). */
  modified: {
    year: number;
    month: number;
    day: number;
    hours: number;
    minutes: number;
    seconds: number;
  };
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX32 = 0xffffffff;

/** Every entry of `zip`, in central-directory order; throws on anything malformed. */
export function readZip(zip: Uint8Array): ZipEntry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const eocd = zip.byteLength - 22; // photoZip writes no archive comment
  expect32(view, eocd, EOCD, 'end of central directory');
  let count = view.getUint16(eocd + 10, true);
  let directory = view.getUint32(eocd + 16, true);
  if (directory === MAX32 || count === 0xffff) {
    expect32(view, eocd - 20, ZIP64_LOCATOR, 'Zip64 locator');
    const zip64 = Number(view.getBigUint64(eocd - 12, true));
    expect32(view, zip64, ZIP64_EOCD, 'Zip64 end of central directory');
    count = Number(view.getBigUint64(zip64 + 32, true));
    directory = Number(view.getBigUint64(zip64 + 48, true));
  }
  const entries: ZipEntry[] = [];
  let at = directory;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let index = 0; index < count; index++) {
    expect32(view, at, CENTRAL, 'central directory entry');
    const flags = view.getUint16(at + 8, true);
    if (!(flags & 0x800)) throw new Error('entry name not flagged UTF-8');
    if (view.getUint16(at + 10, true) !== 0) throw new Error('entry is compressed');
    const time = view.getUint16(at + 12, true);
    const date = view.getUint16(at + 14, true);
    const crc = view.getUint32(at + 16, true);
    let size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    let offset = view.getUint32(at + 42, true);
    const name = decoder.decode(zip.subarray(at + 46, at + 46 + nameLength));
    // The Zip64 extra field holds, in order, only the values the fixed fields mark as MAX32.
    let extra = at + 46 + nameLength;
    const extraEnd = extra + extraLength;
    while (extra < extraEnd) {
      const id = view.getUint16(extra, true);
      const length = view.getUint16(extra + 2, true);
      if (id === 1) {
        let field = extra + 4;
        if (size === MAX32) {
          size = Number(view.getBigUint64(field, true)); // uncompressed, then compressed
          field += 16;
        }
        if (offset === MAX32) offset = Number(view.getBigUint64(field, true));
      }
      extra += 4 + length;
    }
    expect32(view, offset, LOCAL, `local header of ${name}`);
    const start =
      offset + 30 + view.getUint16(offset + 26, true) + view.getUint16(offset + 28, true);
    const bytes = zip.subarray(start, start + size);
    if (crc32(bytes) !== crc) throw new Error(`CRC mismatch in ${name}`);
    entries.push({ name, bytes, modified: dosDate(date, time) });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function expect32(view: DataView, at: number, signature: number, what: string): void {
  if (at < 0 || at + 4 > view.byteLength || view.getUint32(at, true) !== signature) {
    throw new Error(`no ${what} at ${String(at)}`);
  }
}

function dosDate(date: number, time: number): ZipEntry['modified'] {
  return {
    year: 1980 + (date >> 9),
    month: (date >> 5) & 0xf,
    day: date & 0x1f,
    hours: time >> 11,
    minutes: (time >> 5) & 0x3f,
    seconds: (time & 0x1f) * 2,
  };
}

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});

function crc32(bytes: Uint8Array): number {
  let crc = MAX32;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ MAX32) >>> 0;
}
