/**
 * Runs ffmpeg (or ffprobe) for tests that make real videos in a temp folder. Node only: imported
 * by tests, never by production code. ffmpeg is a system dependency (scripts/system-deps.sh).
 */
import { execFileSync } from 'node:child_process';

export function ffmpeg(args: string[], binary: 'ffmpeg' | 'ffprobe' = 'ffmpeg'): Buffer {
  try {
    const quiet = binary === 'ffmpeg' ? ['-hide_banner', '-loglevel', 'error', '-y'] : [];
    return execFileSync(binary, [...quiet, ...args], {
      maxBuffer: 256 << 20,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(
        `${binary} is not installed: the video tests make their videos with it. ` +
          'Run `bash scripts/system-deps.sh` as root (or apt-get install -y ffmpeg).',
        { cause: error },
      );
    }
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`${binary} ${args.join(' ')} failed: ${stderr}`, { cause: error });
  }
}
