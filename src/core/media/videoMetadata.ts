/**
 * A video's duration, displayed size, capture date, place and camera, read from its container.
 *
 * Hand-written rather than a library, because none fits: mp4box 2.4.1 (BSD-3-Clause, the
 * well-kept ISO-BMFF parser) rejects QuickTime's '©xyz'-style atoms as "Invalid box type" and
 * drops the rest of the udta with them (gpac/mp4box.js#510, open), logs to the console, and brings
 * ~330 KB of unminified code for the handful of boxes read here; mediainfo.js (BSD-2-Clause) is a
 * multi-MB wasm; ts-ebml (MIT) brings six dependencies (a CLI parser, Node's events) for WebM
 * alone. The walker below reads box headers and the few small boxes it needs through Blob.slice,
 * skipping `mdat` (and WebM clusters) by size, so a 2 GB video costs a few KB of reads, never
 * the whole file.
 */
import { sniffBlob, type FileType } from './fileType';
import { latin1, readBytes, readVint } from './bytes';
import { cameraOf, text, type Camera, type GpsPosition, type TakenAt } from './metadata';
import { offsetMinutesOf, recordedTakenAt, utcTakenAt, wallClock } from './takenAt';

/** What a video's container says about it. Only takenAt is always there. */
export interface VideoMetadata {
  /**
   * From Apple's com.apple.quicktime.creationdate (local time with its offset), else the `mvhd`
   * creation time (MP4/MOV) or DateUTC (WebM), else the fallback date.
   */
  takenAt: TakenAt;
  gps: GpsPosition | undefined;
  camera: Camera | undefined;
  /** Seconds; undefined when the container does not say (a live-recorded WebM). */
  durationS: number | undefined;
  /** The displayed size: for MP4/MOV after the video track's rotation matrix (portrait stays tall). */
  width: number | undefined;
  height: number | undefined;
}

/** What was found so far; a damaged file keeps what was read before the damage. */
interface Facts {
  durationS?: number;
  width?: number;
  height?: number;
  creationUtcMs?: number; // mvhd creation_time or WebM DateUTC
  appleDate?: string; // com.apple.quicktime.creationdate
  appleLocation?: string; // com.apple.quicktime.location.ISO6709
  appleMake?: string;
  appleModel?: string;
  xyz?: string; // udta ©xyz
  loci?: GpsPosition; // 3GPP loci (ffmpeg writes it for MP4)
  make?: string; // udta ©mak
  model?: string; // udta ©mod
}

/**
 * Reads a video's metadata. Best effort: never throws for what the file contains; a damaged or
 * unknown file gets takenAt from fallbackDate (the file's lastModified) and undefined elsewhere.
 */
export async function extractVideoMetadata(
  file: Blob,
  fallbackDate: number,
  /** The file's type when the caller has sniffed it already. */
  knownType?: FileType,
): Promise<VideoMetadata> {
  const facts: Facts = {};
  try {
    const type = knownType ?? (await sniffBlob(file));
    if (type.format === 'mp4' || type.format === 'mov') await readIsoBmff(file, facts);
    else if (type.format === 'webm') await readWebm(file, facts);
  } catch {
    // Unsupported or damaged: keep whatever was read before the damage.
  }
  return {
    takenAt: takenAtFrom(facts) ?? utcTakenAt(fallbackDate, 'file'),
    gps: parseIso6709(facts.appleLocation) ?? parseIso6709(facts.xyz) ?? facts.loci,
    camera: cameraOf(text(facts.appleMake) ?? facts.make, text(facts.appleModel) ?? facts.model),
    durationS: facts.durationS,
    width: facts.width,
    height: facts.height,
  };
}

// ---------------------------------------------------------------------------------------------
// Dates

/** Seconds from 1904-01-01 (QuickTime's epoch) to 1970-01-01. */
const QUICKTIME_EPOCH_OFFSET_S = 2_082_844_800;
/** Matroska's DateUTC counts nanoseconds from 2001-01-01T00:00:00 UTC. */
const MATROSKA_EPOCH_MS = Date.UTC(2001, 0, 1);
/** Apple's "2021-06-01T14:00:00+0200" (the offset also as +02:00 or Z; fractions ignored). */
const APPLE_DATE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:(Z)|([+-])(\d{2}):?(\d{2}))?$/;

