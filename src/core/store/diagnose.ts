/**
 * Finding out why a browser request to the store failed with a bare TypeError.
 *
 * A page cannot read an answer that lacks CORS headers, and stores leave them off some answers:
 * on Ceph radosgw 16 a wrong signature, an expired URL and a missing bucket all come back
 * without them, while an anonymous request to an existing bucket with a CORS rule for this
 * origin is refused WITH them (403 AccessDenied, readable). Probing with requests whose
 * answers differ in readability tells the cases apart:
 *
 *   1. a fresh signed GET of a missing key: readable -> keys, clock and CORS are fine
 *      (the failure was the connection, or something about that one request);
 *   2. the same GET unsigned: readable -> CORS is set and the bucket exists, so the signature
 *      was refused: 3. sign again with a window of several days around this device's time:
 *      readable -> the clock is wrong; unreadable -> the keys are;
 *   4. unreadable -> a `no-cors` request, whose answer is opaque but arrives when the endpoint
 *      answers at all: it arrives -> CORS missing for this origin (or the bucket is missing:
 *      its answer has no CORS headers either, so a page cannot tell); it fails -> unreachable.
 *      Under COEP require-corp (not how the app is served) that probe cannot succeed: there
 *      "unreachable" and "CORS missing" stay one answer (see below).
 */
import { clockSkewLimitMs, classifyResponse, parseErrorBody, type StoreErrorKind } from './errors';
import { bucketUrl, objectUrl, presignRequest, type S3Location } from './s3';

export interface Diagnosis {
  /** 'ok': the store answers signed requests from here; the failure was something else. */
  kind: StoreErrorKind | 'ok';
  alsoPossible?: StoreErrorKind[];
  /** This device's clock minus the store's, when a readable answer carried its Date. */
  clockSkewMs?: number;
  code?: string;
  storeMessage?: string;
}

export interface DiagnoseOptions {
  fetch: typeof fetch;
  now: () => Date;
  signal?: AbortSignal;
  /** A key that should not exist; the probes only read it. */
  probeKey?: string;
  /**
   * The Cross-Origin-Embedder-Policy this page or worker runs under, when it is cross-origin
   * isolated (default: read from the headers of its own script; see embedderPolicy).
   */
  embedderPolicy?: () => Promise<string | null>;
}

/** Half the 7-day maximum each side: any clock error below 3.5 days still gets a valid URL. */
const wideWindowSeconds = 7 * 24 * 3600;

export async function diagnose(location: S3Location, options: DiagnoseOptions): Promise<Diagnosis> {
  const { signal } = options;
  if (isOffline()) return { kind: 'offline' };
  const key = options.probeKey ?? `.pinhole-probe/${String(options.now().getTime())}`;

  const signedUrl = await presignRequest(location, {
    method: 'GET',
    key,
    expiresSeconds: 120,
    now: options.now(),
  });
  const signed = await readable(options.fetch, signedUrl, signal);
  if (signed) return fromAnswer(signed, options.now());

  const anonymous = await readable(options.fetch, objectUrl(location, key).href, signal);
  if (anonymous) {
    const { code } = parseErrorBody(await anonymous.text());
    if (code === 'NoSuchBucket') return { kind: 'noBucket', code };
    const wideUrl = await presignRequest(location, {
      method: 'GET',
      key,
      expiresSeconds: wideWindowSeconds,
      now: new Date(options.now().getTime() - (wideWindowSeconds / 2) * 1000),
    });
    const wide = await readable(options.fetch, wideUrl, signal);
    if (!wide) return { kind: 'auth', ...skewOf(anonymous, options.now()) };
    const answer = await fromAnswer(wide, options.now());
    return answer.kind === 'ok' ? { ...answer, kind: 'clockSkew' } : answer;
  }

  // An opaque no-cors answer proves the store is there and CORS is missing. Cross-origin
  // isolated pages get one only under COEP credentialless (as the app is served); under
  // require-corp the browser blocks every opaque answer from a store that sends no
  // Cross-Origin-Resource-Policy, so there "unreachable" and "CORS missing" look alike
  // (measured in Chromium: both are TypeErrors, with alike resource-timing entries).
  if (await reachable(options.fetch, bucketUrl(location).href, signal)) {
    return { kind: 'cors', alsoPossible: ['noBucket'] };
  }
  if (isCrossOriginIsolated()) {
    const policy = await (options.embedderPolicy ?? embedderPolicy)();
    // Under require-corp (a host set up otherwise than docs/deploy.md says), CORS is the likelier
    // cause for an endpoint just typed in, so it comes first.
    if (policy !== 'credentialless') return { kind: 'cors', alsoPossible: ['noBucket', 'network'] };
  }
  return { kind: 'network' };
}

let ownPolicy: Promise<string | null> | undefined;

/**
 * The COEP header this context's own document or worker script was served with (a same-origin
 * answer, so readable): no API gives it otherwise. Asked once; null when it cannot be read.
 */
function embedderPolicy(): Promise<string | null> {
  const own = (globalThis as { location?: { href: string } }).location?.href;
  if (!own) return Promise.resolve(null);
  ownPolicy ??= fetch(own, { method: 'HEAD', cache: 'no-store' }).then(
    (response) => response.headers.get('Cross-Origin-Embedder-Policy'),
    () => {
      ownPolicy = undefined; // offline now: ask again next time
      return null;
    },
  );
  return ownPolicy;
}

function isCrossOriginIsolated(): boolean {
  return (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
}

/** navigator.onLine is false only when the device surely has no network (Node has no navigator). */
export function isOffline(): boolean {
  const nav = (globalThis as { navigator?: { onLine?: boolean } }).navigator;
  return nav?.onLine === false;
}

/** The response, or undefined when fetch failed (network error, or an answer CORS hides). */
async function readable(
  fetcher: typeof fetch,
  url: string,
  signal: AbortSignal | undefined,
): Promise<Response | undefined> {
  try {
    return await fetcher(url, { signal, cache: 'no-store' });
  } catch (error) {
    if (signal?.aborted) throw error;
    return undefined;
  }
}

async function reachable(
  fetcher: typeof fetch,
  url: string,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  try {
    const response = await fetcher(url, { mode: 'no-cors', signal, cache: 'no-store' });
    await response.body?.cancel();
    return true;
  } catch (error) {
    if (signal?.aborted) throw error;
    return false;
  }
}

async function fromAnswer(response: Response, now: Date): Promise<Diagnosis> {
  const skew = skewOf(response, now);
  const body = await response.text();
  if (response.ok || response.status === 404) {
    const { code } = parseErrorBody(body);
    if (code === 'NoSuchBucket') return { kind: 'noBucket', code, ...skew };
    return { kind: 'ok', ...skew };
  }
  const { code, message } = parseErrorBody(body);
  const kind = classifyResponse({
    status: response.status,
    code,
    message,
    serverDate: dateHeader(response),
    now,
  });
  return { kind, code, storeMessage: message, ...skew };
}

function skewOf(response: Response, now: Date): { clockSkewMs?: number } {
  const date = dateHeader(response);
  return date ? { clockSkewMs: now.getTime() - date.getTime() } : {};
}

/** The store's Date header; readable by a page only if the CORS rule exposes it. */
export function dateHeader(response: Response): Date | undefined {
  const value = response.headers.get('Date');
  const time = value === null ? NaN : Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time);
}

/** true when a known skew is past what SigV4 stores accept. */
export function skewTooLarge(diagnosis: Diagnosis): boolean {
  return diagnosis.clockSkewMs !== undefined && Math.abs(diagnosis.clockSkewMs) > clockSkewLimitMs;
}
