/**
 * The bench page: starts the bench workers and gives bench/run.ts one entry point per suite.
 * Every measurement runs in a worker, as the app's own heavy work does.
 */
import { wrap } from 'comlink';
import type { S3Location } from '../src/core/store/s3';
import type { LimitsApi } from './limits.worker';

const limits = wrap<LimitsApi>(
  new Worker(new URL('./limits.worker.ts', import.meta.url), { type: 'module', name: 'limits' }),
);

export type Figures = Record<string, number>;

export const pinholeBench = {
  secretstreamLimit: (): Promise<Figures> => limits.secretstreamLimit(),
  argon2idLimit: (): Promise<Figures> => limits.argon2idLimit(),
  jpegDecodeLimit: (): Promise<Figures> => limits.jpegDecodeLimit(),
  idbPutBlobLimit: (): Promise<Figures> => limits.idbPutBlobLimit(),
  s3PutLimit: (location: S3Location): Promise<Figures> => limits.s3PutLimit(location),
};

export type PinholeBench = typeof pinholeBench;

declare global {
  interface Window {
    pinholeBench?: PinholeBench;
  }
}

window.pinholeBench = pinholeBench;