function takenAtFrom(facts: Facts): TakenAt | undefined {
  const apple = parseAppleDate(facts.appleDate);
  if (apple !== undefined) return apple;
  if (facts.creationUtcMs === undefined) return undefined;
  // mvhd (and DateUTC) hold an instant in UTC and no zone. offsetMinutes null would mean "local
  // time unknown" and leave nothing to display, so the UTC wall-clock time stands in as local
  // with offset 0 (as for the fallback date): the instant is right, the hour shown may not be.
  return utcTakenAt(facts.creationUtcMs, 'exif');
}

/** Apple's local time with its offset; without an offset the instant is unknown (as in EXIF). */
function parseAppleDate(value: string | undefined): TakenAt | undefined {
  const match = value === undefined ? null : APPLE_DATE.exec(value.trim());
  if (!match) return undefined;
  const [, zulu, sign, offsetH = '', offsetM = ''] = match.slice(6);
  const date = wallClock(match.slice(1, 7));
  if (date === undefined) return undefined;
  let offsetMinutes: number | null = null;
  if (zulu !== undefined) offsetMinutes = 0;
  else if (sign !== undefined) offsetMinutes = offsetMinutesOf(sign, offsetH, offsetM);
  return recordedTakenAt(date, offsetMinutes);
}

/**
 * A container date as ms since the Unix epoch, or undefined when unset or implausible: 0 means
 * unknown, and a date before 1970 (1904 plus a few seconds) is a camera that never set its clock.
 */
function plausibleUtcMs(ms: number): number | undefined {
  return Number.isFinite(ms) && ms > 0 && ms < Date.UTC(10_000, 0, 1) ? ms : undefined;
}

// ---------------------------------------------------------------------------------------------
// Place and camera

/** ISO 6709 as phones write it: ±DD.D±DDD.D[±AAA.A][CRS…]/, degrees as ±DD[MM[SS]][.f] too. */
const ISO6709 = /^([+-]\d+(?:\.\d*)?)([+-]\d+(?:\.\d*)?)([+-]\d+(?:\.\d*)?)?/;

/**
 * An ISO 6709 position string ("+48.8583+002.2945+035.000/") as WGS 84 degrees; undefined when
 * missing or out of range. Latitude has 2 integer digits per unit, longitude 3, so the count of
 * integer digits tells degrees (2/3), degrees-minutes (4/5) and degrees-minutes-seconds (6/7).
 */
export function parseIso6709(value: string | undefined): GpsPosition | undefined {
  const match = value === undefined ? null : ISO6709.exec(value.trim());
  if (!match) return undefined;
  const latitude = sexagesimal(match[1] ?? '', 2);
  const longitude = sexagesimal(match[2] ?? '', 3);
  if (latitude === undefined || Math.abs(latitude) > 90) return undefined;
  if (longitude === undefined || Math.abs(longitude) > 180) return undefined;
  const altitudeM = match[3] === undefined ? undefined : Number(match[3]);
  return altitudeM === undefined || !Number.isFinite(altitudeM)
    ? { latitude, longitude }
    : { latitude, longitude, altitudeM };
}

function sexagesimal(field: string, degreeDigits: number): number | undefined {
  const sign = field.startsWith('-') ? -1 : 1;
  const [whole = '', fraction = ''] = field.slice(1).split('.');
  const fractionValue = fraction === '' ? 0 : Number(`0.${fraction}`);
  let value: number;
  if (whole.length === degreeDigits) value = Number(whole) + fractionValue;
  else if (whole.length === degreeDigits + 2) {
    const minutes = Number(whole.slice(degreeDigits)) + fractionValue;
    value = Number(whole.slice(0, degreeDigits)) + minutes / 60;
  } else if (whole.length === degreeDigits + 4) {
    const minutes = Number(whole.slice(degreeDigits, degreeDigits + 2));
    const seconds = Number(whole.slice(degreeDigits + 2)) + fractionValue;
    value = Number(whole.slice(0, degreeDigits)) + minutes / 60 + seconds / 3600;
  } else return undefined;
  return Number.isFinite(value) ? sign * value : undefined;
}

