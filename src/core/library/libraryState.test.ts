import { describe, expect, it } from 'vitest';
import { HybridClock } from './hlc';
import {
  albumCover,
  albumMembers,
  applyOperations,
  emptyLibraryState,
  fold,
  isAlbumVisible,
  isPhotoVisible,
  mergeStates,
  resolvePhotoId,
  trashedAt,
} from './libraryState';
import { newOperationId, type Operation, parseOperation } from './operations';
import { canonicalJson } from '../testing/canonicalState';
import { seededRandom } from '../testing/seededRandom';

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

type Draft = Operation extends infer O
  ? O extends Operation
    ? Omit<O, 'id' | 'at' | 'deviceId'>
    : never
  : never;

/** A simulated device: its clock, and the log of operations it wrote. */
class Device {
  readonly log: Operation[] = [];
  private readonly clock: HybridClock;
  constructor(
    id: string,
    private readonly wall: { now: number },
  ) {
    this.clock = new HybridClock(id, () => this.wall.now);
  }
  /** Writes an operation, round-tripped through JSON and the validator as the sync will. */
  write(draft: Draft): Operation {
    const at = this.clock.tick();
    const raw = { ...draft, id: newOperationId(), at, deviceId: at.deviceId };
    const op = parseOperation(JSON.parse(JSON.stringify(raw)));
    this.log.push(op);
    return op;
  }
  /** Reads another device's log, as a sync would. */
  receive(ops: readonly Operation[]): void {
    for (const op of ops) this.clock.receive(op.at);
  }
}

const HASH = (n: number): string => n.toString(16).padStart(64, '0');

describe('two devices editing offline, then syncing', () => {
  const wall = { now: 1_000_000 };
  const a = new Device('a', wall);
  const b = new Device('b', wall);
  for (const [photoId, n] of [
    ['p1', 1],
    ['p2', 2],
    ['p3', 3],
  ] as const) {
    a.write({ type: 'photoAdded', photoId, contentHash: HASH(n), info: { title: photoId } });
  }
  a.write({ type: 'albumCreated', albumId: 'al1', name: 'Holiday' });
  const addP1 = a.write({ type: 'albumPhotoAdded', albumId: 'al1', photoId: 'p1' });
  a.write({ type: 'albumPhotoAdded', albumId: 'al1', photoId: 'p2' });
  const shared = [...a.log];
  b.receive(shared);

  // Offline: B's wall clock is behind A's, yet B's edits keep causal order after what B saw.
  wall.now = 2_000_000;
  a.write({ type: 'albumRenamed', albumId: 'al1', name: 'Holiday A' });
  a.write({ type: 'albumPhotoRemoved', albumId: 'al1', photoId: 'p1', removedTags: [addP1.id] });
  a.write({ type: 'favouriteSet', photoId: 'p2', favourite: true });
  a.write({ type: 'trashed', photoId: 'p3' });
  a.write({ type: 'albumPhotoAdded', albumId: 'al1', photoId: 'p3' });
  a.write({ type: 'photoInfoEdited', photoId: 'p1', field: 'title', value: 'from A' });
  wall.now = 1_500_000;
  b.write({ type: 'albumRenamed', albumId: 'al1', name: 'Holiday B' });
  b.write({ type: 'albumPhotoAdded', albumId: 'al1', photoId: 'p1' });
  b.write({ type: 'favouriteSet', photoId: 'p2', favourite: false });
  b.write({ type: 'restored', photoId: 'p3' });
  b.write({ type: 'photoDeleted', photoId: 'p3' });
  b.write({ type: 'albumCoverSet', albumId: 'al1', photoId: 'p2' });
  b.write({ type: 'photoAdded', photoId: 'p4', contentHash: HASH(1), info: {} });
  b.write({ type: 'albumCreated', albumId: 'al2', name: 'Copies' });
  b.write({ type: 'albumPhotoAdded', albumId: 'al2', photoId: 'p4' });
  const union = [...a.log, ...b.log.filter((op) => !shared.includes(op))];

  it('converges to the identical state whatever the delivery order', () => {
    const expected = canonicalJson(applyOperations(union));
    const random = seededRandom(2026);
    for (let round = 0; round < 200; round++) {
      const order = shuffled(union, random);
      expect(canonicalJson(applyOperations(order))).toBe(expected);
      // Incrementally, in random batches, with repeats: the same as a full replay.
      const state = emptyLibraryState();
      const cut = Math.floor(random() * order.length);
      fold(state, order.slice(cut));
      fold(state, shuffled(union.slice(0, 1 + Math.floor(random() * union.length)), random));
      fold(state, order.slice(0, cut));
      expect(canonicalJson(state)).toBe(expected);
    }
  });

  it('joins two states into the state of the union of their operations (snapshot merge)', () => {
    const expected = canonicalJson(applyOperations(union));
    const random = seededRandom(7);
    for (let round = 0; round < 200; round++) {
      // Two overlapping subsets, as two devices' snapshots would be.
      const order = shuffled(union, random);
      const [cutA, cutB] = [random(), random()].map((x) => Math.floor(x * order.length));
      const first = order.slice(0, Math.max(cutA ?? 0, cutB ?? 0));
      const second = order.slice(Math.min(cutA ?? 0, cutB ?? 0));
      const joined = mergeStates(applyOperations(first), applyOperations(second));
      expect(canonicalJson(joined)).toBe(expected);
      // And folding more operations into a joined state still gives the union.
      const partial = mergeStates(applyOperations(first.slice(1)), emptyLibraryState());
      expect(canonicalJson(fold(partial, order))).toBe(expected);
    }
  });

  it('resolves the conflicts by the documented rules', () => {
    const state = applyOperations(union);
    // A's rename and favourite carry the later HLC (A's wall clock is ahead).
    expect(state.albums.get('al1')?.name?.value).toBe('Holiday A');
    expect(state.photos.get('p2')?.favourite?.value).toBe(true);
    expect(state.photos.get('p1')?.info.get('title')?.value).toBe('from A');
    // B's add of p1 was never seen by A's remove; p3 is deleted, so it leaves the album.
    expect(albumMembers(state, 'al1')).toEqual(['p1', 'p2']);
    expect(albumCover(state, 'al1')).toBe('p2');
    expect(isPhotoVisible(state.photos.get('p3'))).toBe(false);
    // p4 has p1's content and was added later: a duplicate, and its album shows p1.
    expect(resolvePhotoId(state, 'p4')).toBe('p1');
    expect(state.photosByContentHash.get(HASH(1))).toBe('p1');
    expect(albumMembers(state, 'al2')).toEqual(['p1']);
  });
});

