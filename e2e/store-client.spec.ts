import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { AwsClient } from 'aws4fetch';
import { ensureBucket } from '../scripts/s3-bucket.ts';
import type * as ConnectionTestModule from '../src/core/store/connectionTest.ts';
import type * as StoreClientModule from '../src/core/store/storeClient.ts';
import type { S3Location } from '../src/core/store/s3.ts';
import { appOrigin, devOrigin, devPort } from './support/servers.ts';
import { e2eLocationOf, e2eStoreConfig } from './support/store.ts';

/*
 * The store client (src/core/store) run in Chromium on the dev server's origin against the real
 * Ceph radosgw: signatures, expiry, conditional writes, multipart and CORS all as a page meets
 * them. Each run uses its own buckets (named after the dev port), so parallel runs on other
 * ports do not rewrite each other's CORS rules.
 */

const clientBucket = `pinhole-client-${String(devPort)}`;
/** A bucket whose CORS rule names another origin only. */
const noCorsBucket = `pinhole-nocors-${String(devPort)}`;
const storeClientPath = '/src/core/store/storeClient.ts';
const connectionTestPath = '/src/core/store/connectionTest.ts';

let location: S3Location;

test.beforeAll(async () => {
  const store = e2eStoreConfig();
  await ensureBucket(store, clientBucket, [appOrigin, devOrigin]);
  await ensureBucket(store, noCorsBucket, ['https://elsewhere.example']);
  location = e2eLocationOf(clientBucket);
});

test.beforeEach(async ({ page }) => {
  await page.goto(devOrigin);
});

/** Replaces a bucket's CORS configuration with `xml`, as a person following the report would. */
async function putBucketCors(bucket: string, xml: string): Promise<void> {
  const store = e2eStoreConfig();
  const client = new AwsClient({ ...store, service: 's3', retries: 0 });
  const response = await client.fetch(`${store.endpoint}/${bucket}?cors`, {
    method: 'PUT',
    body: xml,
    // PutBucketCors insists on a body checksum.
    headers: { 'Content-MD5': createHash('md5').update(xml, 'utf8').digest('base64') },
  });
  expect(response.status, await response.text()).toBe(200);
}

/** What a StoreError (or any error) thrown in the page looks like to the test. */
interface Failure {
  name: string;
  kind?: string;
  code?: string;
  message: string;
  alsoPossible?: string[];
}

test('put, create-only put, get, head, paged list and delete', async ({ page }) => {
  const prefix = `client/${String(Date.now())}/`;
  const outcome = await page.evaluate(
    async ({ location, prefix, storeClientPath }) => {
      const { StoreClient } = (await import(
        /* @vite-ignore */ storeClientPath
      )) as typeof StoreClientModule;
      const client = new StoreClient(location);
      const bytes = crypto.getRandomValues(new Uint8Array(65_536));
      const key = `${prefix}one`;
      const first = await client.putObject(key, new Blob([bytes]), { ifNoneMatch: true });
      const second = await client.putObject(key, new Blob([new Uint8Array(5)]), {
        ifNoneMatch: true,
      });
      const back = new Uint8Array(await ((await client.getObject(key)) as Blob).arrayBuffer());
      const head = await client.headObject(key);
      const missing = await client.getObject(`${prefix}missing`);
      const missingHead = await client.headObject(`${prefix}missing`);

      for (let i = 0; i < 24; i++)
        await client.putObject(`${prefix}many/${String(i)}`, new Blob(['x']));
      const pages: number[] = [];
      for await (const page of client.listObjects(`${prefix}many/`, { pageSize: 10 })) {
        pages.push(page.length);
      }
      const listed = await client.listAll(prefix, { pageSize: 7 });

      await client.deleteObject(key);
      await client.deleteObject(key); // already gone: fine
      const afterDelete = await client.headObject(key);
      for (const o of listed) await client.deleteObject(o.key);
      return {
        first,
        second,
        same: back.length === bytes.length && back.every((b, i) => b === bytes[i]),
        head,
        missing,
        missingHead,
        pages,
        listedKeys: listed.length,
        afterDelete,
        left: (await client.listAll(prefix)).length,
      };
    },
    { location, prefix, storeClientPath },
  );
  expect(outcome.first).toBe('created');
  expect(outcome.second).toBe('exists');
  expect(outcome.same).toBe(true);
  expect(outcome.head?.size).toBe(65_536);
  expect(outcome.head?.etag).toMatch(/^"[0-9a-f]{32}"$/);
  expect(outcome.missing).toBeNull();
  expect(outcome.missingHead).toBeNull();
  expect(outcome.pages).toEqual([10, 10, 4]);
  expect(outcome.listedKeys).toBe(25);
  expect(outcome.afterDelete).toBeNull();
  expect(outcome.left).toBe(0);
});

