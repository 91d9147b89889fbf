import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { StoreConfig } from './s3-bucket.ts';

const run = promisify(execFile);
const script = new URL('./radosgw.sh', import.meta.url).pathname;

/**
 * Starts the local Ceph radosgw (scripts/radosgw.sh; idempotent) and returns how to reach it.
 * `startedHere` is false when it was already running, so callers only stop what they started.
 */
export async function startRadosgw(): Promise<{ store: StoreConfig; startedHere: boolean }> {
  const wasRunning = await run('bash', [script, 'status']).then(
    () => true,
    () => false,
  );
  const { stdout } = await run('bash', [script, 'start'], { maxBuffer: 1 << 20 });
  const env = Object.fromEntries(
    stdout
      .split('\n')
      .map((line) => line.trim().split('='))
      .filter((pair): pair is [string, string] => pair.length === 2),
  );
  const required = (name: string): string => {
    const value = env[name];
    if (!value) throw new Error(`scripts/radosgw.sh start did not print ${name}:\n${stdout}`);
    return value;
  };
  return {
    store: {
      endpoint: required('PINHOLE_S3_ENDPOINT'),
      region: required('PINHOLE_S3_REGION'),
      accessKeyId: required('PINHOLE_S3_ACCESS_KEY'),
      secretAccessKey: required('PINHOLE_S3_SECRET_KEY'),
    },
    startedHere: !wasRunning,
  };
}

export async function stopRadosgw(): Promise<void> {
  await run('bash', [script, 'stop']);
}
