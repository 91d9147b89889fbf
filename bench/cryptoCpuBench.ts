/**
 * The CPU the crypto path costs, all of Chromium's processes counted (Linux /proc): the app's
 * seal and open of the 64 MiB photo (Blob in, Blob out) and the raw ceiling's encrypt and
 * decrypt of the same size. Chromium reads and builds Blobs on threads other than the caller's,
 * so the wall time alone hides what those cost; on a machine of few cores they compete with the
 * cipher. From the CPU follows the best ratio the machine's cores allow the app's path.
 */
import { availableParallelism } from 'node:os';
import type { Page } from '@playwright/test';
import { callBench } from './callBench.ts';
import { chromiumCpuMs, chromiumThreadCpu, profileProcesses } from './chromiumProcesses.ts';
import type { CryptoOperation } from './cryptoBench.ts';
import { median } from './measure.ts';
import type { Figures } from './page.ts';

/** Runs of each operation per round, and rounds (the operations take turns between rounds). */
const runsPerRound = 5;
const rounds = 2;
/** After a round: Chromium finishes building the last Blob on its own threads. */
const settleMs = 500;

interface Measured {
  wallMs: number[];
  cpuMs: number;
  threadCpu: Map<string, number>;
}

export async function cryptoCpuBench(page: Page, profile: string): Promise<Figures> {
  const operations: CryptoOperation[] = ['rawEncrypt', 'seal', 'rawDecrypt', 'open'];
  const measured = new Map<CryptoOperation, Measured>(
    operations.map((operation) => [operation, { wallMs: [], cpuMs: 0, threadCpu: new Map() }]),
  );
  // Warm-up.
  for (const operation of operations) await callBench(page, 'cryptoRepeat', operation, 1);
  await page.waitForTimeout(settleMs);
  // What Chromium spends with nothing to do (timers, the page), taken out of each count.
  const idleStart = chromiumCpuMs(profileProcesses(profile));
  await page.waitForTimeout(2 * settleMs);
  const idleCpuPerMs = (chromiumCpuMs(profileProcesses(profile)) - idleStart) / (2 * settleMs);

  for (let round = 0; round < rounds; round++) {
    for (const [operation, into] of measured) {
      const processesBefore = profileProcesses(profile);
      const threadsBefore = chromiumThreadCpu(processesBefore);
      const before = chromiumCpuMs(processesBefore);
      const started = performance.now();
      into.wallMs.push(...(await callBench(page, 'cryptoRepeat', operation, runsPerRound)));
      await page.waitForTimeout(settleMs);
      const elapsed = performance.now() - started;
      const processesAfter = profileProcesses(profile);
      into.cpuMs += chromiumCpuMs(processesAfter) - before - idleCpuPerMs * elapsed;
      for (const [thread, seconds] of chromiumThreadCpu(processesAfter)) {
        const used = seconds - (threadsBefore.get(thread) ?? 0);
        into.threadCpu.set(thread, (into.threadCpu.get(thread) ?? 0) + used);
      }
    }
  }

  const runs = runsPerRound * rounds;
  const cpuPerRun = (operation: CryptoOperation) => (measured.get(operation)?.cpuMs ?? NaN) / runs;
  const wall = (operation: CryptoOperation) => median(measured.get(operation)?.wallMs ?? []);
  for (const operation of ['seal', 'open'] as const) {
    // Threads that ended meanwhile (a retired Blob I/O helper) are missing here, not from the
    // total.
    const threads = [...(measured.get(operation)?.threadCpu ?? [])]
      .map(([thread, seconds]) => [thread, (seconds * 1000) / runs] as const)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8);
    for (const [thread, milliseconds] of threads) {
      process.stderr.write(`cpu per ${operation}: ${thread} ${milliseconds.toFixed(0)} ms\n`);
    }
  }
  const cores = availableParallelism();
  // The app's path cannot take less wall time than its CPU spread over every core.
  const bound = (raw: CryptoOperation, app: CryptoOperation) =>
    wall(raw) / (cpuPerRun(app) / cores);
  return {
    'limit.crypto_cores': cores,
    'limit.secretstream_encrypt_cpu_ms': cpuPerRun('rawEncrypt'),
    'limit.secretstream_decrypt_cpu_ms': cpuPerRun('rawDecrypt'),
    'crypto.encrypt_cpu_ms': cpuPerRun('seal'),
    'crypto.decrypt_cpu_ms': cpuPerRun('open'),
    'crypto.encrypt_cpu_bound_ratio': bound('rawEncrypt', 'seal'),
    'crypto.decrypt_cpu_bound_ratio': bound('rawDecrypt', 'open'),
  };
}
