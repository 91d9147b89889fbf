import { expect, test } from '@playwright/test';
import type { FuzzReply } from './support/fuzz.worker.ts';
import { devOrigin } from './support/servers.ts';

test('10,000 damaged ciphertexts in a browser worker: all rejected by name, the worker lives on', async ({
  page,
}) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(devOrigin);

  const outcome = await page.evaluate(async () => {
    const worker = new Worker('/e2e/support/fuzz.worker.ts', { type: 'module' });
    const workerErrors: string[] = [];
    worker.addEventListener('error', (event) => workerErrors.push(event.message));
    const ask = (request: unknown) =>
      new Promise<FuzzReply>((resolve) => {
        worker.addEventListener(
          'message',
          (event: MessageEvent<FuzzReply>) => {
            resolve(event.data);
          },
          {
            once: true,
          },
        );
        worker.postMessage(request);
      });
    const reply = await ask({ count: 10_000 });
    const alive = await ask('ping');
    worker.terminate();
    return { reply, alive, workerErrors };
  });

  expect(outcome.workerErrors).toEqual([]);
  expect(outcome.alive).toBe('pong');
  if (outcome.reply === 'pong') throw new Error('expected fuzz results');
  const failures = outcome.reply.failures;
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