/** Installs, in the page, a deterministic 40 MiB Blob maker (the same bytes after a reload). */
async function defineBigBlob(page: Page): Promise<void> {
  await page.evaluate(() => {
    (globalThis as unknown as { bigBlob: () => Blob }).bigBlob = () => {
      const bytes = new Uint8Array(40 * 1024 * 1024);
      let x = 0x9e3779b9;
      for (let i = 0; i < bytes.length; i += 4) {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        new DataView(bytes.buffer).setUint32(i, x >>> 0);
      }
      return new Blob([bytes]);
    };
  });
}

/** SHA-256 of the object as read back, next to that of the Blob, computed in the page. */
async function sameBytes(page: Page, key: string): Promise<boolean> {
  return page.evaluate(
    async ({ location, key, storeClientPath }) => {
      const { StoreClient } = (await import(
        /* @vite-ignore */ storeClientPath
      )) as typeof StoreClientModule;
      const hash = async (blob: Blob) =>
        new Uint8Array(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer())).join();
      const back = await new StoreClient(location).getObject(key);
      const blob = (globalThis as unknown as { bigBlob: () => Blob }).bigBlob();
      return back !== null && (await hash(back)) === (await hash(blob));
    },
    { location, key, storeClientPath },
  );
}

test('a 40 MiB multipart upload, three parts at a time', async ({ page }) => {
  test.setTimeout(120_000);
  await defineBigBlob(page);
  const key = `client/${String(Date.now())}/video`;
  const outcome = await page.evaluate(
    async ({ location, key, storeClientPath }) => {
      const { StoreClient } = (await import(
        /* @vite-ignore */ storeClientPath
      )) as typeof StoreClientModule;
      let inFlight = 0;
      let peak = 0;
      // Counts part uploads under way, to see the parallelism.
      const counting: typeof fetch = async (input, init) => {
        const isPart = (input instanceof Request ? input.url : input.toString()).includes(
          'partNumber=',
        );
        if (isPart) peak = Math.max(peak, ++inFlight);
        try {
          return await fetch(input, init);
        } finally {
          if (isPart) inFlight--;
        }
      };
      const client = new StoreClient(location, { fetch: counting });
      const progress: number[] = [];
      const blob = (globalThis as unknown as { bigBlob: () => Blob }).bigBlob();
      const started = performance.now();
      const result = await client.uploadLarge(key, blob, {
        partSize: 5 * 1024 * 1024,
        parallel: 3,
        ifNoneMatch: true,
        onProgress: ({ sentBytes }) => progress.push(sentBytes),
      });
      const ms = performance.now() - started;
      const head = await client.headObject(key);
      const again = await client.uploadLarge(key, blob, { ifNoneMatch: true });
      return { result, head, peak, progress, ms, again };
    },
    { location, key, storeClientPath },
  );
  expect(outcome.result).toBe('created');
  expect(outcome.head?.size).toBe(40 * 1024 * 1024);
  expect(outcome.head?.etag).toMatch(/-8"$/); // eight parts
  expect(outcome.peak).toBe(3);
  expect(outcome.progress.at(-1)).toBe(40 * 1024 * 1024);
  expect(outcome.again).toBe('exists');
  expect(await sameBytes(page, key)).toBe(true);
  test
    .info()
    .annotations.push({ type: 'upload', description: `${String(Math.round(outcome.ms))} ms` });
});

test('an upload abandoned mid-way resumes after a reload from what ListParts reports', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await defineBigBlob(page);
  const key = `client/${String(Date.now())}/resumed`;
  // First session: stop after three parts, keeping what onUploadId handed out.
  const first = await page.evaluate(
    async ({ location, key, storeClientPath }) => {
      const { StoreClient } = (await import(
        /* @vite-ignore */ storeClientPath
      )) as typeof StoreClientModule;
      const client = new StoreClient(location);
      const stop = new AbortController();
      let parts = 0;
      const error = await client
        .uploadLarge(key, (globalThis as unknown as { bigBlob: () => Blob }).bigBlob(), {
          partSize: 5 * 1024 * 1024,
          parallel: 1,
          signal: stop.signal,
          onUploadId: (resume) => {
            localStorage.setItem('resume', JSON.stringify(resume));
          },
          onPart: () => {
            if (++parts === 3) stop.abort();
          },
        })
        .then(
          () => 'finished',
          (e: unknown) => (e as Error).name,
        );
      return { error, parts };
    },
    { location, key, storeClientPath },
  );
  expect(first).toEqual({ error: 'AbortError', parts: 3 });

  await page.reload();
  await defineBigBlob(page);
  const second = await page.evaluate(
    async ({ location, key, storeClientPath }) => {
      const { StoreClient } = (await import(
        /* @vite-ignore */ storeClientPath
      )) as typeof StoreClientModule;
      const client = new StoreClient(location);
      const resume = JSON.parse(localStorage.getItem('resume') ?? 'null') as {
        uploadId: string;
        partSize: number;
      };
      const held = await client.listParts(key, resume.uploadId);
      const sent: number[] = [];
      const counting: typeof fetch = (input, init) => {
        const part = /partNumber=(\d+)/.exec(
          input instanceof Request ? input.url : input.toString(),
        );
        if (part) sent.push(Number(part[1]));
        return fetch(input, init);
      };
      const result = await new StoreClient(location, { fetch: counting }).uploadLarge(
        key,
        (globalThis as unknown as { bigBlob: () => Blob }).bigBlob(),
        { resume, parallel: 3 },
      );
      const pending = await client.listMultipartUploads(key);
      return {
        held: held.map((p) => p.partNumber),
        sent: sent.sort((a, b) => a - b),
        result,
        pending,
      };
    },
    { location, key, storeClientPath },
  );
  expect(second.held).toEqual([1, 2, 3]);
  expect(second.sent).toEqual([4, 5, 6, 7, 8]);
  expect(second.result).toBe('created');
  expect(second.pending).toEqual([]);
  expect(await sameBytes(page, key)).toBe(true);
});

