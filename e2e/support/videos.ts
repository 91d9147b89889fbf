/**
 * Real test videos, made by ffmpeg into a temp folder by the specs that need them: a test pattern
 * encoded per recipe, then stream-copied for rotation and metadata.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ffmpeg } from '../../src/core/testing/ffmpeg.ts';

/** Quadrants red, green / blue, white; black for the first 0.2 s, so frame 0 is not the poster. */
function pattern(width: number, height: number, seconds: number): string {
  const [halfW, halfH] = [width / 2, height / 2];
  return [
    `color=c=white:s=${width}x${height}:r=30:d=${seconds}`,
    `drawbox=x=0:y=0:w=${halfW}:h=${halfH}:color=red:t=fill`,
    `drawbox=x=${halfW}:y=0:w=${halfW}:h=${halfH}:color=lime:t=fill`,
    `drawbox=x=0:y=${halfH}:w=${halfW}:h=${halfH}:color=blue:t=fill`,
    `drawbox=x=0:y=0:w=${width}:h=${height}:color=black:t=fill:enable='lt(t,0.2)'`,
  ].join(',');
}

export type Codec = 'h264' | 'hevc' | 'vp9' | 'av1';

/** How a test video is made. */
export interface VideoRecipe {
  file: string;
  codec: Codec;
  size?: [number, number]; // coded size, 320x240 unless said
  seconds?: number; // 3 unless said
  audio?: boolean; // an AAC or Opus tone too; true unless said
  encode: string[];
  /** A stream-copy pass for rotation and metadata (ffmpeg 5 ignores `rotate` while encoding). */
  remux?: string[];
}

const X264 = ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p'];
const VP9 = ['-c:v', 'libvpx-vp9', '-b:v', '300k', '-deadline', 'realtime', '-cpu-used', '8'];
const AAC = ['-c:a', 'aac'];

export const VIDEO_RECIPES: VideoRecipe[] = [
  // Rotated 90° (portrait), taken 2021-06-01T12:00:00Z at the Eiffel Tower, as an iPhone writes it.
  {
    file: 'h264-rot90.mp4',
    codec: 'h264',
    encode: [...X264, ...AAC],
    remux: [
      ...['-metadata:s:v:0', 'rotate=90', '-metadata', 'creation_time=2021-06-01T12:00:00Z'],
      ...['-metadata', 'com.apple.quicktime.location.ISO6709=+48.8583+002.2945+035.000/'],
      ...['-movflags', 'use_metadata_tags'],
    ],
  },
  {
    file: 'h264.mov',
    codec: 'h264',
    encode: [...X264, ...AAC],
    remux: ['-metadata', 'location=+48.8583+002.2945/', '-metadata', 'make=Apple'],
  },
  // A phone-sized video, long enough that the poster is at 1 s: for the timings.
  {
    file: 'h264-1080p-rot270.mp4',
    codec: 'h264',
    size: [1920, 1080],
    seconds: 12,
    encode: [...X264.slice(0, 2), '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', ...AAC],
    remux: ['-metadata:s:v:0', 'rotate=270'],
  },
  { file: 'vp9.webm', codec: 'vp9', encode: [...VP9, '-c:a', 'libopus'] },
  // The H.264-free MP4: VP9 in MP4 is legal, here with a rotation too.
  {
    file: 'vp9-rot90.mp4',
    codec: 'vp9',
    encode: [...VP9, '-c:a', 'libopus'],
    remux: ['-metadata:s:v:0', 'rotate=90'],
  },
  {
    file: 'av1.mp4',
    codec: 'av1',
    encode: ['-c:v', 'libsvtav1', '-preset', '12', '-pix_fmt', 'yuv420p', ...AAC],
  },
  // What iPhones record by default. With a sound track the browser plays the sound alone.
  {
    file: 'hevc.mov',
    codec: 'hevc',
    encode: ['-c:v', 'libx265', '-tag:v', 'hvc1', '-pix_fmt', 'yuv420p', ...AAC],
  },
  {
    file: 'hevc-silent.mov',
    codec: 'hevc',
    audio: false,
    encode: ['-c:v', 'libx265', '-tag:v', 'hvc1', '-pix_fmt', 'yuv420p'],
  },
];

/** The recipe of VIDEO_RECIPES that makes `file`. */
export function videoRecipe(file: string): VideoRecipe {
  const recipe = VIDEO_RECIPES.find((candidate) => candidate.file === file);
  if (recipe === undefined) throw new Error(`no video recipe makes ${file}`);
  return recipe;
}

/** Makes each recipe's video in `dir`, under the recipe's file name. */
export function makeVideos(dir: string, recipes: VideoRecipe[]): void {
  for (const recipe of recipes) {
    const [width, height] = recipe.size ?? [320, 240];
    const seconds = recipe.seconds ?? 3;
    const inputs = ['-f', 'lavfi', '-i', pattern(width, height, seconds)];
    if (recipe.audio !== false) {
      inputs.push('-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`);
    }
    const encoded = join(dir, recipe.remux ? `encoded-${recipe.file}` : recipe.file);
    ffmpeg([...inputs, ...recipe.encode, encoded]);
    if (recipe.remux) {
      ffmpeg(['-i', encoded, '-c', 'copy', ...recipe.remux, join(dir, recipe.file)]);
      rmSync(encoded);
    }
  }
}
