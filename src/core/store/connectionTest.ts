/**
 * "Test connection": runs each request the app needs, on scratch keys, and says which work.
 * When one fails, the error's kind comes from the client's probes (diagnose.ts); when CORS
 * is the problem, the report carries the rule to paste and where to paste it.
 */
import { corsB2Json, corsCliJson, corsJson, corsRuleFor, corsXml, type CorsRule } from './cors';
import { StoreError, type StoreErrorKind } from './errors';
import { storePresets, type StorePresetId } from './presets';
import type { RetryPolicy } from './retry';
import type { S3Location } from './s3';
import { StoreClient } from './storeClient';

export type ConnectionStepId =
  'put' | 'putAgain' | 'get' | 'head' | 'list' | 'multipart' | 'delete';

export interface ConnectionStep {
  id: ConnectionStepId;
  label: string;
  status: 'ok' | 'failed' | 'skipped';
  error?: { kind: StoreErrorKind; message: string; code?: string };
  ms: number;
}

export interface CorsHelp {
  rule: CorsRule;
  /** AWS console and R2 dashboard. */
  json: string;
  /** `aws s3api put-bucket-cors` (Ceph, Garage, Wasabi, B2, AWS). */
  cliJson: string;
  /** Backblaze's `b2 bucket update --cors-rules`. */
  b2Json: string;
  /** PutBucketCors body. */
  xml: string;
  /** One line per preset: where the setting lives. */
  howTo: Record<StorePresetId, string>;
}

export interface ConnectionReport {
  ok: boolean;
  steps: ConnectionStep[];
  /** The first failure, explained. */
  problem?: {
    kind: StoreErrorKind;
    message: string;
    alsoPossible: StoreErrorKind[];
    clockSkewMs?: number;
  };
  /** Present when the problem is (or may be) CORS. */
  cors?: CorsHelp;
}

export interface ConnectionTestOptions {
  /** The page's origin, for the CORS rule (e.g. location.origin). */
  origin: string;
  fetch?: typeof fetch;
  now?: () => Date;
  /** Where the scratch keys go, e.g. the library's prefix (default: the bucket's root). */
  prefix?: string;
  signal?: AbortSignal;
  /** Retries per request; few by default, so a broken store answers in seconds. */
  retry?: Partial<RetryPolicy>;
}

const labels: Record<ConnectionStepId, string> = {
  put: 'Write a new object (PUT with If-None-Match: *)',
  putAgain: 'Refuse to overwrite it (second PUT answers 412)',
  get: 'Read it back (GET)',
  head: 'Read its size and ETag (HEAD)',
  list: 'List the folder (ListObjectsV2)',
  multipart: 'Upload in parts (multipart create, part, complete)',
  delete: 'Delete (DELETE)',
};

export function corsHelp(origin: string): CorsHelp {
  const rule = corsRuleFor(origin);
  const howTo = Object.fromEntries(storePresets.map((p) => [p.id, p.corsHowTo])) as Record<
    StorePresetId,
    string
  >;
  return {
    rule,
    json: corsJson(rule),
    cliJson: corsCliJson(rule),
    b2Json: corsB2Json(rule),
    xml: corsXml(rule),
    howTo,
  };
}

