/**
 * The shared test photos (see MANIFEST.md in that folder). They live outside the repository and
 * are never copied into it. Node only: imported by tests, never by production code.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DEFAULT_FIXTURES = '../shared/fixtures/photos';

/** The folder named by PINHOLE_FIXTURES (a relative path counts from the repository root). */
export function fixturesDir(): string {
  // || rather than ??: an empty PINHOLE_FIXTURES would otherwise name the repository itself.
  const dir = resolve(REPO_ROOT, process.env.PINHOLE_FIXTURES || DEFAULT_FIXTURES);
  if (!existsSync(dir)) {
    throw new Error(
      `Test photos not found at ${dir}: set PINHOLE_FIXTURES to the folder of shared/fixtures/photos`,
    );
  }
  return dir;
}

/** A test photo's bytes, as a Blob like the one a dropped File gives. */
export async function readFixture(name: string): Promise<Blob> {
  const bytes = await readFile(join(fixturesDir(), name));
  return new Blob([bytes]);
}
