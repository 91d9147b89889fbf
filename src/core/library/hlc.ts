/**
 * Hybrid logical clock (Kulkarni et al., "Logical Physical Clocks", 2014): a timestamp close to
 * wall time that never goes backwards and always moves past every timestamp it has seen, so an
 * edit made after seeing another device's edit sorts after it even when the clocks disagree.
 */

export interface Hlc {
  /** Milliseconds since the Unix epoch: the largest wall time this clock has seen. */
  readonly wallMs: number;
  /** Orders events that share wallMs. */
  readonly counter: number;
  /** Breaks the remaining ties: two devices never share an id. */
  readonly deviceId: string;
}

/** 12 hex digits: wall times up to the year 10889. */
const WALL_DIGITS = 12;
const MAX_WALL_MS = 16 ** WALL_DIGITS - 1;
/** 4 hex digits; on overflow the clock borrows the next millisecond instead. */
const COUNTER_DIGITS = 4;
const MAX_COUNTER = 16 ** COUNTER_DIGITS - 1;
const DEVICE_ID = /^[0-9a-z]{1,64}$/;
const ENCODED = /^([0-9a-f]{12})-([0-9a-f]{4})-([0-9a-z]{1,64})$/;

/**
 * How far ahead of local wall time a remote timestamp may pull this clock. A device whose clock
 * is set to 2099 must not drag every other device's clock there for good (HLC time never comes
 * back down). Past this bound receive() still accepts the operation, which keeps its own
 * timestamp for ordering, but does not adopt its time. The cost: until local time catches up,
 * that far-future operation wins last-writer-wins against local edits made after seeing it.
 */
export const MAX_FORWARD_DRIFT_MS = 24 * 60 * 60 * 1000;

export function isValidDeviceId(value: unknown): value is string {
  return typeof value === 'string' && DEVICE_ID.test(value);
}

export function isHlc(value: unknown): value is Hlc {
  if (typeof value !== 'object' || value === null) return false;
  const { wallMs, counter, deviceId } = value as Record<string, unknown>;
  return (
    Number.isSafeInteger(wallMs) &&
    (wallMs as number) >= 0 &&
    (wallMs as number) <= MAX_WALL_MS &&
    Number.isSafeInteger(counter) &&
    (counter as number) >= 0 &&
    (counter as number) <= MAX_COUNTER &&
    isValidDeviceId(deviceId)
  );
}

/** Total order: wall time, then counter, then device id (code-unit order, as encodeHlc sorts). */
export function compareHlc(a: Hlc, b: Hlc): number {
  if (a.wallMs !== b.wallMs) return a.wallMs < b.wallMs ? -1 : 1;
  if (a.counter !== b.counter) return a.counter < b.counter ? -1 : 1;
  if (a.deviceId === b.deviceId) return 0;
  return a.deviceId < b.deviceId ? -1 : 1;
}

/** Fixed-width hex fields, so the strings sort exactly as compareHlc does. */
export function encodeHlc(hlc: Hlc): string {
  if (!isHlc(hlc)) throw new Error('encodeHlc: not a valid HLC timestamp');
  const wall = hlc.wallMs.toString(16).padStart(WALL_DIGITS, '0');
  const counter = hlc.counter.toString(16).padStart(COUNTER_DIGITS, '0');
  return `${wall}-${counter}-${hlc.deviceId}`;
}

export function decodeHlc(encoded: string): Hlc {
  const match = ENCODED.exec(encoded);
  if (!match) throw new Error('decodeHlc: malformed HLC string');
  const [, wall = '', counter = '', deviceId = ''] = match;
  return { wallMs: parseInt(wall, 16), counter: parseInt(counter, 16), deviceId };
}

export class HybridClock {
  private wallMs = 0;
  private counter = 0;

  constructor(
    readonly deviceId: string,
    private readonly now: () => number = Date.now,
  ) {
    if (!isValidDeviceId(deviceId)) throw new Error('HybridClock: invalid device id');
  }

  /** A timestamp for a local event (an operation this device is about to write). */
  tick(): Hlc {
    const physical = this.physicalNow();
    if (physical > this.wallMs) this.set(physical, 0);
    else this.set(this.wallMs, this.counter + 1);
    return this.current();
  }

  /** Moves past a timestamp read from another device's log; returns the new local time. */
  receive(remote: Hlc): Hlc {
    if (!isHlc(remote)) throw new Error('HybridClock.receive: not a valid HLC timestamp');
    const physical = this.physicalNow();
    if (remote.wallMs > physical + MAX_FORWARD_DRIFT_MS) return this.tick();
    const wall = Math.max(this.wallMs, remote.wallMs, physical);
    let counter = 0;
    if (wall === this.wallMs && wall === remote.wallMs) {
      counter = Math.max(this.counter, remote.counter) + 1;
    } else if (wall === this.wallMs) counter = this.counter + 1;
    else if (wall === remote.wallMs) counter = remote.counter + 1;
    this.set(wall, counter);
    return this.current();
  }

  private current(): Hlc {
    return { wallMs: this.wallMs, counter: this.counter, deviceId: this.deviceId };
  }

  /** Borrows the next millisecond when the counter is full, so the clock stays strictly monotone. */
  private set(wallMs: number, counter: number): void {
    if (counter > MAX_COUNTER) {
      wallMs += 1;
      counter = 0;
    }
    if (wallMs > MAX_WALL_MS) throw new Error('HybridClock: wall time out of range');
    this.wallMs = wallMs;
    this.counter = counter;
  }

  /** A broken now() (NaN, negative) counts as the epoch: the clock then runs on its counter. */
  private physicalNow(): number {
    const value = Math.floor(this.now());
    return Number.isFinite(value) && value > 0 ? Math.min(value, MAX_WALL_MS) : 0;
  }
}
