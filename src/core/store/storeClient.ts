/**
 * The store client: every S3 request Pinhole makes, each through a freshly presigned URL with a
 * short expiry, retried with backoff when the store or the network may recover, and failing
 * with a StoreError whose `kind` says what a person can do about it.
 */
import { diagnose, type Diagnosis } from './diagnose';
import {
  classifyResponse,
  parseErrorBody,
  StoreError,
  storeErrorMessage,
  type StoreErrorKind,
} from './errors';
import {
  completeMultipartXml,
  parseCompleteMultipartUpload,
  parseInitiateMultipartUpload,
  parseListObjectsV2,
  parsePartsPage,
  parseUploadsPage,
  type MultipartUploadInfo,
  type ObjectInfo,
  type UploadedPart,
} from './responses';
import {
  abortReason,
  backoffDelay,
  defaultRetryPolicy,
  isAbortError,
  retryAfterMs,
  type RetryPolicy,
} from './retry';
import { presignRequest, type PresignMethod, type S3Location } from './s3';
import { uploadLarge, type UploadLargeOptions } from './multipart';

export interface StoreClientOptions {
  /** Injectable for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** This device's clock, used to sign; injectable for tests. */
  now?: () => Date;
  /** Lifetime of each presigned URL (default 5 minutes: each is used at once). */
  presignSeconds?: number;
  retry?: Partial<RetryPolicy>;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface PutOptions extends RequestOptions {
  /** Create only: if the key exists, write nothing and return 'exists'. */
  ifNoneMatch?: boolean;
}

export type PutResult = 'created' | 'exists';

interface RequestSpec {
  method: PresignMethod;
  key?: string;
  query?: Record<string, string>;
  /** Sent and signed. */
  headers?: Record<string, string>;
  body?: Blob | string;
  /** Statuses that are answers the caller handles, not errors. */
  accept?: readonly number[];
  signal?: AbortSignal | undefined;
}

interface FailedFetch {
  kind: StoreErrorKind;
  clockSkewMs?: number;
  alsoPossible?: StoreErrorKind[];
  code?: string;
  message?: string;
}

/** A diagnosis is reused this long, so parallel requests failing together probe once. */
const diagnosisTtlMs = 10_000;

export class StoreClient {
  readonly location: S3Location;
  private readonly fetcher: typeof fetch;
  private readonly now: () => Date;
  private readonly presignSeconds: number;
  private readonly retry: RetryPolicy;
  private lastDiagnosis: { at: number; result: Promise<Diagnosis> } | undefined;
  /** Set once any request got a readable answer (so CORS and the endpoint were fine then). */
  private answered = false;
  /** Set once a request succeeded, which proves the bucket exists. */
  private bucketSeen = false;

  constructor(location: S3Location, options: StoreClientOptions = {}) {
    this.location = location;
    // Bound: a detached `fetch` throws "Illegal invocation" in browsers.
    this.fetcher = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.now = options.now ?? (() => new Date());
    this.presignSeconds = options.presignSeconds ?? 300;
    this.retry = { ...defaultRetryPolicy, ...options.retry };
  }

  /** PutObject. With `ifNoneMatch`, a 412 (someone already wrote the key) gives 'exists'. */
  async putObject(key: string, body: Blob, options: PutOptions = {}): Promise<PutResult> {
    const response = await this.send({
      method: 'PUT',
      key,
      body,
      headers: options.ifNoneMatch ? { 'If-None-Match': '*' } : undefined,
      accept: options.ifNoneMatch ? [412] : [],
      signal: options.signal,
    });
    await discard(response);
    return response.status === 412 ? 'exists' : 'created';
  }

  /** GetObject; null when the key does not exist. */
  async getObject(key: string, options: RequestOptions = {}): Promise<Blob | null> {
    const response = await this.send({ method: 'GET', key, accept: [404], signal: options.signal });
    if (response.status === 404) {
      await this.throwIfNoBucket(response, `GET ${key}`);
      return null;
    }
    return response.blob();
  }