describe('library state rules', () => {
  const wall = { now: 1_000_000 };
  const device = (id: string): Device => new Device(id, wall);

  it('keeps a concurrent add the remover never saw (OR-set)', () => {
    const [a, b] = [device('a'), device('b')];
    a.write({ type: 'albumCreated', albumId: 'x', name: 'X' });
    a.write({ type: 'photoAdded', photoId: 'p', contentHash: HASH(9), info: {} });
    const seen = a.write({ type: 'albumPhotoAdded', albumId: 'x', photoId: 'p' });
    b.receive(a.log);
    b.write({ type: 'albumPhotoAdded', albumId: 'x', photoId: 'p' });
    a.write({ type: 'albumPhotoRemoved', albumId: 'x', photoId: 'p', removedTags: [seen.id] });
    expect(albumMembers(applyOperations([...a.log, ...b.log]), 'x')).toEqual(['p']);
    expect(albumMembers(applyOperations(a.log), 'x')).toEqual([]);
  });

  it('lets a delete win over a later favourite, trash or edit', () => {
    const [a, b] = [device('a'), device('b')];
    a.write({ type: 'photoAdded', photoId: 'p', contentHash: HASH(1), info: {} });
    b.receive(a.log);
    a.write({ type: 'photoDeleted', photoId: 'p' });
    wall.now += 10_000;
    b.write({ type: 'favouriteSet', photoId: 'p', favourite: true });
    b.write({ type: 'restored', photoId: 'p' });
    const state = applyOperations([...b.log, ...a.log]);
    expect(isPhotoVisible(state.photos.get('p'))).toBe(false);
    expect(state.photosByContentHash.has(HASH(1))).toBe(false);
  });

  it('keeps the earliest photo of a content hash; a re-import after a delete is new', () => {
    const a = device('a');
    a.write({ type: 'photoAdded', photoId: 'first', contentHash: HASH(5), info: {} });
    a.write({ type: 'photoAdded', photoId: 'copy', contentHash: HASH(5), info: {} });
    const state = applyOperations([...a.log].reverse());
    expect(state.photosByContentHash.get(HASH(5))).toBe('first');
    expect(state.photos.get('copy')?.duplicateOf).toBe('first');
    a.write({ type: 'photoDeleted', photoId: 'first' });
    fold(state, a.log.slice(-1));
    expect(resolvePhotoId(state, 'copy')).toBe(null); // the copy goes with the original
    a.write({ type: 'photoAdded', photoId: 'again', contentHash: HASH(5), info: {} });
    fold(state, a.log.slice(-1));
    expect(state.photosByContentHash.get(HASH(5))).toBe('again');
  });

  it('applies operations on unknown photos once the photo appears', () => {
    const [a, b] = [device('a'), device('b')];
    const added = a.write({ type: 'photoAdded', photoId: 'p', contentHash: HASH(2), info: {} });
    b.receive(a.log);
    b.write({ type: 'albumCreated', albumId: 'x', name: 'X' });
    b.write({ type: 'favouriteSet', photoId: 'p', favourite: true });
    b.write({ type: 'trashed', photoId: 'p' });
    b.write({ type: 'albumPhotoAdded', albumId: 'x', photoId: 'p' });
    const state = applyOperations(b.log);
    expect(isPhotoVisible(state.photos.get('p'))).toBe(false);
    expect(albumMembers(state, 'x')).toEqual([]);
    fold(state, [added]);
    const photo = state.photos.get('p');
    expect(isPhotoVisible(photo) && photo.favourite?.value).toBe(true);
    expect(photo && trashedAt(photo)).toEqual(b.log[2]?.at);
    expect(albumMembers(state, 'x')).toEqual(['p']);
  });

  it('keeps a deleted album deleted whatever renames follow', () => {
    const a = device('a');
    a.write({ type: 'albumCreated', albumId: 'x', name: 'X' });
    a.write({ type: 'albumDeleted', albumId: 'x' });
    a.write({ type: 'albumRenamed', albumId: 'x', name: 'Y' });
    expect(isAlbumVisible(applyOperations(a.log).albums.get('x'))).toBe(false);
  });
});