// ---------------------------------------------------------------------------------------------
// MP4 and QuickTime (ISO base media file format)

/** A box: its type, where its header and its payload start, and where it ends. */
interface Box {
  type: string;
  start: number;
  payload: number;
  end: number;
}

/** Enough for a box header with a 64-bit size. */
const BOX_HEADER_BYTES = 16;
/** Stops a walk through a damaged or adversarial file (fragmented MP4s have many top boxes). */
const MAX_BOXES = 4096;
/** Larger "small" boxes (udta, meta, mvhd, tkhd, hdlr) are skipped, not read. */
const MAX_SMALL_BOX_BYTES = 4 << 20;
/** The duration field's all-ones value means "unknown". */
const UNKNOWN_DURATION_32 = 0xffff_ffff;
const FIXED_16_16 = 65_536;

async function readIsoBmff(file: Blob, facts: Facts): Promise<void> {
  let moov: Box | undefined;
  for await (const box of boxesOf(file, 0, file.size)) {
    if (box.type === 'moov') {
      moov = box;
      break; // in a fragmented MP4 the moov comes first; the moofs after it are not needed
    }
  }
  if (moov === undefined) return;
  let videoTrackFound = false;
  for await (const box of boxesOf(file, moov.payload, moov.end)) {
    if (box.type === 'mvhd') readMvhd(await readSmallBox(file, box), facts);
    else if (box.type === 'trak' && !videoTrackFound) {
      videoTrackFound = await readTrack(file, box, facts);
    } else if (box.type === 'udta') readUdta(await readSmallBox(file, box), facts);
    else if (box.type === 'meta') readMeta(await readSmallBox(file, box), facts);
  }
}

/** The boxes between start and end, one header read each; stops at damage. */
async function* boxesOf(file: Blob, start: number, end: number): AsyncGenerator<Box> {
  let at = start;
  for (let count = 0; count < MAX_BOXES && at + 8 <= end; count++) {
    const head = await readBytes(file, at, Math.min(BOX_HEADER_BYTES, end - at));
    const box = boxAt(head, 0, end - at);
    if (box === undefined) return;
    yield { type: box.type, start: at, payload: at + box.payload, end: at + box.end };
    at += box.end;
  }
}

/** The box whose header starts at `at` in bytes (offsets relative to bytes), within `limit`. */
function boxAt(bytes: Uint8Array, at: number, limit: number): Box | undefined {
  if (at + 8 > limit || at + 8 > bytes.length) return undefined;
  const view = dataView(bytes);
  let size = view.getUint32(at);
  const type = latin1(bytes, at + 4, 4);
  let payload = at + 8;
  if (size === 1) {
    if (at + 16 > bytes.length) return undefined;
    size = view.getUint32(at + 8) * 2 ** 32 + view.getUint32(at + 12);
    payload = at + 16;
  } else if (size === 0) {
    size = limit - at; // to the end of the file (or of the parent)
  }
  if (size < payload - at) return undefined;
  // A box running past its parent (a file cut short) ends with it: what is there can be read.
  return { type, start: at, payload, end: Math.min(at + size, limit) };
}

/** Iterates the child boxes of an in-memory box payload. */
function* boxesIn(bytes: Uint8Array, start = 0, end = bytes.length): Generator<Box> {
  let at = start;
  for (let count = 0; count < MAX_BOXES; count++) {
    const box = boxAt(bytes, at, end);
    if (box === undefined) return;
    yield box;
    at = box.end;
  }
}

/** A box's payload, or an empty array when it is too large to be one of the boxes read here. */
async function readSmallBox(file: Blob, box: Box): Promise<Uint8Array> {
  const length = box.end - box.payload;
  if (length > MAX_SMALL_BOX_BYTES) return new Uint8Array(0);
  return readBytes(file, box.payload, length);
}