  /** HeadObject; null when the key does not exist. */
  async headObject(
    key: string,
    options: RequestOptions = {},
  ): Promise<{ size: number; etag: string } | null> {
    const response = await this.send({
      method: 'HEAD',
      key,
      accept: [404],
      signal: options.signal,
    });
    await discard(response);
    if (response.status === 404) {
      // A HEAD 404 has no body to say whether the key or the bucket is missing: until a
      // request has succeeded, ask a probe once.
      if (!this.bucketSeen && (await this.diagnose(options)).kind === 'noBucket') {
        throw this.error('noBucket', {
          operation: `HEAD ${key}`,
          status: 404,
          code: 'NoSuchBucket',
        });
      }
      return null;
    }
    return {
      size: Number(response.headers.get('Content-Length') ?? NaN),
      etag: response.headers.get('ETag') ?? '',
    };
  }

  /** DeleteObject; deleting a missing key is not an error. */
  async deleteObject(key: string, options: RequestOptions = {}): Promise<void> {
    const response = await this.send({
      method: 'DELETE',
      key,
      accept: [404],
      signal: options.signal,
    });
    if (response.status === 404) await this.throwIfNoBucket(response, `DELETE ${key}`);
    else await discard(response);
  }

  /** ListObjectsV2 under `prefix`, page by page, following continuation tokens. */
  async *listObjects(
    prefix: string,
    options: RequestOptions & { pageSize?: number } = {},
  ): AsyncGenerator<ObjectInfo[], void, undefined> {
    let token: string | undefined;
    do {
      const query: Record<string, string> = { 'list-type': '2', prefix };
      if (options.pageSize !== undefined) query['max-keys'] = String(options.pageSize);
      if (token !== undefined) query['continuation-token'] = token;
      const response = await this.send({ method: 'GET', query, signal: options.signal });
      const page = parseListObjectsV2(await response.text());
      token = page.nextContinuationToken;
      yield page.objects;
    } while (token !== undefined);
  }

  /** Every object under `prefix` (the whole listing in memory). */
  async listAll(
    prefix: string,
    options: RequestOptions & { pageSize?: number } = {},
  ): Promise<ObjectInfo[]> {
    const all: ObjectInfo[] = [];
    for await (const page of this.listObjects(prefix, options)) all.push(...page);
    return all;
  }

  /** CreateMultipartUpload: the upload id to persist for a resume. */
  async createMultipartUpload(key: string, options: RequestOptions = {}): Promise<string> {
    const response = await this.send({
      method: 'POST',
      key,
      query: { uploads: '' },
      signal: options.signal,
    });
    return parseInitiateMultipartUpload(await response.text());
  }

  /** UploadPart: the part's ETag, which CompleteMultipartUpload needs. */
  async uploadPart(
    key: string,
    uploadId: string,
    partNumber: number,
    body: Blob,
    options: RequestOptions = {},
  ): Promise<UploadedPart> {
    const response = await this.send({
      method: 'PUT',
      key,
      query: { partNumber: String(partNumber), uploadId },
      body,
      signal: options.signal,
    });
    await discard(response);
    const etag = response.headers.get('ETag');
    if (!etag) {
      throw new StoreError(
        'cors',
        `${this.where()} does not let this page read the ETag header: its CORS rule must expose ETag.`,
        { operation: `UploadPart ${key}` },
      );
    }
    return { partNumber, etag, size: body.size };
  }

  /** ListParts: every part the store holds for this upload (all pages). */
  async listParts(
    key: string,
    uploadId: string,
    options: RequestOptions = {},
  ): Promise<UploadedPart[]> {
    const parts: UploadedPart[] = [];
    let marker: string | undefined;
    do {
      const query: Record<string, string> = { uploadId };
      if (marker !== undefined) query['part-number-marker'] = marker;
      const response = await this.send({ method: 'GET', key, query, signal: options.signal });
      const page = parsePartsPage(await response.text());
      parts.push(...page.parts);
      marker = page.nextPartNumberMarker;
    } while (marker !== undefined);
    return parts;
  }

