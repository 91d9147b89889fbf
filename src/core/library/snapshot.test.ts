import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../testing/canonicalState';
import { seededRandom } from '../testing/seededRandom';
import { HybridClock } from './hlc';
import { applyOperations } from './libraryState';
import { newOperationId, parseOperation, type Operation } from './operations';
import { InvalidSnapshotError, parseSnapshot, restoreSnapshot, takeSnapshot } from './snapshot';

const HASH = (n: number): string => n.toString(16).padStart(64, '0');

/** A small library with every kind of field a snapshot carries: favourites, trash, albums. */
function sampleOperations(): Operation[] {
  const clock = new HybridClock('deviceb', () => 1_700_000_000_000);
  const ops: Operation[] = [];
  const write = (draft: Record<string, unknown>) => {
    const at = clock.tick();
    const op = parseOperation({ ...draft, id: newOperationId(), at, deviceId: at.deviceId });
    ops.push(op);
    return op;
  };
  for (const n of [1, 2, 3]) {
    write({ type: 'photoAdded', photoId: `p${String(n)}`, contentHash: HASH(n), info: { n } });
  }
  write({ type: 'favouriteSet', photoId: 'p1', favourite: true });
  write({ type: 'archivedSet', photoId: 'p2', archived: true });
  write({ type: 'trashed', photoId: 'p3' });
  write({ type: 'photoDeleted', photoId: 'p3' });
  write({ type: 'albumCreated', albumId: 'a1', name: 'Holiday' });
  const added = write({ type: 'albumPhotoAdded', albumId: 'a1', photoId: 'p1' });
  write({ type: 'albumPhotoAdded', albumId: 'a1', photoId: 'p2' });
  write({ type: 'albumPhotoRemoved', albumId: 'a1', photoId: 'p1', removedTags: [added.id] });
  write({ type: 'albumCoverSet', albumId: 'a1', photoId: 'p2' });
  return ops;
}

const operations = sampleOperations();

/** A snapshot as it arrives from the bucket: plain JSON. */
const sampleSnapshot = () =>
  JSON.parse(JSON.stringify(takeSnapshot(applyOperations(operations), { deviceb: 13 }))) as unknown;

describe('parseSnapshot (a snapshot from another device)', () => {
  it('accepts a snapshot as written, and restores the same state', () => {
    const parsed = parseSnapshot(sampleSnapshot());
    expect(canonicalJson(restoreSnapshot(parsed).state)).toBe(
      canonicalJson(applyOperations(operations)),
    );
  });

  it('names what is wrong', () => {
    // The sample has three photos and one album.
    type Row = unknown[];
    type Json = Record<string, unknown> & { photos: [Row, Row, Row]; albums: [Row] };
    const broken = (change: (s: Json) => void) => {
      const snapshot = sampleSnapshot() as Json;
      change(snapshot);
      return () => parseSnapshot(snapshot);
    };
    expect(broken((s) => (s.version = 3))).toThrow(/version 3, which this app cannot read/);
    expect(broken((s) => (s.frontier = { deviceb: -1 }))).toThrow(/a bad frontier entry/);
    expect(broken((s) => (s.devices = ['Not A Device!']))).toThrow(/a bad device list/);
    // A stamp naming a device the list does not have.
    expect(broken((s) => (s.photos[0][3] = [true, [1, 0, 5, HASH(0).slice(32)]]))).toThrow(
      /photo 0/,
    );
    // A favourite that is not a yes or no.
    expect(
      broken((s) => {
        (s.photos[0][3] as Row)[0] = 'yes';
      }),
    ).toThrow(/photo 0/);
    expect(
      broken((s) => {
        (s.albums[0][2] as Row)[0] = 42;
      }),
    ).toThrow(/album 0/);
    expect(broken((s) => (s.photos[1][2] = [[[0, 0, 0, 'x'], {}]]))).toThrow(InvalidSnapshotError);
  });

  it('rejects or safely restores every one of 2,000 random mutations, never crashing', () => {
    const random = seededRandom(11);
    const junk = [null, -1, 1.5, 'x', '__proto__', [], {}, true, 2 ** 60, HASH(9)];
    /** Replaces one random leaf or branch of the JSON tree. */
    const mutate = (value: unknown): unknown => {
      if (Array.isArray(value) && value.length > 0 && random() < 0.8) {
        const index = Math.floor(random() * value.length);
        const copy = [...(value as unknown[])];
        copy[index] = mutate(copy[index]);
        return copy;
      }
      if (typeof value === 'object' && value !== null && random() < 0.8) {
        const keys = Object.keys(value);
        const key = keys[Math.floor(random() * keys.length)];
        if (key !== undefined) return { ...value, [key]: mutate((value as never)[key]) };
      }
      return junk[Math.floor(random() * junk.length)];
    };
    let rejected = 0;
    for (let round = 0; round < 2000; round++) {
      const mutated = mutate(sampleSnapshot());
      let parsed;
      try {
        parsed = parseSnapshot(mutated);
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidSnapshotError);
        rejected++;
        continue;
      }
      // What passes is a snapshot restore can read (a changed id or time is still well formed).
      expect(() => restoreSnapshot(parsed)).not.toThrow();
    }
    expect(rejected).toBeGreaterThan(1000);
  });
});
