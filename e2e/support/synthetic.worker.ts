/**
 * Writes a synthetic library into this origin's IndexedDB with the app's own core code: a vault
 * for the given password, then `photos` photoAdded operations spread over `years` years (one
 * month much fuller than the rest), committed in batches and flushed into the sealed timeline
 * index, as an import would leave them. Every photo has its own id, content hash and wrapped key,
 * but all share one photo key and one sealed thumbnail and preview (a real WebP and JPEG made by
 * the app's derivatives code), so 100,000 photos take seconds and a few MB of blobs. Loaded from
 * the Vite dev server by e2e/support/syntheticLibrary.ts (see test-worker.ts).
 */
import { newId, newKey, wipe } from '../../src/core/crypto/keys';
import { randomBytes, toHex } from '../../src/core/crypto/random';
import { ObjectKind, sealBytes } from '../../src/core/crypto/sealed';
import { deriveLibraryKeys, wrapPhotoKey } from '../../src/core/library/libraryKeys';
import { LocalLibrary, type DraftOperation } from '../../src/core/library/localLibrary';
import type { PhotoInfo } from '../../src/core/library/photoInfo';
import { derivativesFromBitmap } from '../../src/core/media/derivatives';
import { openPinholeDatabase } from '../../src/core/storage/db';
import { createKeyBundle, encodeKeyBundle } from '../../src/core/vault/keyBundle';
import { VaultStore } from '../../src/core/vault/vaultStore';

export interface SyntheticRequest {
  password: string;
  photos: number;
  years: number;
  /** The newest month, 'YYYY-MM'; the library spans `years` years back from it. */
  newestMonth: string;
  /** One month holding this many of the photos. */
  bigMonth: { month: string; photos: number };
}

export type SyntheticReply =
  | {
      photos: number;
      /** Newest first, with their photo counts. */
      months: { month: string; count: number }[];
      ms: number;
    }
  | { error: string };

/** Operations per commit (one sealed log record and one IndexedDB transaction each). */
const BATCH = 5000;
/** Distinct placeholders (ThumbHashes) the photos take turns with. */
const PLACEHOLDER_COLOURS = 12;

