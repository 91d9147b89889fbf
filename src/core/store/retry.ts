/** Exponential backoff with full jitter, for requests that may succeed when tried again. */
export interface RetryPolicy {
  /** Retries after the first attempt (so `retries + 1` attempts at most). */
  retries: number;
  /** The ceiling of the first delay; it doubles each retry up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** In [0, 1); injectable for tests. */
  random: () => number;
  /** Resolves after `ms`, rejects with the signal's reason when it aborts; injectable for tests. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const defaultRetryPolicy: RetryPolicy = {
  retries: 5,
  baseDelayMs: 300,
  maxDelayMs: 20_000,
  random: Math.random,
  sleep: abortableSleep,
};

/**
 * The delay before retry number `retry` (0 for the first): uniformly random in
 * [0, min(max, base * 2^retry)) ("full jitter"), so many clients that failed together do not
 * come back together. A store's Retry-After, when readable, is a floor.
 */
export function backoffDelay(policy: RetryPolicy, retry: number, retryAfterMs = 0): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.max(Math.floor(policy.random() * ceiling), Math.min(retryAfterMs, policy.maxDelayMs));
}

/** Retry-After in seconds or as an HTTP date, in milliseconds from `now`; 0 when absent. */
export function retryAfterMs(header: string | null, now: Date): number {
  if (header === null) return 0;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? 0 : Math.max(0, at - now.getTime());
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The signal's reason, which is an AbortError DOMException unless the caller gave another. */
export function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error
    ? reason
    : new DOMException('The operation was aborted.', 'AbortError');
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}