describe('parseOperation', () => {
  const valid = {
    type: 'favouriteSet',
    id: 'ab'.repeat(16),
    at: { wallMs: 1000, counter: 0, deviceId: 'a' },
    deviceId: 'a',
    photoId: 'p1',
    favourite: true,
  };

  it('accepts a valid operation and drops unknown fields', () => {
    const op = parseOperation({ ...valid, extra: 1 });
    expect(op).toEqual(valid);
    expect(Object.isFrozen(op)).toBe(true);
  });

  it.each([
    ['not an object', 'x'],
    ['an array', [valid]],
    ['an unknown type', { ...valid, type: 'photoEaten' }],
    ['a missing field', { ...valid, favourite: undefined }],
    ['an absent field', Object.fromEntries(Object.entries(valid).filter(([k]) => k !== 'photoId'))],
    ['a wrong type', { ...valid, favourite: 'yes' }],
    ['a short id', { ...valid, id: 'abc' }],
    ['a bad HLC', { ...valid, at: { wallMs: -5, counter: 0, deviceId: 'a' } }],
    ['an HLC string', { ...valid, at: '0000000003e8-0000-a' }],
    ['a device mismatch', { ...valid, deviceId: 'b' }],
    ['a bad photo id', { ...valid, photoId: '../x' }],
    ['bad removed tags', { ...valid, type: 'albumPhotoRemoved', albumId: 'x', removedTags: [1] }],
    ['non-JSON info', { ...valid, type: 'photoAdded', contentHash: HASH(1), info: new Date() }],
    ['a NaN value', { ...valid, type: 'photoInfoEdited', field: 'f', value: NaN }],
    ['a __proto__ field', { ...valid, type: 'photoInfoEdited', field: '__proto__', value: 1 }],
  ])('rejects %s', (_, value) => {
    expect(() => parseOperation(value)).toThrow(/invalid operation/);
  });
});