test('an aborted multipart upload is gone from the store', async ({ page }) => {
  const key = `client/${String(Date.now())}/aborted`;
  const outcome = await page.evaluate(
    async ({ location, key, storeClientPath }) => {
      const { StoreClient } = (await import(
        /* @vite-ignore */ storeClientPath
      )) as typeof StoreClientModule;
      const client = new StoreClient(location);
      const uploadId = await client.createMultipartUpload(key);
      await client.uploadPart(key, uploadId, 1, new Blob([new Uint8Array(5 * 1024 * 1024)]));
      const before = (await client.listMultipartUploads(key)).map((u) => u.uploadId);
      await client.abortMultipartUpload(key, uploadId);
      await client.abortMultipartUpload(key, uploadId); // twice: fine
      const after = await client.listMultipartUploads(key);
      const parts = await client
        .listParts(key, uploadId)
        .catch((e: unknown) => (e as { kind: string }).kind);
      return {
        known: before.includes(uploadId),
        after,
        parts,
        object: await client.headObject(key),
      };
    },
    { location, key, storeClientPath },
  );
  expect(outcome).toEqual({ known: true, after: [], parts: 'notFound', object: null });
});

test('a part upload cut by the network is retried and the upload completes', async ({ page }) => {
  test.setTimeout(120_000);
  await defineBigBlob(page);
  const key = `client/${String(Date.now())}/cut`;
  let cut = 0;
  let part2Requests = 0;
  await page.route(
    (url) => url.pathname.endsWith(key) && url.searchParams.get('partNumber') === '2',
    async (route) => {
      if (route.request().method() !== 'PUT') return route.continue();
      part2Requests++;
      if (cut++ === 0) return route.abort('connectionreset');
      return route.continue();
    },
  );
  const result = await page.evaluate(
    async ({ location, key, storeClientPath }) => {
      const { StoreClient } = (await import(
        /* @vite-ignore */ storeClientPath
      )) as typeof StoreClientModule;
      return new StoreClient(location).uploadLarge(
        key,
        (globalThis as unknown as { bigBlob: () => Blob }).bigBlob(),
        { partSize: 8 * 1024 * 1024 },
      );
    },
    { location, key, storeClientPath },
  );
  expect(result).toBe('created');
  expect(part2Requests).toBe(2);
  expect(await sameBytes(page, key)).toBe(true);
});

