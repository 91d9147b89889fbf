import { expect, test } from '@playwright/test';
import type { FuzzReply, FuzzRequest } from './support/fuzz.worker.ts';
import { devOrigin } from './support/servers.ts';
import { askTestWorker, startTestWorker, stopTestWorker } from './support/test-worker.ts';

test('10,000 damaged ciphertexts in a browser worker: all rejected by name, the worker lives on', async ({
  page,
}) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(devOrigin);

  await startTestWorker(page, 'fuzz');
  const reply = await askTestWorker<FuzzRequest, FuzzReply>(page, { count: 10_000 });
  const alive = await askTestWorker<FuzzRequest, FuzzReply>(page, 'ping');
  const workerErrors = await stopTestWorker(page);

  expect(workerErrors).toEqual([]);
  expect(alive).toBe('pong');
  if (reply === 'pong') throw new Error('expected fuzz results');
  const failures = reply.failures;
  const total = Object.values(failures).reduce((sum, n) => sum + n, 0);
  expect(total).toBe(10_000);
  const typed = [
    'bad-magic',
    'unsupported-version',
    'bad-header',
    'wrong-kind',
    'wrong-object',
    'chunk-rejected',
    'truncated',
    'trailing-data',
    'bad-length',
  ];
  expect(Object.keys(failures).filter((name) => !typed.includes(name))).toEqual([]);
  expect(pageErrors).toEqual([]);
});
