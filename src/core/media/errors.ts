/** The sentences shown to a person whose file was not imported, one per reason. */
export const UNSUPPORTED_REASONS = {
  empty: 'The file is empty.',
  text: 'This is not a photo or video (it looks like text).',
  unknown: 'This file type is not supported.',
} as const;

export type UnsupportedReason = (typeof UNSUPPORTED_REASONS)[keyof typeof UNSUPPORTED_REASONS];

/**
 * A dropped file that is not a photo or video Pinhole can import, judged by its bytes. `reason`
 * is a plain sentence to show as is; it is also the message, because comlink carries only an
 * error's name and message across to the UI.
 */
export class UnsupportedFileError extends Error {
  override readonly name = 'UnsupportedFileError';
  constructor(readonly reason: UnsupportedReason) {
    super(reason);
  }
}