  /**
   * CompleteMultipartUpload. With `ifNoneMatch` the header is sent (AWS answers 412 when the
   * key exists), but Ceph radosgw 16 ignores it here: it replaced an existing object with 200
   * when we tried. uploadLarge therefore also checks with HEAD first.
   */
  async completeMultipartUpload(
    key: string,
    uploadId: string,
    parts: readonly UploadedPart[],
    options: PutOptions = {},
  ): Promise<PutResult> {
    const response = await this.send({
      method: 'POST',
      key,
      query: { uploadId },
      body: completeMultipartXml(parts),
      headers: options.ifNoneMatch ? { 'If-None-Match': '*' } : undefined,
      accept: options.ifNoneMatch ? [412] : [],
      signal: options.signal,
    });
    if (response.status === 412) {
      await discard(response);
      return 'exists';
    }
    const result = parseCompleteMultipartUpload(await response.text());
    if ('error' in result) {
      const { code, message } = result.error;
      const kind = classifyResponse({ status: 500, code, message, now: this.now() });
      throw this.error(kind, { operation: `CompleteMultipartUpload ${key}`, code, message });
    }
    return 'created';
  }

  /** AbortMultipartUpload; an upload already gone is not an error. */
  async abortMultipartUpload(
    key: string,
    uploadId: string,
    options: RequestOptions = {},
  ): Promise<void> {
    const response = await this.send({
      method: 'DELETE',
      key,
      query: { uploadId },
      accept: [404],
      signal: options.signal,
    });
    await discard(response);
  }

  /** ListMultipartUploads under `prefix`: uploads begun and never completed nor aborted. */
  async listMultipartUploads(
    prefix: string,
    options: RequestOptions = {},
  ): Promise<MultipartUploadInfo[]> {
    const uploads: MultipartUploadInfo[] = [];
    let markers: Record<string, string> = {};
    for (;;) {
      const query = { uploads: '', prefix, ...markers };
      const response = await this.send({ method: 'GET', query, signal: options.signal });
      const page = parseUploadsPage(await response.text());
      uploads.push(...page.uploads);
      if (page.nextKeyMarker === undefined) return uploads;
      markers = { 'key-marker': page.nextKeyMarker };
      if (page.nextUploadIdMarker) markers['upload-id-marker'] = page.nextUploadIdMarker;
    }
  }

  /** A large Blob in parts, in parallel, resumable: see multipart.ts. */
  uploadLarge(key: string, body: Blob, options: UploadLargeOptions = {}): Promise<PutResult> {
    return uploadLarge(this, key, body, options);
  }

  /** Why requests fail from here, by probing (see diagnose.ts); cached for a few seconds. */
  diagnose(options: RequestOptions = {}): Promise<Diagnosis> {
    const at = Date.now();
    if (this.lastDiagnosis && at - this.lastDiagnosis.at < diagnosisTtlMs) {
      return this.lastDiagnosis.result;
    }
    const result = diagnose(this.location, {
      fetch: this.fetcher,
      now: this.now,
      signal: options.signal,
    });
    this.lastDiagnosis = { at, result };
    // A failed or aborted probe must not be served to the next caller.
    result.catch(() => (this.lastDiagnosis = undefined));
    return result;
  }

  /** One request, presigned afresh for each attempt, retried as RetryPolicy says. */
  private async send(spec: RequestSpec): Promise<Response> {
    const operation = `${spec.method} ${spec.key ?? this.location.bucket}`;
    for (let attempt = 0; ; attempt++) {
      if (spec.signal?.aborted) throw abortReason(spec.signal);
      const signedAt = this.now();
      const url = await presignRequest(this.location, {
        method: spec.method,
        key: spec.key,
        query: spec.query,
        headers: spec.headers,
        expiresSeconds: this.presignSeconds,
        now: signedAt,
      });
      const startedAt = this.now();
      let response: Response;
      try {
        response = await this.fetcher(url, {
          method: spec.method,
          headers: spec.headers,
          body: spec.body,
          signal: spec.signal,
        });
      } catch (error) {
        if (spec.signal?.aborted || isAbortError(error)) throw error;
        const failure = await this.failedFetch(signedAt, startedAt, spec.signal);
        // Worth another try: a broken connection, an expired URL, or a failure the probes
        // could not tell from one (an isolated page cannot see whether the store answers).
        const transient =
          failure.kind === 'network' ||
          failure.kind === 'expired' ||
          failure.alsoPossible?.includes('network') === true;
        if (transient) {
          if (attempt < this.retry.retries) {
            await this.retry.sleep(backoffDelay(this.retry, attempt), spec.signal);
            continue;
          }
        }
        throw this.error(failure.kind, { operation, cause: error, ...failure });
      }
      if (response.ok || spec.accept?.includes(response.status)) {
        this.answered = true;
        if (response.ok) this.bucketSeen = true;
        return response;
      }
      // 409 on a conditional write: another write of the same key was in flight (AWS's
      // ConditionalRequestConflict); the retry then answers 412 (it exists) or succeeds.
      const conflict = response.status === 409 && spec.accept?.includes(412) === true;
      const transient = response.status >= 500 || response.status === 429 || conflict;
      if (transient && attempt < this.retry.retries) {
        const floor = retryAfterMs(response.headers.get('Retry-After'), this.now());
        await discard(response);
        await this.retry.sleep(backoffDelay(this.retry, attempt, floor), spec.signal);
        continue;
      }
      throw await this.errorFrom(response, operation, signedAt);
    }
  }