/** mvhd: creation time (s since 1904, UTC) and duration in the movie's timescale. */
function readMvhd(payload: Uint8Array, facts: Facts): void {
  const view = dataView(payload);
  const version = payload[0];
  let creation: number, timescale: number, duration: number | undefined;
  if (version === 1 && payload.length >= 32) {
    creation = uint64(view, 4);
    timescale = view.getUint32(20);
    duration = uint64(view, 24);
    if (duration === Number.MAX_SAFE_INTEGER) duration = undefined;
  } else if (version === 0 && payload.length >= 20) {
    creation = view.getUint32(4);
    timescale = view.getUint32(12);
    duration = view.getUint32(16);
    if (duration === UNKNOWN_DURATION_32) duration = undefined;
  } else return;
  if (creation > 0) {
    const utcMs = plausibleUtcMs((creation - QUICKTIME_EPOCH_OFFSET_S) * 1000);
    if (utcMs !== undefined) facts.creationUtcMs = utcMs;
  }
  // A fragmented MP4's mvhd says 0; its duration is spread over the fragments (left unknown).
  if (timescale > 0 && duration !== undefined && duration > 0) {
    facts.durationS = duration / timescale;
  }
}

/** A trak: when its handler is 'vide', its tkhd size after the matrix. Says if it was video. */
async function readTrack(file: Blob, trak: Box, facts: Facts): Promise<boolean> {
  let tkhd: Uint8Array | undefined;
  let handler: string | undefined;
  for await (const box of boxesOf(file, trak.payload, trak.end)) {
    if (box.type === 'tkhd') tkhd = await readSmallBox(file, box);
    else if (box.type === 'mdia') {
      for await (const child of boxesOf(file, box.payload, box.end)) {
        if (child.type !== 'hdlr') continue;
        // hdlr: version and flags, pre_defined (QuickTime: component type), handler type.
        handler = latin1(await readSmallBox(file, child), 8, 4);
        break;
      }
    }
    if (tkhd !== undefined && handler !== undefined) break;
  }
  if (handler !== 'vide' || tkhd === undefined) return false;
  const size = displayedSize(tkhd);
  if (size === undefined) return false;
  facts.width = size.width;
  facts.height = size.height;
  return true;
}

/**
 * tkhd's width and height (16.16) carried through its matrix {a b u, c d v, x y w}: a point
 * (x, y) is shown at (a·x + c·y, b·x + d·y), so the bounding box of the W×H frame is
 * (|a|·W + |c|·H) × (|b|·W + |d|·H). A 90° or 270° rotation swaps the sides.
 */
function displayedSize(tkhd: Uint8Array): { width: number; height: number } | undefined {
  const view = dataView(tkhd);
  // version 1 has 64-bit creation, modification and duration: 12 more bytes before the matrix.
  const matrixAt = tkhd[0] === 1 ? 52 : 40;
  if (tkhd.length < matrixAt + 44) return undefined;
  const [a, b, c, d] = [0, 4, 12, 16].map((at) => view.getInt32(matrixAt + at) / FIXED_16_16);
  const width = view.getUint32(matrixAt + 36) / FIXED_16_16;
  const height = view.getUint32(matrixAt + 40) / FIXED_16_16;
  if (a === undefined || b === undefined || c === undefined || d === undefined) return undefined;
  const shownWidth = Math.round(Math.abs(a) * width + Math.abs(c) * height);
  const shownHeight = Math.round(Math.abs(b) * width + Math.abs(d) * height);
  if (shownWidth === 0 || shownHeight === 0) return undefined;
  return { width: shownWidth, height: shownHeight };
}

/** QuickTime user data: ©xyz, ©mak, ©mod text atoms, 3GPP loci, and ffmpeg's udta/meta. */
function readUdta(payload: Uint8Array, facts: Facts): void {
  for (const box of boxesIn(payload)) {
    const body = payload.subarray(box.payload, box.end);
    if (box.type === '\u00a9xyz') facts.xyz ??= userDataText(body);
    else if (box.type === '\u00a9mak') facts.make ??= userDataText(body);
    else if (box.type === '\u00a9mod') facts.model ??= userDataText(body);
    else if (box.type === 'loci') facts.loci ??= readLoci(body);
    else if (box.type === 'meta') readMeta(body, facts);
  }
}