export async function testConnection(
  location: S3Location,
  options: ConnectionTestOptions,
): Promise<ConnectionReport> {
  const client = new StoreClient(location, {
    fetch: options.fetch,
    now: options.now,
    retry: { retries: 1, baseDelayMs: 200, ...options.retry },
  });
  const { signal } = options;
  const scratch = `${options.prefix ?? ''}.pinhole-test/${randomName()}`;
  const single = `${scratch}/single`;
  const parts = `${scratch}/multipart`;
  const content = new Blob([`Pinhole connection test ${new Date().toISOString()}`]);

  const checks: [ConnectionStepId, () => Promise<void>][] = [
    [
      'put',
      async () => {
        const result = await client.putObject(single, content, { ifNoneMatch: true, signal });
        expect(result, 'created', 'the new key already existed');
      },
    ],
    [
      'putAgain',
      async () => {
        const result = await client.putObject(single, content, { ifNoneMatch: true, signal });
        expect(result, 'exists', 'the store ignored If-None-Match: * and overwrote the object');
      },
    ],
    [
      'get',
      async () => {
        const back = await client.getObject(single, { signal });
        expect(back && (await back.text()), await content.text(), 'GET returned other bytes');
      },
    ],
    [
      'head',
      async () => {
        const head = await client.headObject(single, { signal });
        expect(head?.size, content.size, 'HEAD reported another size');
        if (!head?.etag)
          throw new StoreError(
            'cors',
            'The store answered, but this page cannot read the ETag header: the CORS rule must expose ETag.',
          );
      },
    ],
    [
      'list',
      async () => {
        const listed = await client.listAll(`${scratch}/`, { signal });
        expect(
          listed.some((o) => o.key === single),
          true,
          'the new object is missing from the listing',
        );
      },
    ],
    [
      'multipart',
      async () => {
        const id = await client.createMultipartUpload(parts, { signal });
        try {
          const part = await client.uploadPart(parts, id, 1, content, { signal });
          await client.completeMultipartUpload(parts, id, [part], { signal });
        } catch (error) {
          await client.abortMultipartUpload(parts, id).catch(() => undefined);
          throw error;
        }
        expect(
          (await client.headObject(parts, { signal }))?.size,
          content.size,
          'the joined object has another size',
        );
      },
    ],
    [
      'delete',
      async () => {
        await client.deleteObject(single, { signal });
        await client.deleteObject(parts, { signal });
        expect(
          await client.headObject(single, { signal }),
          null,
          'the object is still there after DELETE',
        );
      },
    ],
  ];

  const steps: ConnectionStep[] = [];
  let failure: StoreError | undefined;
  for (const [id, check] of checks) {
    if (failure) {
      steps.push({ id, label: labels[id], status: 'skipped', ms: 0 });
      continue;
    }
    const started = Date.now();
    try {
      await check();
      steps.push({ id, label: labels[id], status: 'ok', ms: Date.now() - started });
    } catch (error) {
      signal?.throwIfAborted();
      failure = await explain(error, client, id);
      const { kind, message, code } = failure;
      steps.push({
        id,
        label: labels[id],
        status: 'failed',
        error: { kind, message, code },
        ms: Date.now() - started,
      });
    }
  }
  if (failure && steps.some((s) => s.id === 'put' && s.status === 'ok')) {
    // Best effort: leave no scratch objects behind.
    await client.deleteObject(single).catch(() => undefined);
    await client.deleteObject(parts).catch(() => undefined);
  }
  if (!failure) return { ok: true, steps };
  const problem = {
    kind: failure.kind,
    message: failure.message,
    alsoPossible: failure.alsoPossible,
    clockSkewMs: failure.clockSkewMs,
  };
  const corsLikely = failure.kind === 'cors' || failure.alsoPossible.includes('cors');
  return { ok: false, steps, problem, ...(corsLikely ? { cors: corsHelp(options.origin) } : {}) };
}

/**
 * A request that kept failing as a network error while the probes (plain GETs) pass was
 * stopped by the browser itself: the CORS rule lets this page read but not make this kind of
 * request (a method, or the If-None-Match header, missing from the rule).
 */
async function explain(
  error: unknown,
  client: StoreClient,
  step: ConnectionStepId,
): Promise<StoreError> {
  if (!(error instanceof StoreError)) {
    return new StoreError(
      'rejected',
      `Unexpected failure: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  if (error.kind !== 'network') return error;
  const diagnosis = await client.diagnose().catch(() => undefined);
  if (diagnosis?.kind !== 'ok') return error;
  return new StoreError(
    'cors',
    `The store answers this page, but the browser blocked "${labels[step]}": the bucket's CORS rule must allow GET, PUT, HEAD, DELETE and POST with any header (If-None-Match in particular).`,
    { cause: error, operation: step },
  );
}

function expect<T>(actual: T, wanted: T, problem: string): void {
  if (actual !== wanted) throw new StoreError('rejected', `Unexpected answer: ${problem}.`);
}

function randomName(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