/** A small deterministic generator (mulberry32): the same request makes the same library. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 'YYYY-MM' `back` months before `month`. */
function monthBefore(month: string, back: number): string {
  const [year = 0, m = 1] = month.split('-').map(Number);
  const index = year * 12 + (m - 1) - back;
  return `${String(Math.floor(index / 12))}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** A 640x480 picture: a gradient in `hue` with a few discs, as an ImageBitmap. */
async function picture(hue: number): Promise<ImageBitmap> {
  const canvas = new OffscreenCanvas(640, 480);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2D context in this worker');
  const gradient = context.createLinearGradient(0, 0, 640, 480);
  gradient.addColorStop(0, `hsl(${String(hue)} 70% 60%)`);
  gradient.addColorStop(1, `hsl(${String((hue + 60) % 360)} 60% 25%)`);
  context.fillStyle = gradient;
  context.fillRect(0, 0, 640, 480);
  for (let disc = 0; disc < 5; disc++) {
    context.fillStyle = `hsl(${String((hue + disc * 70) % 360)} 80% 70% / 0.7)`;
    context.beginPath();
    context.arc(80 + disc * 120, 160 + (disc % 2) * 160, 50, 0, 2 * Math.PI);
    context.fill();
  }
  return createImageBitmap(canvas);
}

/** How many photos each month gets, newest first: uneven, some months empty, one very full. */
function monthCounts(request: SyntheticRequest, next: () => number): Map<string, number> {
  const months = Array.from({ length: request.years * 12 }, (_, back) =>
    monthBefore(request.newestMonth, back),
  );
  const weights = months.map((month) => {
    if (month === request.bigMonth.month) return 0;
    const roll = next();
    return roll < 0.08 ? 0 : roll < 0.2 ? 3 * next() : next(); // gaps, busy months, the rest
  });
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const spread = request.photos - request.bigMonth.photos;
  const counts = new Map<string, number>();
  let given = 0;
  months.forEach((month, index) => {
    const count =
      month === request.bigMonth.month
        ? request.bigMonth.photos
        : Math.floor(((weights[index] ?? 0) / total) * spread);
    counts.set(month, count);
    given += count;
  });
  // Rounding leaves a few over: the newest month takes them.
  const newest = months[0] ?? request.newestMonth;
  counts.set(newest, (counts.get(newest) ?? 0) + request.photos - given);
  return counts;
}

/** The step generate() is at, to say where it failed. */
let step = 'start';

async function generate(request: SyntheticRequest): Promise<SyntheticReply> {
  const started = performance.now();
  step = 'vault';
  const db = await openPinholeDatabase();
  const { bundle, masterKey } = await createKeyBundle(request.password);
  await new VaultStore(Promise.resolve(db)).saveKeyBundle(await encodeKeyBundle(bundle));
  const keys = await deriveLibraryKeys(masterKey, bundle.libraryId);
  const library = await LocalLibrary.open(db, keys);

  step = 'derivatives';
  // One photo key, one sealed thumbnail and preview for every photo.
  const photoKey = newKey();
  const placeholders: string[] = [];
  let shared: { thumbnail: Uint8Array; preview: Uint8Array } | null = null;
  for (let colour = 0; colour < PLACEHOLDER_COLOURS; colour++) {
    const derivatives = await derivativesFromBitmap(
      await picture((colour * 360) / PLACEHOLDER_COLOURS),
    );
    placeholders.push(derivatives.placeholder);
    shared ??= {
      thumbnail: new Uint8Array(await derivatives.thumbnail.arrayBuffer()),
      preview: new Uint8Array(await derivatives.preview.arrayBuffer()),
    };
  }
  if (!shared) throw new Error('no derivatives made');
  const [thumbnailId, previewId, originalId] = [newId(), newId(), newId()];
  const objects = {
    original: toHex(originalId),
    preview: toHex(previewId),
    thumbnail: toHex(thumbnailId),
  };
  await library.commit([], {
    blobs: [
      [
        objects.thumbnail,
        await sealBytes(photoKey, shared.thumbnail, {
          kind: ObjectKind.thumbnail,
          objectId: thumbnailId,
        }),
      ],
      [
        objects.preview,
        await sealBytes(photoKey, shared.preview, {
          kind: ObjectKind.preview,
          objectId: previewId,
        }),
      ],
    ],
  });

  step = 'operations';
  const next = random(20260101);
  const counts = monthCounts(request, next);
  let drafts: DraftOperation[] = [];
  let made = 0;
  for (const [month, count] of counts) {
    for (let n = 0; n < count; n++) {
      const day = String(1 + Math.floor(next() * 28)).padStart(2, '0');
      const seconds = Math.floor(next() * 86400);
      const time = [seconds / 3600, (seconds / 60) % 60, seconds % 60]
        .map((part) => String(Math.floor(part)).padStart(2, '0'))
        .join(':');
      const photoId = toHex(randomBytes(16));
      const info: PhotoInfo = {
        kind: 'image',
        mime: 'image/jpeg',
        fileName: `IMG_${String(made).padStart(6, '0')}.jpg`,
        folder: '',
        size: 3_000_000,
        fileModifiedMs: 0,
        width: 640,
        height: 480,
        takenAt: {
          local: `${month}-${day}T${time}`,
          offsetMinutes: null,
          utcMs: null,
          source: 'exif',
        },
        gps: null,
        camera: null,
        lens: null,
        exposure: null,
        durationS: null,
        placeholder: placeholders[made % PLACEHOLDER_COLOURS] ?? '',
        key: await wrapPhotoKey(keys, photoId, photoKey),
        objects,
      };
      drafts.push({
        type: 'photoAdded',
        photoId,
        contentHash: toHex(randomBytes(32)),
        info: { ...info },
      });
      made++;
      if (drafts.length === BATCH) {
        await library.commit(drafts);
        drafts = [];
      }
    }
  }
  if (drafts.length > 0) await library.commit(drafts);
  step = 'flush';
  // No snapshot: at 100,000 photos its JSON is ~270 MB, and Chromium aborts the IndexedDB
  // transaction that writes it (a core limit to fix, reported). Without one, the app replays the
  // log when it needs the whole state (details, edits), and the timeline never does.
  (library as unknown as { operationsSinceSnapshot: number }).operationsSinceSnapshot = 0;
  await library.flush();
  wipe(photoKey, masterKey, keys.contentHashKey, keys.logKey, keys.indexKey, keys.objectIdKey);
  db.close();
  return {
    photos: made,
    months: [...counts]
      .filter(([, count]) => count > 0)
      .map(([month, count]) => ({ month, count })),
    ms: performance.now() - started,
  };
}

self.addEventListener('message', (event: MessageEvent<SyntheticRequest>) => {
  generate(event.data).then(
    (reply) => {
      self.postMessage(reply);
    },
    (error: unknown) => {
      const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      self.postMessage({ error: `${step}: ${text}` });
    },
  );
});