/**
 * A QuickTime user-data text atom: 16-bit length, 16-bit language, then the text. Some writers
 * use an iTunes-style 'data' box instead, which is read too.
 */
function userDataText(body: Uint8Array): string | undefined {
  if (body.length >= 16 && latin1(body, 4, 4) === 'data') return dataBoxText(body.subarray(8));
  if (body.length < 4) return undefined;
  const length = dataView(body).getUint16(0);
  return utf8(body.subarray(4, 4 + length));
}

/**
 * 3GPP loci: version and flags, language, a NUL-terminated name, role, then longitude, latitude
 * and altitude as signed 16.16 fixed point.
 */
function readLoci(body: Uint8Array): GpsPosition | undefined {
  let at = 6;
  // The name may be UTF-16 with a BOM, ending in a 16-bit NUL.
  if (body[at] === 0xfe && body[at + 1] === 0xff) {
    at += 2;
    while (at + 1 < body.length && (body[at] !== 0 || body[at + 1] !== 0)) at += 2;
    at += 2;
  } else {
    while (at < body.length && body[at] !== 0) at++;
    at += 1;
  }
  at += 1; // role
  if (at + 12 > body.length) return undefined;
  const view = dataView(body);
  const longitude = view.getInt32(at) / FIXED_16_16;
  const latitude = view.getInt32(at + 4) / FIXED_16_16;
  const altitudeM = view.getInt32(at + 8) / FIXED_16_16;
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return undefined;
  // A loci at 0,0 is a writer that filled the box without a fix.
  if (latitude === 0 && longitude === 0) return undefined;
  return altitudeM === 0 ? { latitude, longitude } : { latitude, longitude, altitudeM };
}

type AppleField = 'appleDate' | 'appleLocation' | 'appleMake' | 'appleModel';

/** The QuickTime metadata keys read, and where each goes. */
const APPLE_KEYS: ReadonlyMap<string, AppleField> = new Map([
  ['com.apple.quicktime.creationdate', 'appleDate'],
  ['com.apple.quicktime.location.ISO6709', 'appleLocation'],
  ['com.apple.quicktime.make', 'appleMake'],
  ['com.apple.quicktime.model', 'appleModel'],
]);

/**
 * A meta box with a 'keys' list (QuickTime metadata: iPhones write it in moov, ffmpeg in udta):
 * each ilst item's type is a 1-based index into keys, and its 'data' box holds the value. In MOV
 * the meta box has no version and flags; in MP4 it is a full box.
 */
function readMeta(payload: Uint8Array, facts: Facts): void {
  const start = latin1(payload, 4, 4) === 'hdlr' ? 0 : 4;
  let keys: string[] = [];
  let ilst: Box | undefined;
  for (const box of boxesIn(payload, start)) {
    if (box.type === 'keys') keys = readKeys(payload.subarray(box.payload, box.end));
    else if (box.type === 'ilst') ilst = box;
  }
  if (ilst === undefined || keys.length === 0) return;
  const view = dataView(payload);
  for (const item of boxesIn(payload, ilst.payload, ilst.end)) {
    const index = view.getUint32(item.start + 4); // the item's type field is the key index
    const field = APPLE_KEYS.get(keys[index - 1] ?? '');
    if (field === undefined) continue;
    for (const data of boxesIn(payload, item.payload, item.end)) {
      if (data.type !== 'data') continue;
      const value = dataBoxText(payload.subarray(data.payload, data.end));
      if (value !== undefined) facts[field] ??= value;
      break;
    }
  }
}

/** keys: version and flags, entry count, then (size, namespace, name) entries. */
function readKeys(body: Uint8Array): string[] {
  if (body.length < 8) return [];
  const view = dataView(body);
  const count = view.getUint32(4);
  const keys: string[] = [];
  let at = 8;
  for (let i = 0; i < count && at + 8 <= body.length; i++) {
    const size = view.getUint32(at);
    if (size < 8 || at + size > body.length) break;
    keys.push(utf8(body.subarray(at + 8, at + size)) ?? '');
    at += size;
  }
  return keys;
}