/** Runs one getObject in the page with a client built from `overrides`; returns its failure. */
async function failureOf(
  page: Page,
  where: S3Location,
  options: { clockOffsetMs?: number; presignSeconds?: number; delayMs?: number; retries?: number },
  /** Where the modules come from, when the page is not on the dev server. */
  moduleOrigin = '',
): Promise<Failure | 'ok'> {
  return page.evaluate(
    async ({ where, options, modulePath }) => {
      const { StoreClient } = (await import(
        /* @vite-ignore */ modulePath
      )) as typeof StoreClientModule;
      // A request queued behind others: it leaves later than its URL was signed.
      const delayed: typeof fetch = async (input, init) => {
        if (
          options.delayMs &&
          (input instanceof Request ? input.url : input.toString()).includes('/client-expiry')
        ) {
          await new Promise((r) => setTimeout(r, options.delayMs));
        }
        return fetch(input, init);
      };
      const client = new StoreClient(where, {
        fetch: delayed,
        now: () => new Date(Date.now() + (options.clockOffsetMs ?? 0)),
        presignSeconds: options.presignSeconds,
        retry: { retries: options.retries ?? 1, baseDelayMs: 50 },
      });
      try {
        await client.getObject('client-expiry/missing');
        return 'ok' as const;
      } catch (e) {
        const { name, kind, code, message, alsoPossible } = e as Failure;
        return { name, kind, code, message, alsoPossible };
      }
    },
    { where, options, modulePath: moduleOrigin + storeClientPath },
  );
}

test('a wrong secret, a clock an hour behind and an expired URL are told apart in the browser', async ({
  page,
}) => {
  const wrongSecret = await failureOf(page, { ...location, secretAccessKey: 'not-the-secret' }, {});
  expect(wrongSecret).toMatchObject({ name: 'StoreError', kind: 'auth' });

  const wrongKey = await failureOf(page, { ...location, accessKeyId: 'nobody' }, {});
  expect(wrongKey).toMatchObject({ kind: 'auth' });

  const behind = await failureOf(page, location, { clockOffsetMs: -3600_000 });
  expect(behind).toMatchObject({ kind: 'clockSkew' });
  expect((behind as Failure).message).toMatch(/clock/);

  // radosgw accepts URLs dated in the future (measured: an hour ahead works), so only a clock
  // behind the store's is refused there; AWS refuses both.
  expect(await failureOf(page, location, { clockOffsetMs: 3600_000 })).toBe('ok');

  // A URL that waited 2.5 s for a 1 s lifetime: without retries, 'expired' ...
  const expired = await failureOf(page, location, { presignSeconds: 1, delayMs: 2500, retries: 0 });
  expect(expired).toMatchObject({ kind: 'expired' });
});

