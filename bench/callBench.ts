import type { Page } from '@playwright/test';
import type { PinholeBench } from './page.ts';

/** Calls one entry point of the bench page (bench/page.ts) from Node. */
export async function callBench<Name extends keyof PinholeBench>(
  page: Page,
  name: Name,
  ...args: Parameters<PinholeBench[Name]>
): Promise<Awaited<ReturnType<PinholeBench[Name]>>> {
  const result: unknown = await page.evaluate(
    ({ name, args }) => {
      const bench = window.pinholeBench;
      if (!bench) throw new Error('bench page not loaded');
      return (bench[name] as (...args: unknown[]) => Promise<unknown>)(...args);
    },
    { name, args },
  );
  return result as Awaited<ReturnType<PinholeBench[Name]>>;
}