/** Well-known data types of a 'data' box: 1 is UTF-8, 2 is UTF-16 (big-endian). */
const DATA_UTF8 = 1;
const DATA_UTF16 = 2;

/** A 'data' box payload: type indicator (0 + 24-bit type), locale, then the value. */
function dataBoxText(body: Uint8Array): string | undefined {
  if (body.length < 8) return undefined;
  const dataType = dataView(body).getUint32(0) & 0xff_ffff;
  const value = body.subarray(8);
  if (dataType === DATA_UTF8) return utf8(value);
  if (dataType === DATA_UTF16) return new TextDecoder('utf-16be').decode(value);
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// WebM (Matroska's EBML)

const EBML_ID = 0x1a45dfa3;
const SEGMENT_ID = 0x18538067;
const INFO_ID = 0x1549a966;
const TRACKS_ID = 0x1654ae6b;
const CLUSTER_ID = 0x1f43b675;
const TIMESTAMP_SCALE_ID = 0x2ad7b1;
const DURATION_ID = 0x4489;
const DATE_UTC_ID = 0x4461;
const TRACK_ENTRY_ID = 0xae;
const TRACK_TYPE_ID = 0x83;
const VIDEO_ID = 0xe0;
const PIXEL_WIDTH_ID = 0xb0;
const PIXEL_HEIGHT_ID = 0xba;
const DISPLAY_WIDTH_ID = 0x54b0;
const DISPLAY_HEIGHT_ID = 0x54ba;
const DISPLAY_UNIT_ID = 0x54b2;
const TRACK_TYPE_VIDEO = 1;
const DEFAULT_TIMESTAMP_SCALE_NS = 1_000_000;
/** Enough for an element ID (≤4 bytes) and its size (≤8 bytes). */
const EBML_HEADER_BYTES = 12;
/** Info and Tracks come before the first Cluster in practice; a few dozen elements at most. */
const MAX_SEGMENT_CHILDREN = 64;

interface Element {
  id: number;
  payload: number;
  end: number; // Infinity for an element of unknown size (a live recording's Segment)
}

/**
 * WebM: duration and size from the Segment's Info and Tracks, DateUTC as the date. DateUTC is when
 * the file was muxed, which for a camera or a browser recording is when it was made. WebM has no
 * common place or camera fields.
 */
async function readWebm(file: Blob, facts: Facts): Promise<void> {
  const header = await elementAt(file, 0, file.size);
  if (header?.id !== EBML_ID) return;
  const segment = await elementAt(file, header.end, file.size);
  if (segment?.id !== SEGMENT_ID) return;
  const segmentEnd = Math.min(segment.end, file.size);
  let at = segment.payload;
  let sawInfo = false;
  let sawTracks = false;
  for (let count = 0; count < MAX_SEGMENT_CHILDREN && !(sawInfo && sawTracks); count++) {
    const element = await elementAt(file, at, segmentEnd);
    if (element === undefined || element.id === CLUSTER_ID || element.end === Infinity) return;
    if (element.id === INFO_ID) {
      sawInfo = true;
      readInfo(await readSmallElement(file, element), facts);
    } else if (element.id === TRACKS_ID) {
      sawTracks = true;
      readTracks(await readSmallElement(file, element), facts);
    }
    at = element.end;
  }
}

async function elementAt(file: Blob, at: number, limit: number): Promise<Element | undefined> {
  if (at >= limit) return undefined;
  const head = await readBytes(file, at, Math.min(EBML_HEADER_BYTES, limit - at));
  const element = elementIn(head, 0, head.length, limit - at);
  if (element === undefined) return undefined;
  return { id: element.id, payload: at + element.payload, end: at + element.end };
}

/**
 * The element whose header starts at `at` in bytes; `limit` bounds its end (relative to bytes).
 * `headerLimit` is how far the header may run (the bytes at hand).
 */
function elementIn(
  bytes: Uint8Array,
  at: number,
  headerLimit: number,
  limit: number,
): Element | undefined {
  const id = readVint(bytes, at, headerLimit, true);
  if (id === undefined) return undefined;
  const size = readVint(bytes, id.end, headerLimit, false);
  if (size === undefined) return undefined;
  const end = size.value === undefined ? Infinity : size.end + size.value;
  if (end !== Infinity && end > limit) return undefined;
  return { id: id.value ?? 0, payload: size.end, end };
}

async function readSmallElement(file: Blob, element: Element): Promise<Uint8Array> {
  const length = element.end - element.payload;
  if (length > MAX_SMALL_BOX_BYTES) return new Uint8Array(0);
  return readBytes(file, element.payload, length);
}

function* elementsIn(bytes: Uint8Array, start = 0, end = bytes.length): Generator<Element> {
  let at = start;
  for (let count = 0; count < MAX_BOXES && at < end; count++) {
    const element = elementIn(bytes, at, end, end);
    if (element === undefined || element.end === Infinity) return;
    yield element;
    at = element.end;
  }
}

function readInfo(payload: Uint8Array, facts: Facts): void {
  let scaleNs = DEFAULT_TIMESTAMP_SCALE_NS;
  let duration: number | undefined;
  for (const element of elementsIn(payload)) {
    const body = payload.subarray(element.payload, element.end);
    if (element.id === TIMESTAMP_SCALE_ID) scaleNs = ebmlUint(body) || scaleNs;
    else if (element.id === DURATION_ID) duration = ebmlFloat(body);
    else if (element.id === DATE_UTC_ID && body.length === 8) {
      const ns = dataView(body).getBigInt64(0);
      const utcMs = plausibleUtcMs(MATROSKA_EPOCH_MS + Number(ns / 1_000_000n));
      if (utcMs !== undefined) facts.creationUtcMs = utcMs;
    }
  }
  if (duration !== undefined && duration > 0) facts.durationS = (duration * scaleNs) / 1e9;
}

/** The first video track's displayed size (DisplayWidth/Height in pixels, else the coded size). */
function readTracks(payload: Uint8Array, facts: Facts): void {
  for (const entry of elementsIn(payload)) {
    if (entry.id !== TRACK_ENTRY_ID) continue;
    let type: number | undefined;
    let video: Element | undefined;
    for (const child of elementsIn(payload, entry.payload, entry.end)) {
      if (child.id === TRACK_TYPE_ID) type = ebmlUint(payload.subarray(child.payload, child.end));
      else if (child.id === VIDEO_ID) video = child;
    }
    if (type !== TRACK_TYPE_VIDEO || video === undefined) continue;
    const fields = new Map<number, number>();
    for (const field of elementsIn(payload, video.payload, video.end)) {
      fields.set(field.id, ebmlUint(payload.subarray(field.payload, field.end)));
    }
    const inPixels = (fields.get(DISPLAY_UNIT_ID) ?? 0) === 0;
    const width =
      (inPixels ? fields.get(DISPLAY_WIDTH_ID) : undefined) ?? fields.get(PIXEL_WIDTH_ID);
    const height =
      (inPixels ? fields.get(DISPLAY_HEIGHT_ID) : undefined) ?? fields.get(PIXEL_HEIGHT_ID);
    if (width !== undefined && width > 0 && height !== undefined && height > 0) {
      facts.width = width;
      facts.height = height;
    }
    return;
  }
}

function ebmlUint(body: Uint8Array): number {
  let value = 0;
  for (const byte of body) value = value * 256 + byte;
  return value;
}

function ebmlFloat(body: Uint8Array): number | undefined {
  const view = dataView(body);
  if (body.length === 4) return view.getFloat32(0);
  if (body.length === 8) return view.getFloat64(0);
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Bytes

function dataView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A 64-bit unsigned integer; MAX_SAFE_INTEGER for all ones (and anything past 2^53). */
function uint64(view: DataView, at: number): number {
  const value = view.getUint32(at) * 2 ** 32 + view.getUint32(at + 4);
  return Math.min(value, Number.MAX_SAFE_INTEGER);
}

function utf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