test('a URL that expired on the way is signed again and the request succeeds', async ({ page }) => {
  // ... and with one retry, a fresh URL that does not wait succeeds (the delay hits only the
  // first attempt of this helper's key).
  const outcome = await page.evaluate(
    async ({ location, storeClientPath }) => {
      const { StoreClient } = (await import(
        /* @vite-ignore */ storeClientPath
      )) as typeof StoreClientModule;
      let first = true;
      const delayed: typeof fetch = async (input, init) => {
        if (first && (input instanceof Request ? input.url : input.toString()).includes('/late')) {
          first = false;
          await new Promise((r) => setTimeout(r, 2500));
        }
        return fetch(input, init);
      };
      const client = new StoreClient(location, {
        fetch: delayed,
        presignSeconds: 1,
        retry: { baseDelayMs: 10 },
      });
      return client.putObject(`late/${String(Date.now())}`, new Blob(['x']));
    },
    { location, storeClientPath },
  );
  expect(outcome).toBe('created');
});

test('a missing bucket: "noBucket" where the answer is readable, "cors or noBucket" in a page', async ({
  page,
}) => {
  const missing = { ...location, bucket: `pinhole-missing-${String(devPort)}` };
  const inPage = await failureOf(page, missing, {});
  // radosgw's 404 NoSuchBucket carries no CORS headers (no bucket, no rule): a page cannot
  // read it, so it cannot tell it from a bucket without a CORS rule, and says both. The dev
  // server's page is cross-origin isolated like the app, with COEP credentialless, so the
  // no-cors probe still learns that the store answers: "unreachable" is ruled out.
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  expect(inPage).toMatchObject({ kind: 'cors', alsoPossible: ['noBucket'] });
  expect((inPage as Failure).message).toMatch(/CORS.*Or the bucket does not exist/);

  // From Node (no CORS in the way) the same client reads the store's NoSuchBucket.
  const { StoreClient } = await import('../src/core/store/storeClient.ts');
  const error = await new StoreClient(missing).getObject('k').catch((e: unknown) => e);
  expect(error).toMatchObject({ name: 'StoreError', kind: 'noBucket', code: 'NoSuchBucket' });

  const { testConnection } = await import('../src/core/store/connectionTest.ts');
  const report = await testConnection(missing, { origin: devOrigin });
  expect(report.problem?.kind).toBe('noBucket');
  expect(report.cors).toBeUndefined();
});

