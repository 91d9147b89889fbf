import { transfer } from 'comlink';
import type { PosterMaker } from '../../core/import/coordinator';
import { videoPosterFrame } from '../import/videoPoster';

/** Each poster holds a media player; more than two at once only makes every one slower. */
const AT_ONCE = 2;

/**
 * The page's side of video imports: the crypto worker asks for a video's poster frame (only a
 * <video> element decodes video), at most two at a time, and gets the bitmap transferred back.
 */
export function pagePosterMaker(): PosterMaker {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (video) => {
    if (running >= AT_ONCE) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      const bitmap = await videoPosterFrame(video);
      return transfer(bitmap, [bitmap]);
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