  /**
   * A fetch that rejects is a broken connection, a URL that expired on the way (a request
   * queued behind others), or an answer CORS hides from the page: the probes tell which.
   */
  private async failedFetch(
    signedAt: Date,
    startedAt: Date,
    signal: AbortSignal | undefined,
  ): Promise<FailedFetch> {
    const lifetime = this.presignSeconds * 1000;
    if (startedAt.getTime() - signedAt.getTime() >= lifetime) return { kind: 'expired' };
    const { kind, clockSkewMs, alsoPossible, code, storeMessage } = await this.diagnose({ signal });
    if (kind === 'cors' && alsoPossible?.includes('network') && this.answered) {
      // This client has had readable answers, so CORS was fine: the network is the suspect.
      return { kind: 'network', clockSkewMs, alsoPossible: ['cors'] };
    }
    if (kind !== 'ok') return { kind, clockSkewMs, alsoPossible, code, message: storeMessage };
    // Probes pass: the connection broke, or the URL expired while the request was under way.
    const expired = this.now().getTime() - signedAt.getTime() >= lifetime;
    return { kind: expired ? 'expired' : 'network', clockSkewMs };
  }

  private async errorFrom(
    response: Response,
    operation: string,
    signedAt: Date,
  ): Promise<StoreError> {
    const body = response.status === 304 ? '' : await response.text().catch(() => '');
    let { code, message } = parseErrorBody(body);
    if (code === undefined && (response.status === 400 || response.status === 403)) {
      // A HEAD answer has no body to name the error: a GET probe's answer does.
      const probe = await this.diagnose().catch(() => undefined);
      ({ code, storeMessage: message } = probe ?? {});
    }
    const dateValue = response.headers.get('Date');
    const serverDate = dateValue === null ? undefined : new Date(Date.parse(dateValue));
    const kind = classifyResponse({
      status: response.status,
      code,
      message,
      serverDate: serverDate && !Number.isNaN(serverDate.getTime()) ? serverDate : undefined,
      signedAt,
      expiresSeconds: this.presignSeconds,
      now: this.now(),
    });
    return this.error(kind, { operation, status: response.status, code, message });
  }

  private async throwIfNoBucket(response: Response, operation: string): Promise<void> {
    const { code, message } = parseErrorBody(await response.text().catch(() => ''));
    if (code === 'NoSuchBucket')
      throw this.error('noBucket', { operation, status: 404, code, message });
  }

  private error(
    kind: StoreErrorKind,
    details: {
      operation?: string;
      status?: number;
      code?: string;
      message?: string;
      cause?: unknown;
      clockSkewMs?: number;
      alsoPossible?: StoreErrorKind[];
    },
  ): StoreError {
    const where = kind === 'noBucket' ? `"${this.location.bucket}"` : this.where();
    let text = storeErrorMessage(kind, where);
    const others = (details.alsoPossible ?? []).flatMap((other) => alsoPossibleText[other] ?? []);
    if (others.length > 0) text += ` Or ${others.join(', or ')}.`;
    if (details.code) text += ` (${details.code}${details.message ? `: ${details.message}` : ''})`;
    return new StoreError(kind, text, { ...details, storeMessage: details.message });
  }

  private where(): string {
    return `the store at ${new URL(this.location.endpoint).host}`;
  }
}

/** Short clauses for causes a page could not rule out. */
const alsoPossibleText: Partial<Record<StoreErrorKind, string>> = {
  noBucket: 'the bucket does not exist at this endpoint',
  network: 'the endpoint address is wrong or unreachable',
  cors: 'the bucket has no CORS rule for this site',
};

/** Frees a response's connection when its body is not needed. */
async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}
