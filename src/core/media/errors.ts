/**
 * A file the import skips, with `reason`: a plain sentence to show as is. The reason is also the
 * message, because comlink carries only an error's name and message across to the UI. The import
 * lists every skipped file with its reason, whichever subclass rejected it.
 */
export abstract class SkippedFileError<Reason extends string = string> extends Error {
  constructor(readonly reason: Reason) {
    super(reason);
  }
}

/** The sentences shown to a person whose file was not imported, one per reason. */
export const UNSUPPORTED_REASONS = {
  empty: 'The file is empty.',
  text: 'This is not a photo or video (it looks like text).',
  unknown: 'This file type is not supported.',
} as const;

export type UnsupportedReason = (typeof UNSUPPORTED_REASONS)[keyof typeof UNSUPPORTED_REASONS];

/** A dropped file that is not a photo or video Pinhole can import, judged by its bytes. */
export class UnsupportedFileError extends SkippedFileError<UnsupportedReason> {
  override readonly name = 'UnsupportedFileError';
}

/** The sentences shown to a person whose photo could not be read, one per reason. */
export const UNDECODABLE_REASONS = {
  damaged: 'The photo is damaged or incomplete and could not be read.',
  video: 'This video could not be played in this browser, so no preview could be made.',
} as const;

export type UndecodableReason = (typeof UNDECODABLE_REASONS)[keyof typeof UNDECODABLE_REASONS];

/** A photo (or video) that cannot be turned into pixels; the reason says why. */
export class UndecodableFileError extends SkippedFileError<UndecodableReason> {
  override readonly name = 'UndecodableFileError';
}

/**
 * The names of the errors above. Across comlink an error arrives as a plain Error with its name
 * and message, so the import recognises a skipped file by name.
 */
export const SKIPPED_FILE_ERROR_NAMES: ReadonlySet<string> = new Set([
  'UnsupportedFileError',
  'UndecodableFileError',
]);