test('in a page without cross-origin isolation, CORS missing and unreachable are told apart', async ({
  page,
}) => {
  // A plain page (no COOP/COEP) on its own origin, importing the modules from the dev server
  // (which allows 127.0.0.1 origins): there a no-cors probe may learn whether the endpoint
  // answers at all, which the isolated app cannot (see diagnose.ts). A real server, because a
  // document from page.route's fulfill fails every no-cors fetch in Chromium.
  const server = createServer((_, response) => {
    response.setHeader('Content-Type', 'text/html');
    response.end('<!doctype html><title>plain</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    await page.goto(`http://127.0.0.1:${String(port)}/`);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    const noCors = await failureOf(page, e2eLocationOf(noCorsBucket), {}, devOrigin);
    expect(noCors).toMatchObject({ kind: 'cors', alsoPossible: ['noBucket'] });
    const unreachable = await failureOf(
      page,
      { ...location, endpoint: 'http://127.0.0.1:9' },
      {},
      devOrigin,
    );
    expect(unreachable).toMatchObject({ kind: 'network', alsoPossible: [] });
    expect((unreachable as Failure).message).toMatch(/Could not reach/);
  } finally {
    server.close();
  }
});

test('in the cross-origin isolated page too (COEP credentialless), unreachable is told from CORS missing', async ({
  page,
}) => {
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  const noCors = await failureOf(page, e2eLocationOf(noCorsBucket), {});
  expect(noCors).toMatchObject({ kind: 'cors', alsoPossible: ['noBucket'] });
  const unreachable = await failureOf(page, { ...location, endpoint: 'http://127.0.0.1:9' }, {});
  expect(unreachable).toMatchObject({ kind: 'network', alsoPossible: [] });
  expect((unreachable as Failure).message).toMatch(/Could not reach/);
});

test('the client says offline when the browser is offline', async ({ page, context }) => {
  // Load the module first: offline, the dev server cannot serve it.
  await page.evaluate(async (path) => {
    await import(/* @vite-ignore */ path);
  }, storeClientPath);
  await context.setOffline(true);
  try {
    expect(await failureOf(page, location, {})).toMatchObject({ kind: 'offline' });
  } finally {
    await context.setOffline(false);
  }
});

test('Test connection passes every step on a bucket set up for this origin', async ({ page }) => {
  const report = await page.evaluate(
    async ({ location, connectionTestPath, origin }) => {
      const { testConnection } = (await import(
        /* @vite-ignore */ connectionTestPath
      )) as typeof ConnectionTestModule;
      return testConnection(location, { origin, prefix: 'client/' });
    },
    { location, connectionTestPath, origin: devOrigin },
  );
  expect(report.steps.map((s) => [s.id, s.status])).toEqual([
    ['put', 'ok'],
    ['putAgain', 'ok'],
    ['get', 'ok'],
    ['head', 'ok'],
    ['list', 'ok'],
    ['multipart', 'ok'],
    ['delete', 'ok'],
  ]);
  expect(report.ok).toBe(true);
});

test('Test connection: no CORS rule for this origin gives "cors" and the rule to paste', async ({
  page,
}) => {
  const report = await page.evaluate(
    async ({ where, connectionTestPath, origin }) => {
      const { testConnection } = (await import(
        /* @vite-ignore */ connectionTestPath
      )) as typeof ConnectionTestModule;
      return testConnection(where, { origin });
    },
    { where: e2eLocationOf(noCorsBucket), connectionTestPath, origin: devOrigin },
  );
  expect(report.ok).toBe(false);
  expect(report.problem?.kind).toBe('cors');
  expect(report.steps[0]).toMatchObject({ id: 'put', status: 'failed' });
  expect(report.steps.slice(1).every((s) => s.status === 'skipped')).toBe(true);
  const rules = JSON.parse(report.cors?.json ?? '[]') as {
    AllowedOrigins: string[];
    ExposeHeaders: string[];
  }[];
  expect(rules[0]?.AllowedOrigins).toEqual([devOrigin]);
  expect(rules[0]?.ExposeHeaders).toContain('ETag');
  expect(report.cors?.xml).toContain(`<AllowedOrigin>${devOrigin}</AllowedOrigin>`);
  expect(report.cors?.howTo.selfHosted).toMatch(/put-bucket-cors/);

  // The XML it gives, sent as it is with PutBucketCors, makes the same test pass.
  const fixed = `pinhole-fixed-${String(devPort)}`;
  await ensureBucket(e2eStoreConfig(), fixed, ['https://elsewhere.example']);
  await putBucketCors(fixed, report.cors?.xml ?? '');
  const after = await page.evaluate(
    async ({ where, connectionTestPath, origin }) => {
      const { testConnection } = (await import(
        /* @vite-ignore */ connectionTestPath
      )) as typeof ConnectionTestModule;
      return testConnection(where, { origin });
    },
    { where: e2eLocationOf(fixed), connectionTestPath, origin: devOrigin },
  );
  expect(after.ok).toBe(true);
});

test('Test connection: a wrong secret is diagnosed as keys, not CORS', async ({ page }) => {
  const report = await page.evaluate(
    async ({ where, connectionTestPath, origin }) => {
      const { testConnection } = (await import(
        /* @vite-ignore */ connectionTestPath
      )) as typeof ConnectionTestModule;
      return testConnection(where, { origin });
    },
    { where: { ...location, secretAccessKey: 'wrong' }, connectionTestPath, origin: devOrigin },
  );
  expect(report.problem?.kind).toBe('auth');
  expect(report.problem?.message).toMatch(/access key or secret/);
  expect(report.cors).toBeUndefined();
});
