/**
 * The production build of the app, as users run it, for the suites that measure the app itself
 * (import, gallery).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * `vite build` of the app (vite.config.ts as is, without source maps) into a temp folder, in a
 * child process: this one runs the dev server, which set NODE_ENV=development, and a build in it
 * would take React's development build.
 */
export async function buildApp(sourcemap: boolean): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'pinhole-bench-built-'));
  const started = performance.now();
  const vite = join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  await promisify(execFile)(
    process.execPath,
    [
      vite,
      'build',
      '--outDir',
      outDir,
      '--emptyOutDir',
      '--sourcemap',
      String(sourcemap),
      '--logLevel',
      'warn',
    ],
    { cwd: repoRoot, env: { ...process.env, NODE_ENV: 'production' } },
  );
  // React's development build would show here (its JSX runtime is jsxDEV).
  for (const name of await readdir(join(outDir, 'assets'))) {
    if (!name.endsWith('.js')) continue;
    if ((await readFile(join(outDir, 'assets', name), 'utf8')).includes('jsxDEV')) {
      throw new Error(`${name}: a development build`);
    }
  }
  process.stderr.write(`built the app in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return outDir;
}
